-- CourseMap (client): the course map board in the hub. One line per lesson and one for the final
-- assessment, each marked done, open or locked for this player from the attribute
-- CourseLessonsCompleted that the CourseGate server script keeps; a portal's refusal
-- (CourseRemotes.CourseMessage) shows on the board's last line for a few seconds.
local Players = game:GetService("Players")
local ReplicatedStorage = game:GetService("ReplicatedStorage")

local CourseData = require(ReplicatedStorage:WaitForChild("CourseData"))
local player = Players.LocalPlayer

local MESSAGE_SECONDS = 6

local board = workspace:WaitForChild("Props"):WaitForChild(CourseData.board)
local gui = Instance.new("SurfaceGui")
gui.Name = "CourseMapGui"
gui.Face = Enum.NormalId.Front
gui.SizingMode = Enum.SurfaceGuiSizingMode.PixelsPerStud
gui.PixelsPerStud = 40
gui.Adornee = board
gui.Parent = player:WaitForChild("PlayerGui")

local lines = #CourseData.lessons + 3
local function label(row, text)
	local line = Instance.new("TextLabel")
	line.Name = "Line" .. row
	line.Size = UDim2.new(1, 0, 1 / lines, 0)
	line.Position = UDim2.new(0, 0, (row - 1) / lines, 0)
	line.BackgroundTransparency = 1
	line.TextColor3 = Color3.new(1, 1, 1)
	line.TextScaled = true
	line.TextXAlignment = Enum.TextXAlignment.Left
	line.Text = text
	line.Parent = gui
	return line
end

label(1, CourseData.title)
local rows = {}
for i, lesson in ipairs(CourseData.lessons) do
	rows[i] = label(i + 1, "")
end
rows[#CourseData.lessons + 1] = label(#CourseData.lessons + 2, "")
local message = label(lines, "")

local function state(index, done)
	if index <= done then
		return "done"
	elseif index == done + 1 then
		return "open"
	end
	return "locked"
end

local function render()
	local done = player:GetAttribute("CourseLessonsCompleted") or 0
	for i, lesson in ipairs(CourseData.lessons) do
		rows[i].Text = lesson.number .. ". " .. lesson.title .. " (" .. state(i, done) .. ")"
	end
	local final = #CourseData.lessons + 1
	local finalState = done >= #CourseData.lessons and "open" or "locked"
	rows[final].Text = CourseData.final.title .. " (" .. finalState .. ")"
end

player:GetAttributeChangedSignal("CourseLessonsCompleted"):Connect(render)
render()

local shown = 0
ReplicatedStorage:WaitForChild("CourseRemotes"):WaitForChild("CourseMessage").OnClientEvent:Connect(function(text)
	shown = shown + 1
	local mine = shown
	message.Text = tostring(text)
	task.delay(MESSAGE_SECONDS, function()
		if shown == mine then
			message.Text = ""
		end
	end)
end)
