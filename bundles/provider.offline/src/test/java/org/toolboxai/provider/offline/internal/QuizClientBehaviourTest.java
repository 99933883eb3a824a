package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;
import org.toolboxai.api.content.Quiz.Question;

/** The client script QuizClient, run in LuaJ against the fake Roblox API as one player's client. */
class QuizClientBehaviourTest {

    private static Requests.Package lesson;

    @BeforeAll
    static void generate() throws Exception {
        lesson = Requests.chain(Requests.request("Mathematics", 7, List.of("Fractions", "Decimals"), "interactive_classroom",
                45, 8, QuizMakerTest.ALL_TYPES, "medium", List.of()));
    }

    private static RobloxWorld client() {
        RobloxWorld world = RobloxWorld.server(lesson.scripts());
        world.exec("local player = W.addPlayer(101, 'Ada', true)\n"
                + "W.service('Players').LocalPlayer = player\n"
                + "local remotes = W.new('Folder', { Name = 'QuizRemotes', Parent = W.service('ReplicatedStorage') })\n"
                + "for _, name in ipairs({ 'ShowQuestion', 'SubmitAnswer', 'AnswerResult', 'TeacherResults' }) do\n"
                + "  W.new('RemoteEvent', { Name = name, Parent = remotes })\n"
                + "end");
        world.runClient("QuizClient", RobloxWorld.source(lesson.scripts(), "QuizClient"));
        return world;
    }

    /** Sends the question of that type, as QuizData has it, the way the server does. */
    private static Question show(RobloxWorld world, String type) {
        Question q = lesson.quiz().questions().stream().filter(x -> x.type().equals(type)).findFirst().orElseThrow();
        world.exec("local id = ...\n"
                + "local data = W.env.require(W.service('ReplicatedStorage').QuizData)\n"
                + "for _, q in ipairs(data.questions) do\n"
                + "  if q.id == id then W.service('ReplicatedStorage').QuizRemotes.ShowQuestion.OnClientEvent:Fire(q) end\n"
                + "end", LuaValue.valueOf(q.id()));
        return q;
    }

    private static LuaValue panel(RobloxWorld world) {
        return world.eval("W.service('Players').LocalPlayer.PlayerGui.QuizGui.Question");
    }

    private static List<LuaValue> optionButtons(RobloxWorld world) {
        LuaValue children = world.eval("W.service('Players').LocalPlayer.PlayerGui.QuizGui.Question.Options:GetChildren()");
        List<LuaValue> out = new ArrayList<>();
        for (int i = 1; i <= children.length(); i++) {
            if (children.get(i).get("ClassName").tojstring().equals("TextButton")) {
                out.add(children.get(i));
            }
        }
        return out;
    }

    private static void click(RobloxWorld world, LuaValue button) {
        world.exec("(...).MouseButton1Click:Fire()", button);
    }

    private static int sent(RobloxWorld world) {
        return world.eval("#W.toServer").toint();
    }

    private static List<String> lastReply(RobloxWorld world) {
        return RobloxWorld.strings(world.eval("W.toServer[#W.toServer].args[2]"));
    }

    @Test
    void aChoiceIsOnlySentWithSubmitAndCanBeChangedBefore() {
        RobloxWorld world = client();
        Question q = show(world, "multiple_choice");
        List<LuaValue> buttons = optionButtons(world);
        assertThat(buttons).hasSize(q.options().size());
        LuaValue submit = panel(world).get("Submit");

        click(world, submit);
        assertThat(sent(world)).as("nothing chosen yet").isZero();
        click(world, buttons.get(0));
        click(world, buttons.get(1));
        assertThat(sent(world)).as("choosing does not send").isZero();
        click(world, submit);
        assertThat(sent(world)).isEqualTo(1);
        assertThat(world.eval("W.toServer[1].args[1]").tojstring()).isEqualTo(q.id());
        assertThat(lastReply(world)).containsExactly(q.options().get(1));
        click(world, submit);
        assertThat(sent(world)).as("one answer per question").isEqualTo(1);
        assertThat(world.errors()).isEmpty();
    }

    @Test
    void matchingStartsUnpairedAndNeedsEveryPairBeforeSubmit() {
        RobloxWorld world = client();
        Question q = show(world, "matching");
        List<LuaValue> buttons = optionButtons(world);
        assertThat(buttons).hasSize(q.answer().size());
        for (LuaValue b : buttons) {
            assertThat(b.get("Text").tojstring()).endsWith(" => ?");
        }
        LuaValue submit = panel(world).get("Submit");
        for (int i = 0; i < buttons.size() - 1; i++) {
            click(world, buttons.get(i));
        }
        click(world, submit);
        assertThat(sent(world)).as("one left item is still unpaired").isZero();
        click(world, buttons.get(buttons.size() - 1));
        click(world, submit);
        assertThat(sent(world)).isEqualTo(1);
        List<String> reply = lastReply(world);
        assertThat(reply).hasSize(q.answer().size()).allMatch(pair -> pair.contains(" => ") && !pair.endsWith(" => ?"));
    }

    @Test
    void orderingCanBeUndoneBeforeSubmit() {
        RobloxWorld world = client();
        show(world, "ordering");
        List<LuaValue> buttons = optionButtons(world);
        List<String> texts = buttons.stream().map(b -> b.get("Text").tojstring()).toList();
        click(world, buttons.get(0));
        click(world, buttons.get(0)); // taken out again
        for (int i = buttons.size() - 1; i >= 0; i--) {
            click(world, buttons.get(i));
        }
        click(world, panel(world).get("Submit"));
        List<String> reversed = new ArrayList<>(texts);
        java.util.Collections.reverse(reversed);
        assertThat(lastReply(world)).isEqualTo(reversed);
    }

    @Test
    void theLayoutScalesAndStaysInTheSafeArea() {
        RobloxWorld world = client();
        show(world, "multiple_choice");
        LuaValue gui = world.eval("W.service('Players').LocalPlayer.PlayerGui.QuizGui");
        assertThat(world.eval("tostring((...).ScreenInsets)", gui).tojstring()).isEqualTo("Enum.ScreenInsets.CoreUISafeInsets");
        assertThat(gui.get("IgnoreGuiInset").toboolean()).isFalse();
        LuaValue panel = panel(world);
        assertThat(panel.get("Size").get("X").get("Offset").toint()).as("sized by scale, not pixels").isZero();
        assertThat(world.eval("(...):FindFirstChildOfClass('UISizeConstraint')", panel).isnil()).isFalse();
        LuaValue texts = world.eval("(function(root) local out = {} for _, d in ipairs(root:GetDescendants()) do "
                + "if d:IsA('TextButton') or d:IsA('TextLabel') then table.insert(out, d) end end return out end)(...)", gui);
        assertThat(texts.length()).isGreaterThan(5);
        for (int i = 1; i <= texts.length(); i++) {
            LuaValue t = texts.get(i);
            assertThat(t.get("TextScaled").toboolean()).as(t.get("Name").tojstring()).isTrue();
            LuaValue limit = world.eval("(...):FindFirstChildOfClass('UITextSizeConstraint')", t);
            assertThat(limit.isnil()).as(t.get("Name").tojstring()).isFalse();
            assertThat(limit.get("MinTextSize").toint()).isGreaterThanOrEqualTo(12);
        }
    }

    @Test
    void theResultsBoardAppearsOnlyWhenResultsArrive() {
        RobloxWorld world = client();
        assertThat(world.eval("W.service('Players').LocalPlayer.PlayerGui.QuizGui:FindFirstChild('Results')").isnil()).isTrue();
        world.exec("W.service('ReplicatedStorage').QuizRemotes.TeacherResults.OnClientEvent:Fire({ stationCount = 2, "
                + "questionCount = 8, players = { { name = 'ada', displayName = 'Ada', points = 5, stations = 1, answered = 3 } } })");
        LuaValue row = world.eval("W.service('Players').LocalPlayer.PlayerGui.QuizGui.Results.Rows.Row1");
        assertThat(row.get("Text").tojstring()).isEqualTo("Ada: 5 points, 1/2 stations, 3/8 answered");
        assertThat(world.errors()).isEmpty();
    }
}
