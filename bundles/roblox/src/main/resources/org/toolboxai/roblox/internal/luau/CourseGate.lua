-- CourseGate (server): opens a course's lessons in order and moves players between the hub and
-- the lesson areas. Lesson n opens once every question of lesson n-1 is answered; the final
-- assessment once every lesson is. The areas float apart, so the portals are the only way
-- between them, and only this server script moves a player through one.
--
-- Why unlocks survive leaving: nothing about them is stored here. They are worked out from the
-- player's answered questions, which the Progress script keeps in its DataStore (asked through
-- ServerStorage.ToolboxProgressQuery), so a player who comes back finds the same lessons open.
-- A lesson without questions counts as done once the player has been in its area (this session).
--
-- CourseData (ReplicatedStorage) names each lesson's questions, its portals (parts in
-- Workspace.Props) and where a player arrives. Players see their state on the course map board
-- (the CourseMap LocalScript) through the attribute CourseLessonsCompleted, and a refusal through
-- the RemoteEvent ReplicatedStorage.CourseRemotes.CourseMessage.
local Players = game:GetService("Players")
local ReplicatedStorage = game:GetService("ReplicatedStorage")
local ServerStorage = game:GetService("ServerStorage")

local CourseData = require(ReplicatedStorage:WaitForChild("CourseData"))

local TOUCH_COOLDOWN = 1.5

local function getOrCreate(parent, className, name)
	local child = parent:FindFirstChild(name)
	if not child then
		child = Instance.new(className)
		child.Name = name
		child.Parent = parent
	end
	return child
end

local remotes = getOrCreate(ReplicatedStorage, "Folder", "CourseRemotes")
local CourseMessage = getOrCreate(remotes, "RemoteEvent", "CourseMessage")
-- made by Progress as well; whichever script starts first creates them
local progress = getOrCreate(ServerStorage, "BindableEvent", "ToolboxProgress")
local query = getOrCreate(ServerStorage, "BindableFunction", "ToolboxProgressQuery")

local visited = {}
local lastTouch = {}

-- how many lessons, counted from the first, the player has completed; nil while Progress has not loaded them
local function completedCount(player)
	if player:GetAttribute("ToolboxProgressReady") ~= true then
		return nil
	end
	local ok, answered = pcall(function()
		return query:Invoke(player)
	end)
	if not ok or type(answered) ~= "table" then
		return nil
	end
	local done = 0
	for _, lesson in ipairs(CourseData.lessons) do
		local complete = true
		if #lesson.questions == 0 then
			complete = visited[player] ~= nil and visited[player][lesson.number] == true
		else
			for _, id in ipairs(lesson.questions) do
				if answered[id] == nil then
					complete = false
					break
				end
			end
		end
		if not complete then
			break
		end
		done = done + 1
	end
	return done
end

local function refresh(player)
	local done = completedCount(player)
	if done ~= nil and player:GetAttribute("CourseLessonsCompleted") ~= done then
		player:SetAttribute("CourseLessonsCompleted", done)
	end
	return done
end

local function rootOf(player)
	local character = player.Character
	return character and character:FindFirstChild("HumanoidRootPart")
end

local function moveTo(player, position)
	local character = player.Character
	if character and rootOf(player) then
		character:PivotTo(CFrame.new(position))
	end
end

-- lesson n (or the final area when n is #lessons + 1) is open for the player
local function isOpen(player, n)
	if n == 1 then
		return true
	end
	local done = refresh(player)
	return done ~= nil and done >= n - 1
end

local function fromTouch(hit)
	local character = hit and hit.Parent
	local player = character and Players:GetPlayerFromCharacter(character)
	if not player then
		return nil
	end
	local now = time()
	if lastTouch[player] and now - lastTouch[player] < TOUCH_COOLDOWN then
		return nil
	end
	lastTouch[player] = now
	return player
end

local function connect(partName, handler)
	local props = workspace:WaitForChild("Props")
	local part = props:FindFirstChild(partName)
	if not part then
		warn("CourseGate: no part named " .. tostring(partName) .. " in Workspace.Props")
		return
	end
	part.Touched:Connect(function(hit)
		local player = fromTouch(hit)
		if player then
			handler(player)
		end
	end)
end

local areas = {}
for _, lesson in ipairs(CourseData.lessons) do
	table.insert(areas, lesson)
end
table.insert(areas, CourseData.final)

for index, area in ipairs(areas) do
	connect(area.portal, function(player)
		if player:GetAttribute("ToolboxProgressReady") ~= true then
			CourseMessage:FireClient(player, "Your progress is still loading; try the portal again in a moment.")
			return
		end
		if not isOpen(player, index) then
			local before = areas[index - 1]
			CourseMessage:FireClient(player, "Finish " .. before.title .. " first: answer every question in it.")
			return
		end
		if area.number then
			visited[player] = visited[player] or {}
			visited[player][area.number] = true
		end
		moveTo(player, area.arrival)
		refresh(player)
	end)
	connect(area.back, function(player)
		moveTo(player, area.hubArrival)
		refresh(player)
	end)
end

progress.Event:Connect(function(player)
	-- after Progress has recorded the answer: its handler may run after this one
	task.defer(refresh, player)
end)

local function watch(player)
	player:GetAttributeChangedSignal("ToolboxProgressReady"):Connect(function()
		refresh(player)
	end)
	refresh(player)
end

Players.PlayerAdded:Connect(watch)
for _, player in ipairs(Players:GetPlayers()) do
	watch(player)
end

-- the portals are the way in, but a client moves its own character: a player found in an area
-- that is not open for them (a teleport exploit, a glitch) is sent back to the hub, once a second
local function insideArea(position, area)
	local half = area.size / 2
	return math.abs(position.X - area.center.X) < half and math.abs(position.Z - area.center.Z) < half
end

local PATROL_SECONDS = 1
task.spawn(function()
	while true do
		task.wait(PATROL_SECONDS)
		for _, player in ipairs(Players:GetPlayers()) do
			local root = rootOf(player)
			local done = player:GetAttribute("CourseLessonsCompleted")
			if root and root.CFrame and player:GetAttribute("ToolboxProgressReady") == true then
				for index, area in ipairs(areas) do
					if index > 1 and insideArea(root.CFrame.Position, area) and (done == nil or done < index - 1) then
						moveTo(player, CourseData.hubSpawn)
						CourseMessage:FireClient(player, area.title .. " is not open yet: finish " .. areas[index - 1].title .. " first.")
						break
					end
				end
			end
		end
	end
end)

Players.PlayerRemoving:Connect(function(player)
	visited[player] = nil
	lastTouch[player] = nil
end)
