package org.toolboxai.roblox.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.ExportFormat;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.ScriptKind;
import org.toolboxai.api.content.Provenance;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.Vec3;

/** A lesson package as the agents make it: plan, environment, quiz and scripts. */
final class Fixtures {

    /** The answer of the fill-in-the-blank question; it appears nowhere but in the answer. */
    static final String SECRET_ANSWER = "stomata";

    static final String QUIZ_STATION = """
            -- QuizStation: a ProximityPrompt per station; answers are checked here, on the server.
            local ReplicatedStorage = game:GetService("ReplicatedStorage")
            local Players = game:GetService("Players")

            local remote = Instance.new("RemoteEvent")
            remote.Name = "QuizAnswer"
            remote.Parent = ReplicatedStorage

            local ANSWERS = {
            \tq1 = "Carbon dioxide",
            \tq2 = "true",
            \tq3 = "In the chloroplasts",
            \tq4 = "stomata",
            }
            local POINTS = { q1 = 2, q2 = 1, q3 = 2, q4 = 3 }
            -- a teacher's note that must survive XML: the sequence ]]> ends a CDATA section
            local NOTE = "Tip: ]]> is harmless inside a Lua string, and so is <![CDATA[ this ]]>"

            local function normalise(text)
            \treturn string.lower((string.gsub(text or "", "^%s*(.-)%s*$", "%1")))
            end

            local stations = workspace:WaitForChild("Stations")
            for _, station in ipairs(stations:GetChildren()) do
            \tif station:IsA("BasePart") then
            \t\tlocal prompt = Instance.new("ProximityPrompt")
            \t\tprompt.ActionText = "Answer"
            \t\tprompt.ObjectText = station:FindFirstChild("DisplayName") and station.DisplayName.Value or station.Name
            \t\tprompt.HoldDuration = 0.5
            \t\tprompt.Parent = station
            \t\tprompt.Triggered:Connect(function(player)
            \t\t\tremote:FireClient(player, "open", station.Name)
            \t\tend)
            \tend
            end

            remote.OnServerEvent:Connect(function(player, questionId, answer)
            \tif type(questionId) ~= "string" or type(answer) ~= "string" then
            \t\treturn
            \tend
            \tlocal expected = ANSWERS[questionId]
            \tlocal correct = expected ~= nil and normalise(answer) == normalise(expected)
            \tif correct then
            \t\tlocal stats = player:FindFirstChild("leaderstats")
            \t\tlocal points = stats and stats:FindFirstChild("Points")
            \t\tif points then
            \t\t\tpoints.Value = points.Value + (POINTS[questionId] or 1)
            \t\tend
            \tend
            \tremote:FireClient(player, "result", questionId, correct, correct and "Well done!" or "Not quite \\"yet\\"; try again.")
            end)

            Players.PlayerRemoving:Connect(function(player)
            \tprint(string.format("%s leaves with %s", player.Name, NOTE:sub(1, 4)))
            end)
            """;

    static final String PROGRESS = """
            -- Progress: leaderstats with the points of each learner
            local Players = game:GetService("Players")

            local function onPlayerAdded(player)
            \tlocal leaderstats = Instance.new("Folder")
            \tleaderstats.Name = "leaderstats"
            \tleaderstats.Parent = player

            \tlocal points = Instance.new("IntValue")
            \tpoints.Name = "Points"
            \tpoints.Value = 0
            \tpoints.Parent = leaderstats

            \tlocal stations = Instance.new("IntValue")
            \tstations.Name = "Stations"
            \tstations.Parent = leaderstats
            end

            Players.PlayerAdded:Connect(onPlayerAdded)
            for _, player in ipairs(Players:GetPlayers()) do
            \tonPlayerAdded(player)
            end
            """;

    static final String QUIZ_CLIENT = """
            -- QuizClient: shows the question of the station the learner opened
            local ReplicatedStorage = game:GetService("ReplicatedStorage")
            local Players = game:GetService("Players")
            local QuizData = require(ReplicatedStorage:WaitForChild("QuizData"))
            local StationUtil = require(ReplicatedStorage:WaitForChild("StationUtil"))
            local remote = ReplicatedStorage:WaitForChild("QuizAnswer")
            local player = Players.LocalPlayer

            local gui = Instance.new("ScreenGui")
            gui.Name = "Quiz"
            gui.ResetOnSpawn = false
            gui.Parent = player:WaitForChild("PlayerGui")

            local label = Instance.new("TextLabel")
            label.Size = UDim2.new(0.6, 0, 0.2, 0)
            label.Position = UDim2.new(0.2, 0, 0.05, 0)
            label.TextWrapped = true
            label.Text = "Walk up to a station and press \\"E\\"\\n\\tto answer. \\65\\066C \\\\ done"
            label.Parent = gui

            local HELP = [[
            Stations glow blue. Each one asks about one objective.
            ]]
            local LEVELS = [==[ a ]] inside a level-2 long string ]==]

            remote.OnClientEvent:Connect(function(kind, ...)
            \tif kind == "open" then
            \t\tlocal stationId = ...
            \t\tlocal question = StationUtil.questionFor(QuizData, stationId)
            \t\tif question then
            \t\t\tlabel.Text = question.prompt .. "\\n" .. table.concat(question.options, " / ")
            \t\telse
            \t\t\tlabel.Text = HELP
            \t\tend
            \telseif kind == "result" then
            \t\tlocal _, correct, message = ...
            \t\tlabel.Text = (correct and "\\226\\156\\147 " or "") .. message
            \tend
            end)
            print(#LEVELS)
            """;

    static final String STATION_UTIL = """
            -- StationUtil: helpers shared by server and client
            local StationUtil = {}

            local STATION_OBJECTIVE = { station1 = "obj1", station2 = "obj2", station3 = "obj3" }

            function StationUtil.questionFor(quizData, stationId)
            \tlocal objective = STATION_OBJECTIVE[stationId]
            \tfor _, q in ipairs(quizData.questions) do
            \t\tif q.objectiveId == objective then
            \t\t\treturn q
            \t\tend
            \tend
            \treturn nil
            end

            function StationUtil:count(...)
            \tlocal n = select("#", ...)
            \tlocal total = 0
            \tfor i = 1, n, 1 do
            \t\ttotal = total + (select(i, ...) or 0)
            \tend
            \trepeat
            \t\tn = n - 1
            \tuntil n <= 0
            \treturn total, 0x1F, 1e3, 'single \\'quoted\\''
            end

            return StationUtil
            """;

    private Fixtures() {
    }

    static LessonPlan lessonPlan() {
        return new LessonPlan("Photosynthesis: How Plants Make \"Food\"", "science", "7",
                "Learners explore how plants turn light, water and carbon dioxide into sugar and oxygen.",
                List.of(new LessonPlan.Objective("obj1", "Name the inputs and outputs of photosynthesis."),
                        new LessonPlan.Objective("obj2", "Explain where in the leaf photosynthesis happens."),
                        new LessonPlan.Objective("obj3", "Describe how gases enter and leave a leaf.")),
                List.of(new LessonPlan.Activity("Sunlight garden", "obj1", 10, "Collect the inputs in the garden."),
                        new LessonPlan.Activity("Leaf lab", "obj2", 10, "Zoom into a leaf cell."),
                        new LessonPlan.Activity("Gas exchange", "obj3", 10, "Follow a gas molecule.")),
                List.of(new LessonPlan.Term("chlorophyll", "the green substance that captures light"),
                        new LessonPlan.Term("glucose", "the sugar a plant makes")),
                List.of());
    }

    static EnvironmentPlan environment() {
        return new EnvironmentPlan("interactive_classroom", new Vec3(200, 50, 160), new Vec3(0, 0, -70),
                List.of(new EnvironmentPlan.Zone("zone1", "Sunlight Garden", new Vec3(-60, 0, 0), new Vec3(50, 1, 60)),
                        new EnvironmentPlan.Zone("zone2", "Leaf Lab", new Vec3(0, 0, 0), new Vec3(50, 1, 60)),
                        new EnvironmentPlan.Zone("zone3", "Gas Exchange <Hall> & \"Vents\"", new Vec3(60, 0, 0),
                                new Vec3(50, 1, 60))),
                List.of(new EnvironmentPlan.Station("station1", "Inputs & Outputs", "obj1", "zone1", new Vec3(-60, 2, 0),
                                new Vec3(6, 4, 6)),
                        new EnvironmentPlan.Station("station2", "Inside the Leaf", "obj2", "zone2", new Vec3(0, 2, 0),
                                new Vec3(6, 4, 6)),
                        new EnvironmentPlan.Station("station3", "Stomata Vents", "obj3", "zone3", new Vec3(60, 2, 0),
                                new Vec3(6, 4, 6))),
                List.of(new EnvironmentPlan.Prop("Sun Lamp", new Vec3(-60, 10, 20), new Vec3(4, 4, 4), "#ffdd55"),
                        new EnvironmentPlan.Prop("Water Tank", new Vec3(-75, 3, -20), new Vec3(6, 6, 6), "#3388ff"),
                        new EnvironmentPlan.Prop("Giant Leaf", new Vec3(0, 1, 20), new Vec3(12, 0.5, 8), "4a4"),
                        new EnvironmentPlan.Prop("Bench", new Vec3(60, 1, 20), new Vec3(8, 2, 2), "not a colour")));
    }

    static Quiz quiz() {
        return new Quiz("Photosynthesis check", List.of(
                new Quiz.Question("q1", "multiple_choice", "obj1", "Which gas do plants \"breathe in\" for photosynthesis?",
                        List.of("Oxygen", "Carbon dioxide", "Nitrogen", "Helium"), List.of("Carbon dioxide"), 2,
                        "Plants take in carbon dioxide and give off oxygen."),
                new Quiz.Question("q2", "true_false", "obj1", "Photosynthesis makes oxygen.\nTrue or false?", List.of(),
                        List.of("true"), 1, "Oxygen is released as a by-product."),
                new Quiz.Question("q3", "multiple_choice", "obj2", "Where in the cell does photosynthesis happen?",
                        List.of("In the nucleus", "In the chloroplasts", "In the cell wall"),
                        List.of("In the chloroplasts"), 2, "Chloroplasts hold the chlorophyll that captures light."),
                new Quiz.Question("q4", "fill_blank", "obj3", "Gases enter and leave a leaf through tiny pores called ___.",
                        List.of(), List.of(SECRET_ANSWER), 3, "The pores on the underside of a leaf let gases through.")));
    }

    static List<LuauScript> scripts() {
        return List.of(new LuauScript("QuizStation", ScriptKind.SERVER, QUIZ_STATION),
                new LuauScript("Progress", ScriptKind.SERVER, PROGRESS),
                new LuauScript("QuizClient", ScriptKind.CLIENT, QUIZ_CLIENT),
                new LuauScript("StationUtil", ScriptKind.MODULE, STATION_UTIL));
    }

    static ContentPackage lesson() {
        return lesson(scripts());
    }

    static ContentPackage lesson(List<LuauScript> scripts) {
        return new ContentPackage("run-7f3c2a", lessonPlan(), environment(), quiz(), scripts,
                new QualityReport(true, 6.8, List.of()),
                new Provenance("offline", "offline-1", 1200, 3400, List.of()));
    }

    /** The export's bytes, as a client downloads them. */
    static byte[] bytes(ExportFormat format, ContentPackage p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.export(p, out);
        return out.toByteArray();
    }
}
