-- QuizClient (client): shows the question a station sends and returns the answer through the
-- RemoteEvent SubmitAnswer; the server checks it and replies with AnswerResult.
local Players = game:GetService("Players")
local ReplicatedStorage = game:GetService("ReplicatedStorage")

local player = Players.LocalPlayer
local remotes = ReplicatedStorage:WaitForChild("QuizRemotes")
local ShowQuestion = remotes:WaitForChild("ShowQuestion")
local SubmitAnswer = remotes:WaitForChild("SubmitAnswer")
local AnswerResult = remotes:WaitForChild("AnswerResult")

local gui = Instance.new("ScreenGui")
gui.Name = "QuizGui"
gui.ResetOnSpawn = false
gui.Parent = player:WaitForChild("PlayerGui")

local frame = Instance.new("Frame")
frame.Size = UDim2.new(0.5, 0, 0.7, 0)
frame.Position = UDim2.new(0.25, 0, 0.15, 0)
frame.BackgroundColor3 = Color3.fromRGB(28, 38, 58)
frame.Visible = false
frame.Parent = gui

local function label(size, position)
	local text = Instance.new("TextLabel")
	text.Size = size
	text.Position = position
	text.BackgroundTransparency = 1
	text.TextColor3 = Color3.new(1, 1, 1)
	text.TextWrapped = true
	text.TextScaled = true
	text.Text = ""
	text.Parent = frame
	return text
end

local promptLabel = label(UDim2.new(1, -20, 0.22, 0), UDim2.new(0, 10, 0, 10))
local feedback = label(UDim2.new(1, -20, 0.14, 0), UDim2.new(0, 10, 0.72, 0))

local list = Instance.new("Frame")
list.Size = UDim2.new(1, -20, 0.45, 0)
list.Position = UDim2.new(0, 10, 0.25, 0)
list.BackgroundTransparency = 1
list.Parent = frame
local layout = Instance.new("UIListLayout")
layout.Padding = UDim.new(0, 6)
layout.Parent = list

local input = Instance.new("TextBox")
input.Size = UDim2.new(1, -20, 0, 36)
input.Position = UDim2.new(0, 10, 0.5, 0)
input.PlaceholderText = "Type your answer"
input.Text = ""
input.Visible = false
input.Parent = frame

local submit = Instance.new("TextButton")
submit.Size = UDim2.new(0.4, 0, 0, 36)
submit.Position = UDim2.new(0.05, 0, 0.88, 0)
submit.Text = "Submit"
submit.Visible = false
submit.Parent = frame

local close = Instance.new("TextButton")
close.Size = UDim2.new(0.4, 0, 0, 36)
close.Position = UDim2.new(0.55, 0, 0.88, 0)
close.Text = "Close"
close.Parent = frame

local current = nil
local submitAction = nil

local function clearButtons()
	for _, child in ipairs(list:GetChildren()) do
		if child:IsA("TextButton") then
			child:Destroy()
		end
	end
end

local function addButton(text, onClick)
	local button = Instance.new("TextButton")
	button.Size = UDim2.new(1, 0, 0, 32)
	button.Text = text
	button.TextWrapped = true
	button.BackgroundColor3 = Color3.fromRGB(70, 110, 170)
	button.TextColor3 = Color3.new(1, 1, 1)
	button.Parent = list
	button.MouseButton1Click:Connect(function()
		onClick(button)
	end)
	return button
end

local function send(reply)
	if current then
		SubmitAnswer:FireServer(current.id, reply)
		clearButtons()
		input.Visible = false
		submit.Visible = false
		submitAction = nil
		feedback.Text = "Checking..."
	end
end

local function show(question)
	current = question
	submitAction = nil
	clearButtons()
	feedback.Text = ""
	input.Text = ""
	input.Visible = false
	submit.Visible = false
	frame.Visible = true
	promptLabel.Text = question.prompt
	if question.type == "message" then
		current = nil
	elseif question.type == "multiple_choice" then
		for _, option in ipairs(question.options) do
			addButton(option, function()
				send({ option })
			end)
		end
	elseif question.type == "true_false" then
		addButton("True", function()
			send({ "true" })
		end)
		addButton("False", function()
			send({ "false" })
		end)
	elseif question.type == "ordering" then
		local chosen = {}
		for _, option in ipairs(question.options) do
			local used = false
			addButton(option, function(button)
				if not used then
					used = true
					table.insert(chosen, option)
					button.Text = #chosen .. ". " .. option
					button.BackgroundColor3 = Color3.fromRGB(60, 60, 60)
					if #chosen == #question.options then
						send(chosen)
					end
				end
			end)
		end
	elseif question.type == "matching" then
		local choice = {}
		for index, left in ipairs(question.lefts) do
			choice[index] = 1
			addButton(left .. " => " .. question.rights[1], function(button)
				choice[index] = choice[index] % #question.rights + 1
				button.Text = left .. " => " .. question.rights[choice[index]]
			end)
		end
		submit.Visible = true
		submitAction = function()
			local chosen = {}
			for index, left in ipairs(question.lefts) do
				table.insert(chosen, left .. " => " .. question.rights[choice[index]])
			end
			send(chosen)
		end
	else
		input.Visible = true
		submit.Visible = true
		submitAction = function()
			send({ input.Text })
		end
	end
end

submit.MouseButton1Click:Connect(function()
	if submitAction then
		submitAction()
	end
end)

close.MouseButton1Click:Connect(function()
	frame.Visible = false
	current = nil
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
	current = nil
end)
