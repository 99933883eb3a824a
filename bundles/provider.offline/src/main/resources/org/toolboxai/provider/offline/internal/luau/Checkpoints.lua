-- Checkpoints (server): a pad in front of every station; touching it sets the player's
-- RespawnLocation, so a fallen player comes back at the last station reached.
local Players = game:GetService("Players")
local ReplicatedStorage = game:GetService("ReplicatedStorage")

local QuizData = require(ReplicatedStorage:WaitForChild("QuizData"))

local folder = workspace:FindFirstChild("Checkpoints")
if not folder then
	folder = Instance.new("Folder")
	folder.Name = "Checkpoints"
	folder.Parent = workspace
end

-- the arrival spawn, where players start before they reach a checkpoint
local start = workspace:FindFirstChild("LobbySpawn")
if not start then
	start = Instance.new("SpawnLocation")
	start.Name = "LobbySpawn"
	start.Anchored = true
	start.Neutral = true
	start.Duration = 0
	start.Size = Vector3.new(8, 1, 8)
	start.Position = Vector3.new(QuizData.spawn.X, 0.5, QuizData.spawn.Z)
	start.Parent = workspace
end

local function watch(pad)
	pad.Touched:Connect(function(hit)
		local player = Players:GetPlayerFromCharacter(hit.Parent)
		if player and player.RespawnLocation ~= pad then
			player.RespawnLocation = pad
		end
	end)
end

for index, station in ipairs(QuizData.stations) do
	local name = "Checkpoint" .. index
	local pad = folder:FindFirstChild(name)
	if not pad then
		pad = Instance.new("SpawnLocation")
		pad.Name = name
		pad.Anchored = true
		pad.Neutral = true
		pad.Duration = 0
		pad.Size = Vector3.new(6, 1, 6)
		pad.Color = Color3.fromRGB(80, 200, 120)
		pad.Position = Vector3.new(station.position.X, 0.5, station.position.Z + station.size.Z / 2 + 6)
		pad.Parent = folder
	end
	watch(pad)
end

Players.PlayerAdded:Connect(function(player)
	if not player.RespawnLocation then
		player.RespawnLocation = start
	end
end)
