-- Progress (server): leaderstats per player with Points and Stations (stations completed).
-- QuizStation reports through the BindableEvent ServerStorage.ToolboxProgress.
local Players = game:GetService("Players")
local ServerStorage = game:GetService("ServerStorage")

local progress = ServerStorage:FindFirstChild("ToolboxProgress")
if not progress then
	progress = Instance.new("BindableEvent")
	progress.Name = "ToolboxProgress"
	progress.Parent = ServerStorage
end

local completed = {}

local function addStats(player)
	if player:FindFirstChild("leaderstats") then
		return
	end
	local stats = Instance.new("Folder")
	stats.Name = "leaderstats"
	local points = Instance.new("IntValue")
	points.Name = "Points"
	points.Value = 0
	points.Parent = stats
	local stations = Instance.new("IntValue")
	stations.Name = "Stations"
	stations.Value = 0
	stations.Parent = stats
	stats.Parent = player
	completed[player] = {}
end

Players.PlayerAdded:Connect(addStats)
for _, player in ipairs(Players:GetPlayers()) do
	addStats(player)
end

progress.Event:Connect(function(player, points, stationId)
	local stats = player:FindFirstChild("leaderstats")
	if not stats then
		return
	end
	if type(points) == "number" and points > 0 then
		stats.Points.Value = stats.Points.Value + points
	end
	if stationId then
		completed[player] = completed[player] or {}
		if not completed[player][stationId] then
			completed[player][stationId] = true
			stats.Stations.Value = stats.Stations.Value + 1
		end
	end
end)

Players.PlayerRemoving:Connect(function(player)
	completed[player] = nil
end)
