-- QuizStation (server): one ProximityPrompt and one sign per station; the prompt shows that
-- station's next question to the player through a RemoteEvent, and the answer is checked here, on
-- the server, where the answer keys stay. A reply counts only for the question this player was
-- last shown, once, and only when it is well formed; anything else is ignored. Results go to the
-- Progress script, which keeps them (and tells which questions a player answered before).
-- Needs the modules QuizData in ReplicatedStorage (the questions, which players may see) and
-- QuizKeys in ServerStorage (the answer keys; ServerStorage is never replicated to clients). Both
-- are written from the lesson package's quiz when the place is exported, so an edited quiz needs
-- no change here.
local Players = game:GetService("Players")
local ReplicatedStorage = game:GetService("ReplicatedStorage")
local ServerStorage = game:GetService("ServerStorage")

local QuizData = require(ReplicatedStorage:WaitForChild("QuizData"))

-- the answer keys: only on the server, never sent to a client before the player has answered
local QuizKeys = require(ServerStorage:WaitForChild("QuizKeys"))
local ANSWERS = QuizKeys.answers or {}

local function getOrCreate(parent, className, name)
	local child = parent:FindFirstChild(name)
	if not child then
		child = Instance.new(className)
		child.Name = name
		child.Parent = parent
	end
	return child
end

local remotes = getOrCreate(ReplicatedStorage, "Folder", "QuizRemotes")
local ShowQuestion = getOrCreate(remotes, "RemoteEvent", "ShowQuestion")
local SubmitAnswer = getOrCreate(remotes, "RemoteEvent", "SubmitAnswer")
local AnswerResult = getOrCreate(remotes, "RemoteEvent", "AnswerResult")
local progress = getOrCreate(ServerStorage, "BindableEvent", "ToolboxProgress")
local progressQuery = getOrCreate(ServerStorage, "BindableFunction", "ToolboxProgressQuery")

local MAX_ITEMS = 20
local MAX_TEXT = 200

local questionsById = {}
local questionsByStation = {}
for _, station in ipairs(QuizData.stations) do
	questionsByStation[station.id] = {}
end
for _, question in ipairs(QuizData.questions) do
	questionsById[question.id] = question
	local list = questionsByStation[question.station]
	if list then
		table.insert(list, question)
	end
end

local answered = {}
local current = {}

local function normalise(text)
	local result = string.lower(tostring(text or ""))
	result = string.gsub(result, "^%s+", "")
	result = string.gsub(result, "%s+$", "")
	result = string.gsub(result, "%s+", " ")
	return result
end

local function leadingNumber(text)
	local number, rest = string.match(text, "^(%-?%d+%.?%d*)%s*(.*)$")
	if number then
		return tonumber(number), rest
	end
	return nil, nil
end

local function sameAnswer(given, expected)
	local a = normalise(given)
	local b = normalise(expected)
	if a == b then
		return true
	end
	local x, unitX = leadingNumber(a)
	local y, unitY = leadingNumber(b)
	if x and y and math.abs(x - y) < 1e-9 then
		if unitX == unitY then
			return true
		end
		-- a plain number is enough when the expected answer only adds a unit
		return unitX == "" and not string.find(unitY, "[/:%.%d]")
	end
	return false
end

-- what a client may send: a list of at most MAX_ITEMS short strings
local function wellFormed(reply)
	if type(reply) ~= "table" then
		return false
	end
	local count = 0
	for index, item in pairs(reply) do
		count = count + 1
		if type(index) ~= "number" or type(item) ~= "string" or #item > MAX_TEXT then
			return false
		end
	end
	return count >= 1 and count <= MAX_ITEMS and count == #reply
end

local function check(key, reply)
	if key.kind == "matching" or key.kind == "ordering" then
		if type(reply) ~= "table" or #reply ~= #key.accepted then
			return false
		end
		if key.kind == "ordering" then
			for index, item in ipairs(key.accepted) do
				if normalise(reply[index]) ~= normalise(item) then
					return false
				end
			end
			return true
		end
		local wanted = {}
		for _, pair in ipairs(key.accepted) do
			wanted[normalise(pair)] = true
		end
		for _, pair in ipairs(reply) do
			local text = normalise(pair)
			if not wanted[text] then
				return false
			end
			wanted[text] = nil
		end
		return true
	end
	local given = reply
	if type(reply) == "table" then
		given = reply[1]
	end
	for _, expected in ipairs(key.accepted) do
		if sameAnswer(given, expected) then
			return true
		end
	end
	return false
end

local function findStationPart(station)
	local found = workspace:FindFirstChild(station.id, true) or workspace:FindFirstChild(station.name, true)
	if found and found:IsA("Model") then
		found = found.PrimaryPart or found:FindFirstChildWhichIsA("BasePart", true)
	end
	if found and found:IsA("BasePart") then
		return found
	end
	local part = Instance.new("Part")
	part.Name = station.id
	part.Anchored = true
	part.Size = station.size
	part.Position = station.position
	part.Parent = workspace
	return part
end

-- the station's title above it, readable from afar; the place file has one already
local function addSign(part, station)
	if part:FindFirstChild("Sign") then
		return
	end
	local sign = Instance.new("BillboardGui")
	sign.Name = "Sign"
	sign.Size = UDim2.new(12, 0, 3, 0)
	sign.StudsOffset = Vector3.new(0, part.Size.Y / 2 + 2.5, 0)
	sign.MaxDistance = 120
	sign.LightInfluence = 0
	local title = Instance.new("TextLabel")
	title.Name = "Title"
	title.Size = UDim2.new(1, 0, 1, 0)
	title.BackgroundColor3 = Color3.fromRGB(20, 30, 50)
	title.BackgroundTransparency = 0.2
	title.TextColor3 = Color3.new(1, 1, 1)
	title.TextScaled = true
	title.TextWrapped = true
	title.Text = station.name
	title.Parent = sign
	sign.Parent = part
end

-- what the player answered, here and in earlier sessions; nil while Progress still loads it
local function answeredBy(player)
	if not player:GetAttribute("ToolboxProgressReady") then
		return nil
	end
	local ok, saved = pcall(function()
		return progressQuery:Invoke(player)
	end)
	local done = answered[player] or {}
	answered[player] = done
	if ok and type(saved) == "table" then
		for id in pairs(saved) do
			done[id] = true
		end
	end
	return done
end

local function nextQuestion(done, stationId)
	for _, question in ipairs(questionsByStation[stationId] or {}) do
		if not done[question.id] then
			return question
		end
	end
	return nil
end

for _, station in ipairs(QuizData.stations) do
	local prompt = Instance.new("ProximityPrompt")
	prompt.Name = "QuizPrompt"
	prompt.ActionText = "Answer a question"
	prompt.ObjectText = station.name
	prompt.HoldDuration = 0
	prompt.MaxActivationDistance = 14
	prompt.RequiresLineOfSight = false
	local part = findStationPart(station)
	addSign(part, station)
	prompt.Parent = part
	prompt.Triggered:Connect(function(player)
		local done = answeredBy(player)
		if not done then
			ShowQuestion:FireClient(player, { id = "", type = "message", options = {},
				prompt = "Loading your progress... try again in a moment." })
			return
		end
		local question = nextQuestion(done, station.id)
		if question then
			current[player] = question.id
			ShowQuestion:FireClient(player, question)
		else
			ShowQuestion:FireClient(player, { id = "", type = "message", options = {},
				prompt = station.name .. ": you have finished this station. Well done!" })
		end
	end)
end

SubmitAnswer.OnServerEvent:Connect(function(player, questionId, reply)
	if type(questionId) ~= "string" or current[player] ~= questionId or not wellFormed(reply) then
		return
	end
	local key = ANSWERS[questionId]
	local question = questionsById[questionId]
	current[player] = nil
	if not key or not question or not answered[player] or answered[player][questionId] then
		return
	end
	answered[player][questionId] = true
	local correct = check(key, reply)
	local points = 0
	if correct then
		points = question.points
	end
	local stationDone = true
	for _, other in ipairs(questionsByStation[question.station] or {}) do
		if not answered[player][other.id] then
			stationDone = false
		end
	end
	local finishedStation = nil
	if stationDone then
		finishedStation = question.station
	end
	progress:Fire(player, questionId, points, finishedStation)
	AnswerResult:FireClient(player, { id = questionId, correct = correct, points = points,
		explanation = key.explanation, stationDone = stationDone })
end)

Players.PlayerRemoving:Connect(function(player)
	answered[player] = nil
	current[player] = nil
end)
