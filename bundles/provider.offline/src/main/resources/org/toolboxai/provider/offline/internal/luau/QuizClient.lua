-- QuizClient (client): shows the question a station sends. The player picks an answer (an option,
-- an order, the pairs of a matching question, or typed text), can change it, and sends it with
-- Submit through the RemoteEvent SubmitAnswer; the server checks it and replies with AnswerResult.
-- The layout scales: sizes are fractions of the screen within pixel limits, text scales within
-- limits, and the panel stays inside the safe area (notches, the top bar) on phones, tablets and
-- desktops. Teachers also get a results board (the server sends TeacherResults to them only).
local Players = game:GetService("Players")
local ReplicatedStorage = game:GetService("ReplicatedStorage")

local player = Players.LocalPlayer
local remotes = ReplicatedStorage:WaitForChild("QuizRemotes")
local ShowQuestion = remotes:WaitForChild("ShowQuestion")
local SubmitAnswer = remotes:WaitForChild("SubmitAnswer")
local AnswerResult = remotes:WaitForChild("AnswerResult")

local BLUE = Color3.fromRGB(70, 110, 170)
local CHOSEN = Color3.fromRGB(40, 160, 90)
local GREY = Color3.fromRGB(90, 90, 90)
local UNPAIRED = "?"

local gui = Instance.new("ScreenGui")
gui.Name = "QuizGui"
gui.ResetOnSpawn = false
gui.IgnoreGuiInset = false
gui.ScreenInsets = Enum.ScreenInsets.CoreUISafeInsets
gui.ZIndexBehavior = Enum.ZIndexBehavior.Sibling
gui.Parent = player:WaitForChild("PlayerGui")

local function limitText(text, smallest, largest)
	local limit = Instance.new("UITextSizeConstraint")
	limit.MinTextSize = smallest
	limit.MaxTextSize = largest
	limit.Parent = text
end

local function styleText(text, smallest, largest)
	text.TextColor3 = Color3.new(1, 1, 1)
	text.TextWrapped = true
	text.TextScaled = true
	limitText(text, smallest, largest)
end

local frame = Instance.new("Frame")
frame.Name = "Question"
frame.AnchorPoint = Vector2.new(0.5, 0.5)
frame.Position = UDim2.new(0.5, 0, 0.5, 0)
frame.Size = UDim2.new(0.94, 0, 0.9, 0)
frame.BackgroundColor3 = Color3.fromRGB(28, 38, 58)
frame.Visible = false
frame.Parent = gui
local frameLimit = Instance.new("UISizeConstraint")
frameLimit.MinSize = Vector2.new(260, 240)
frameLimit.MaxSize = Vector2.new(760, 620)
frameLimit.Parent = frame
local padding = Instance.new("UIPadding")
padding.PaddingTop = UDim.new(0, 10)
padding.PaddingBottom = UDim.new(0, 10)
padding.PaddingLeft = UDim.new(0, 10)
padding.PaddingRight = UDim.new(0, 10)
padding.Parent = frame

local function label(name, size, position)
	local text = Instance.new("TextLabel")
	text.Name = name
	text.Size = size
	text.Position = position
	text.BackgroundTransparency = 1
	text.Text = ""
	styleText(text, 14, 32)
	text.Parent = frame
	return text
end

local promptLabel = label("Prompt", UDim2.new(1, 0, 0.22, 0), UDim2.new(0, 0, 0, 0))
local feedback = label("Feedback", UDim2.new(1, 0, 0.12, 0), UDim2.new(0, 0, 0.73, 0))

local list = Instance.new("ScrollingFrame")
list.Name = "Options"
list.Size = UDim2.new(1, 0, 0.48, 0)
list.Position = UDim2.new(0, 0, 0.24, 0)
list.BackgroundTransparency = 1
list.CanvasSize = UDim2.new(0, 0, 0, 0)
list.AutomaticCanvasSize = Enum.AutomaticSize.Y
list.ScrollBarThickness = 8
list.Parent = frame
local layout = Instance.new("UIListLayout")
layout.Padding = UDim.new(0, 6)
layout.SortOrder = Enum.SortOrder.LayoutOrder
layout.Parent = list

local input = Instance.new("TextBox")
input.Name = "Answer"
input.Size = UDim2.new(1, 0, 0.14, 0)
input.Position = UDim2.new(0, 0, 0.3, 0)
input.PlaceholderText = "Type your answer"
input.ClearTextOnFocus = false
input.Text = ""
input.BackgroundColor3 = Color3.fromRGB(240, 240, 240)
input.TextWrapped = true
input.TextScaled = true
limitText(input, 14, 28)
input.Visible = false
input.Parent = frame

local function bottomButton(name, text, x)
	local button = Instance.new("TextButton")
	button.Name = name
	button.Size = UDim2.new(0.44, 0, 0.12, 0)
	button.Position = UDim2.new(x, 0, 0.87, 0)
	button.Text = text
	button.BackgroundColor3 = BLUE
	styleText(button, 14, 28)
	local tall = Instance.new("UISizeConstraint")
	tall.MinSize = Vector2.new(80, 44)
	tall.Parent = button
	button.Parent = frame
	return button
end

local submit = bottomButton("Submit", "Submit", 0.03)
local close = bottomButton("Close", "Close", 0.53)

local current = nil
local pending = nil

local function clearButtons()
	for _, child in ipairs(list:GetChildren()) do
		if child:IsA("TextButton") then
			child:Destroy()
		end
	end
end

local function setPending(answer)
	pending = answer
	submit.Visible = current ~= nil
	submit.Active = answer ~= nil
	submit.AutoButtonColor = answer ~= nil
	if answer then
		submit.BackgroundColor3 = CHOSEN
	else
		submit.BackgroundColor3 = GREY
	end
end

local function addButton(text, onClick)
	local button = Instance.new("TextButton")
	button.Size = UDim2.new(1, -12, 0, 52)
	button.LayoutOrder = #list:GetChildren()
	button.Text = text
	button.BackgroundColor3 = BLUE
	styleText(button, 12, 24)
	button.Parent = list
	button.MouseButton1Click:Connect(function()
		onClick(button)
	end)
	return button
end

-- one of several: a click selects (and a second click elsewhere changes the choice)
local function singleChoice(choices)
	local buttons = {}
	for _, choice in ipairs(choices) do
		local button = addButton(choice.text, function(clicked)
			for _, other in ipairs(buttons) do
				other.BackgroundColor3 = BLUE
			end
			clicked.BackgroundColor3 = CHOSEN
			setPending({ choice.value })
		end)
		table.insert(buttons, button)
	end
end

-- an order: a click appends the item, a click on a placed item takes it out again
local function ordering(options)
	local order = {}
	local buttons = {}
	local function redraw()
		for index, option in ipairs(options) do
			local place = nil
			for position, chosen in ipairs(order) do
				if chosen == index then
					place = position
				end
			end
			if place then
				buttons[index].Text = place .. ". " .. option
				buttons[index].BackgroundColor3 = CHOSEN
			else
				buttons[index].Text = option
				buttons[index].BackgroundColor3 = BLUE
			end
		end
		if #order == #options then
			local answer = {}
			for _, index in ipairs(order) do
				table.insert(answer, options[index])
			end
			setPending(answer)
		else
			setPending(nil)
		end
	end
	for index, option in ipairs(options) do
		buttons[index] = addButton(option, function()
			local at = nil
			for position, chosen in ipairs(order) do
				if chosen == index then
					at = position
				end
			end
			if at then
				table.remove(order, at)
			else
				table.insert(order, index)
			end
			redraw()
		end)
	end
	redraw()
end

-- pairs: every left item starts unpaired; a click moves it to the next right item
local function matching(lefts, rights)
	local choice = {}
	local function complete()
		for index = 1, #lefts do
			if choice[index] == 0 then
				return nil
			end
		end
		local answer = {}
		for index, left in ipairs(lefts) do
			table.insert(answer, left .. " => " .. rights[choice[index]])
		end
		return answer
	end
	for index, left in ipairs(lefts) do
		choice[index] = 0
		addButton(left .. " => " .. UNPAIRED, function(button)
			choice[index] = choice[index] % #rights + 1
			button.Text = left .. " => " .. rights[choice[index]]
			button.BackgroundColor3 = CHOSEN
			setPending(complete())
		end)
	end
end

local function show(question)
	current = question
	clearButtons()
	feedback.Text = ""
	input.Text = ""
	input.Visible = false
	frame.Visible = true
	promptLabel.Text = question.prompt
	if question.type == "message" then
		current = nil
		setPending(nil)
		return
	end
	setPending(nil)
	if question.type == "multiple_choice" then
		local choices = {}
		for _, option in ipairs(question.options) do
			table.insert(choices, { text = option, value = option })
		end
		singleChoice(choices)
	elseif question.type == "true_false" then
		singleChoice({ { text = "True", value = "true" }, { text = "False", value = "false" } })
	elseif question.type == "ordering" then
		ordering(question.options)
	elseif question.type == "matching" then
		matching(question.lefts, question.rights)
	else
		input.Visible = true
	end
end

input:GetPropertyChangedSignal("Text"):Connect(function()
	if current and input.Visible then
		if string.match(input.Text, "%S") then
			setPending({ input.Text })
		else
			setPending(nil)
		end
	end
end)

submit.MouseButton1Click:Connect(function()
	if current and pending then
		SubmitAnswer:FireServer(current.id, pending)
		clearButtons()
		input.Visible = false
		current = nil
		setPending(nil)
		feedback.Text = "Checking..."
	end
end)

close.MouseButton1Click:Connect(function()
	frame.Visible = false
	current = nil
	setPending(nil)
end)

ShowQuestion.OnClientEvent:Connect(show)

AnswerResult.OnClientEvent:Connect(function(result)
	local text = "Not quite. "
	if result.correct then
		text = "Correct! +" .. tostring(result.points) .. " points. "
	end
	text = text .. tostring(result.explanation or "")
	if result.stationDone then
		text = text .. " Station complete!"
	end
	feedback.Text = text
end)

-- the teacher's results board: built when the first results arrive, which only teachers get
local TeacherResults = remotes:WaitForChild("TeacherResults", 30)
local board = nil
local rowsFrame = nil
local summary = nil

local function buildBoard()
	local toggle = Instance.new("TextButton")
	toggle.Name = "ResultsButton"
	toggle.AnchorPoint = Vector2.new(1, 0)
	toggle.Position = UDim2.new(1, -10, 0, 10)
	toggle.Size = UDim2.new(0.2, 0, 0.07, 0)
	toggle.Text = "Class results"
	toggle.BackgroundColor3 = BLUE
	styleText(toggle, 12, 22)
	local toggleLimit = Instance.new("UISizeConstraint")
	toggleLimit.MinSize = Vector2.new(110, 44)
	toggleLimit.MaxSize = Vector2.new(220, 60)
	toggleLimit.Parent = toggle
	toggle.Parent = gui

	board = Instance.new("Frame")
	board.Name = "Results"
	board.AnchorPoint = Vector2.new(1, 0)
	board.Position = UDim2.new(1, -10, 0.1, 0)
	board.Size = UDim2.new(0.4, 0, 0.7, 0)
	board.BackgroundColor3 = Color3.fromRGB(20, 26, 40)
	board.Visible = false
	board.Parent = gui
	local boardLimit = Instance.new("UISizeConstraint")
	boardLimit.MinSize = Vector2.new(240, 200)
	boardLimit.MaxSize = Vector2.new(480, 640)
	boardLimit.Parent = board

	summary = Instance.new("TextLabel")
	summary.Name = "Summary"
	summary.Size = UDim2.new(1, -12, 0.1, 0)
	summary.Position = UDim2.new(0, 6, 0, 4)
	summary.BackgroundTransparency = 1
	styleText(summary, 12, 22)
	summary.Parent = board

	rowsFrame = Instance.new("ScrollingFrame")
	rowsFrame.Name = "Rows"
	rowsFrame.Size = UDim2.new(1, -12, 0.86, 0)
	rowsFrame.Position = UDim2.new(0, 6, 0.12, 0)
	rowsFrame.BackgroundTransparency = 1
	rowsFrame.CanvasSize = UDim2.new(0, 0, 0, 0)
	rowsFrame.AutomaticCanvasSize = Enum.AutomaticSize.Y
	rowsFrame.Parent = board
	local rowsLayout = Instance.new("UIListLayout")
	rowsLayout.Padding = UDim.new(0, 4)
	rowsLayout.SortOrder = Enum.SortOrder.LayoutOrder
	rowsLayout.Parent = rowsFrame

	toggle.MouseButton1Click:Connect(function()
		board.Visible = not board.Visible
	end)
end

if TeacherResults then
	TeacherResults.OnClientEvent:Connect(function(results)
		if type(results) ~= "table" or type(results.players) ~= "table" then
			return
		end
		if not board then
			buildBoard()
		end
		for _, child in ipairs(rowsFrame:GetChildren()) do
			if child:IsA("TextLabel") then
				child:Destroy()
			end
		end
		summary.Text = #results.players .. " players, " .. tostring(results.stationCount) .. " stations, "
			.. tostring(results.questionCount) .. " questions"
		for index, row in ipairs(results.players) do
			local line = Instance.new("TextLabel")
			line.Name = "Row" .. index
			line.LayoutOrder = index
			line.Size = UDim2.new(1, -10, 0, 32)
			line.BackgroundTransparency = 1
			line.TextXAlignment = Enum.TextXAlignment.Left
			line.Text = tostring(row.displayName or row.name) .. ": " .. tostring(row.points) .. " points, "
				.. tostring(row.stations) .. "/" .. tostring(results.stationCount) .. " stations, "
				.. tostring(row.answered) .. "/" .. tostring(results.questionCount) .. " answered"
			styleText(line, 12, 20)
			line.Parent = rowsFrame
		end
	end)
end
