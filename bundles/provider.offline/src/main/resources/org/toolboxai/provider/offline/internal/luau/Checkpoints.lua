-- Checkpoints (server): a pad on the floor in front of every station (on the side that faces the
-- arrival spawn). Stepping on a pad makes it the player's checkpoint: after a fall or a reset the
-- player comes back on that pad, facing its station, instead of at the arrival spawn. The pads are
-- plain parts, so the place keeps one spawn, LobbySpawn. Players already in the game when this
-- script starts are handled like those who join later.
local Players = game:GetService("Players")
local ReplicatedStorage = game:GetService("ReplicatedStorage")

local QuizData = require(ReplicatedStorage:WaitForChild("QuizData"))

local PAD_SIZE = Vector3.new(6, 0.4, 6)
local PAD_GAP = 3
local STAND = Vector3.new(0, 3, 0)

local function getOrCreate(parent, className, name)
	local child = parent:FindFirstChild(name)
	if not child then
		child = Instance.new(className)
		child.Name = name
		child.Parent = parent
	end
	return child
end

local function flat(vector, y)
	return Vector3.new(vector.X, y, vector.Z)
end

-- the arrival spawn: the place and the Rojo project have it; a bare place gets exactly one
local function findSpawn()
	local named = workspace:FindFirstChild("LobbySpawn", true)
	if named and named:IsA("SpawnLocation") then
		return named
	end
	for _, item in ipairs(workspace:GetDescendants()) do
		if item:IsA("SpawnLocation") then
			return item
		end
	end
	return nil
end

if not findSpawn() then
	local spawn = Instance.new("SpawnLocation")
	spawn.Name = "LobbySpawn"
	spawn.Anchored = true
	spawn.Neutral = true
	spawn.Duration = 0
	spawn.Size = Vector3.new(6, 1, 6)
	local at = flat(QuizData.spawn, 0.5)
	local first = QuizData.stations[1]
	if first then
		spawn.CFrame = CFrame.lookAt(at, flat(first.position, 0.5))
	else
		spawn.CFrame = CFrame.new(at)
	end
	spawn.Parent = workspace
end

local folder = getOrCreate(workspace, "Folder", "Checkpoints")
local pads = {}
local reached = {}

local function padPosition(station)
	local towardSpawn = 1
	if QuizData.spawn.Z < station.position.Z then
		towardSpawn = -1
	end
	local offset = station.size.Z / 2 + PAD_GAP + PAD_SIZE.Z / 2
	return Vector3.new(station.position.X, PAD_SIZE.Y / 2, station.position.Z + towardSpawn * offset)
end

for index, station in ipairs(QuizData.stations) do
	local name = "Checkpoint" .. index
	local pad = folder:FindFirstChild(name)
	if not pad then
		pad = Instance.new("Part")
		pad.Name = name
		pad.Anchored = true
		pad.CanCollide = true
		pad.Size = PAD_SIZE
		pad.Material = Enum.Material.Neon
		pad.Color = Color3.fromRGB(80, 200, 120)
		pad.Position = padPosition(station)
		pad.Parent = folder
	end
	pads[pad] = station
	pad.Touched:Connect(function(hit)
		local character = hit and hit.Parent
		local player = character and Players:GetPlayerFromCharacter(character)
		if player then
			reached[player] = pad
		end
	end)
end

-- puts a new character on the player's checkpoint, facing the station
local function placeAtCheckpoint(player, character)
	local pad = reached[player]
	if not pad then
		return
	end
	local root = character:WaitForChild("HumanoidRootPart", 10)
	if not root or character.Parent == nil then
		return
	end
	task.wait()
	local station = pads[pad]
	local at = pad.Position + STAND
	character:PivotTo(CFrame.lookAt(at, flat(station.position, at.Y)))
end

local function watch(player)
	player.CharacterAdded:Connect(function(character)
		placeAtCheckpoint(player, character)
	end)
end

Players.PlayerAdded:Connect(watch)
for _, player in ipairs(Players:GetPlayers()) do
	watch(player)
end

Players.PlayerRemoving:Connect(function(player)
	reached[player] = nil
end)
