-- Progress (server): every player's answered questions, points and finished stations, shown in
-- leaderstats and kept in a DataStore, so that progress survives leaving and server shutdowns.
-- QuizStation reports answers through ServerStorage.ToolboxProgress (BindableEvent) and reads a
-- player's answered questions through ServerStorage.ToolboxProgressQuery (BindableFunction) once
-- the player's attribute ToolboxProgressReady is true.
--
-- Why progress is not lost: a saved record only grows (a set of answered questions with their
-- points, a set of finished stations). Every save is an UpdateAsync that merges this server's
-- record into the stored one, so two servers, a repeated save or a load that failed can never
-- remove an answer or count one twice. Saves run a few seconds after an answer, when a player
-- leaves, and for everyone in game:BindToClose; each is retried with back-off, within the
-- DataStore request budget. Where DataStores are unavailable (a place not published, Studio
-- without API access) progress lasts for the session and the output says so.
local Players = game:GetService("Players")
local ReplicatedStorage = game:GetService("ReplicatedStorage")
local ServerStorage = game:GetService("ServerStorage")
local DataStoreService = game:GetService("DataStoreService")

local QuizData = require(ReplicatedStorage:WaitForChild("QuizData"))

local MAX_ATTEMPTS = 5
local SAVE_DELAY = 5
local SHUTDOWN_LIMIT = 25

local function getOrCreate(parent, className, name)
	local child = parent:FindFirstChild(name)
	if not child then
		child = Instance.new(className)
		child.Name = name
		child.Parent = parent
	end
	return child
end

local progress = getOrCreate(ServerStorage, "BindableEvent", "ToolboxProgress")
local query = getOrCreate(ServerStorage, "BindableFunction", "ToolboxProgressQuery")
local remotes = getOrCreate(ReplicatedStorage, "Folder", "QuizRemotes")
local TeacherResults = getOrCreate(remotes, "RemoteEvent", "TeacherResults")

local store = nil
local opened, storeOrError = pcall(function()
	return DataStoreService:GetDataStore(QuizData.progressStore or "ToolboxProgress")
end)
if opened then
	store = storeOrError
else
	warn("Progress: no DataStore (" .. tostring(storeOrError) .. "); progress lasts for this session only")
end

local knownQuestions = {}
for _, question in ipairs(QuizData.questions) do
	knownQuestions[question.id] = question.points
end
local knownStations = {}
for _, station in ipairs(QuizData.stations) do
	knownStations[station.id] = true
end

local records = {}
local changes = {}
local saved = {}
local saveScheduled = {}
local left = {}
local inFlight = {}
local failed = {}

local function newRecord()
	return { answered = {}, stations = {} }
end

-- adds what `from` has and `into` lacks; never removes or changes an entry
local function merge(into, from)
	if type(from) ~= "table" then
		return into
	end
	if type(from.answered) == "table" then
		for id, points in pairs(from.answered) do
			if type(id) == "string" and type(points) == "number" and into.answered[id] == nil then
				into.answered[id] = points
			end
		end
	end
	if type(from.stations) == "table" then
		for id, done in pairs(from.stations) do
			if type(id) == "string" and done == true then
				into.stations[id] = true
			end
		end
	end
	return into
end

local function keyOf(player)
	return "player_" .. tostring(player.UserId)
end

local function budget(requestType)
	local ok, value = pcall(function()
		return DataStoreService:GetRequestBudgetForRequestType(requestType)
	end)
	if ok and type(value) == "number" then
		return value
	end
	return 1
end

-- calls `request` until it succeeds, at most MAX_ATTEMPTS times, backing off between failures;
-- a request is sent only when the request budget allows it (waiting at most budgetWait seconds
-- for it), so a busy server does not add throttled requests to the queue
local function withRetries(requestType, request, budgetWait)
	local delay = 1
	local lastError = nil
	for attempt = 1, MAX_ATTEMPTS do
		local waited = 0
		while budget(requestType) < 1 and waited < budgetWait do
			task.wait(1)
			waited = waited + 1
		end
		local ok, result = false, "no DataStore request budget left"
		if budget(requestType) >= 1 then
			ok, result = pcall(request)
		end
		if ok then
			return true, result
		end
		lastError = result
		if attempt < MAX_ATTEMPTS then
			task.wait(delay)
			delay = delay * 2
		end
	end
	return false, lastError
end

local function totals(record)
	local points = 0
	for _, value in pairs(record.answered) do
		points = points + value
	end
	local stations = 0
	for _ in pairs(record.stations) do
		stations = stations + 1
	end
	return points, stations
end

local function addStats(player)
	local stats = player:FindFirstChild("leaderstats")
	if not stats then
		stats = Instance.new("Folder")
		stats.Name = "leaderstats"
		stats.Parent = player
	end
	getOrCreate(stats, "IntValue", "Points")
	getOrCreate(stats, "IntValue", "Stations")
	return stats
end

local function isTeacher(player)
	for _, id in ipairs(QuizData.teacherUserIds or {}) do
		if id == player.UserId then
			return true
		end
	end
	return game.CreatorType == Enum.CreatorType.User and game.CreatorId ~= 0 and player.UserId == game.CreatorId
end

-- the results board: sent only to teachers, never on a client's request
local function sendResults()
	local rows = nil
	for _, teacher in ipairs(Players:GetPlayers()) do
		if isTeacher(teacher) then
			if not rows then
				rows = {}
				for _, player in ipairs(Players:GetPlayers()) do
					local record = records[player]
					if record then
						local points, stations = totals(record)
						local answered = 0
						for _ in pairs(record.answered) do
							answered = answered + 1
						end
						table.insert(rows, { name = player.Name, displayName = player.DisplayName, points = points,
							stations = stations, answered = answered })
					end
				end
				table.sort(rows, function(a, b)
					return a.name < b.name
				end)
			end
			TeacherResults:FireClient(teacher, { stationCount = #QuizData.stations,
				questionCount = #QuizData.questions, players = rows })
		end
	end
end

local function refresh(player)
	local record = records[player]
	if not record or player.Parent == nil then
		return
	end
	local stats = addStats(player)
	local points, stations = totals(record)
	stats.Points.Value = points
	stats.Stations.Value = stations
end

local function unsaved(player)
	return (changes[player] or 0) > (saved[player] or 0)
end

-- merges this server's record into the stored one (one save per player at a time); true when
-- everything the record holds is stored. A save that waited for another one that failed gives up
-- at once (the scheduled retry comes later), unless retryNow is set.
local function save(player, budgetWait, retryNow)
	local waited = false
	while inFlight[player] do
		waited = true
		task.wait(0.5)
	end
	if waited and failed[player] and not retryNow then
		return false
	end
	local record = records[player]
	if not record or not unsaved(player) then
		return true
	end
	if not store then
		return false
	end
	inFlight[player] = true
	local upTo = changes[player] or 0
	local ok, stored = withRetries(Enum.DataStoreRequestType.UpdateAsync, function()
		return store:UpdateAsync(keyOf(player), function(old)
			local merged = merge(merge(newRecord(), old), record)
			merged.version = 1
			return merged
		end)
	end, budgetWait)
	failed[player] = not ok
	if ok then
		if upTo > (saved[player] or 0) then
			saved[player] = upTo
		end
		merge(record, stored)
		refresh(player)
	else
		warn("Progress: could not save " .. player.Name .. " (" .. tostring(stored) .. "); trying again later")
	end
	inFlight[player] = nil
	return ok
end

local function forget(player)
	records[player] = nil
	changes[player] = nil
	saved[player] = nil
	left[player] = nil
	failed[player] = nil
end

-- saves a few seconds later (answers close together share one save); a save that failed is
-- tried again, even after the player has left, until it succeeds or the server closes
local function scheduleSave(player)
	if saveScheduled[player] then
		return
	end
	saveScheduled[player] = true
	task.delay(SAVE_DELAY, function()
		saveScheduled[player] = nil
		if records[player] and unsaved(player) and not save(player, 10) then
			scheduleSave(player)
		elseif left[player] and not unsaved(player) then
			forget(player)
		end
	end)
end

local function load(player)
	if records[player] then
		return
	end
	local record = newRecord()
	records[player] = record
	addStats(player)
	if store then
		local ok, stored = withRetries(Enum.DataStoreRequestType.GetAsync, function()
			return store:GetAsync(keyOf(player))
		end, 10)
		if records[player] ~= record then
			return
		end
		if ok then
			merge(record, stored)
		else
			-- saving merges, so what is stored stays; the next save brings it back here
			warn("Progress: could not load " .. player.Name .. " (" .. tostring(stored) .. ")")
		end
	end
	refresh(player)
	player:SetAttribute("ToolboxProgressReady", true)
	sendResults()
end

query.OnInvoke = function(player)
	local record = records[player]
	if not record then
		return nil
	end
	local answered = {}
	for id, points in pairs(record.answered) do
		answered[id] = points
	end
	return answered
end

progress.Event:Connect(function(player, questionId, points, stationId)
	local record = records[player]
	if not record or type(questionId) ~= "string" or knownQuestions[questionId] == nil then
		return
	end
	if type(points) ~= "number" or points < 0 or points > knownQuestions[questionId] then
		return
	end
	local changed = false
	if record.answered[questionId] == nil then
		record.answered[questionId] = points
		changed = true
	end
	if type(stationId) == "string" and knownStations[stationId] and not record.stations[stationId] then
		record.stations[stationId] = true
		changed = true
	end
	if changed then
		changes[player] = (changes[player] or 0) + 1
		refresh(player)
		scheduleSave(player)
		sendResults()
	end
end)

Players.PlayerAdded:Connect(load)
for _, player in ipairs(Players:GetPlayers()) do
	task.spawn(load, player)
end

Players.PlayerRemoving:Connect(function(player)
	left[player] = true
	if records[player] and unsaved(player) and not save(player, 10) then
		scheduleSave(player)
	else
		forget(player)
	end
	sendResults()
end)

game:BindToClose(function()
	local pending = 0
	for player in pairs(records) do
		if unsaved(player) then
			pending = pending + 1
			task.spawn(function()
				save(player, 2, true)
				pending = pending - 1
			end)
		end
	end
	local waited = 0
	while pending > 0 and waited < SHUTDOWN_LIMIT do
		task.wait(0.5)
		waited = waited + 0.5
	end
end)
