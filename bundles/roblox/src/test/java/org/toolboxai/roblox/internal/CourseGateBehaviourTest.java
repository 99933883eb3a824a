package org.toolboxai.roblox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.provider.offline.internal.RobloxWorld;

/**
 * The course's server script in a Roblox server (LuaJ running the offline provider's fake engine)
 * beside the offline provider's real Progress script, which keeps answers in a DataStore: lessons
 * open in order only as their questions are answered, a locked portal refuses and moves nobody,
 * an open one moves the player to its area, the final assessment opens after the last lesson,
 * and a player who leaves and comes back finds the same lessons open.
 */
class CourseGateBehaviourTest {

    private static final ContentPackage COURSE = CoursePlaceTest.course(3);

    private static String progressScript() throws IOException {
        try (InputStream in = RobloxWorld.class.getResourceAsStream("luau/Progress.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static RobloxWorld server() throws IOException {
        RobloxWorld world = new RobloxWorld();
        world.module(QuizDataModule.NAME, QuizDataModule.source(COURSE));
        world.serverModule(QuizDataModule.KEYS, QuizDataModule.keys(COURSE));
        world.module(CoursePlace.DATA, source(CoursePlace.DATA));
        // the portals, as the place file has them: parts in Workspace.Props
        world.exec("local names = ...\nlocal folder = W.env.Instance.new('Folder')\nfolder.Name = 'Props'\nfolder.Parent = W.workspace\n"
                + "for _, name in ipairs(names) do local part = W.env.Instance.new('Part')\npart.Name = name\npart.Parent = folder end",
                RobloxWorld.list(COURSE.environment().props().stream().map(EnvironmentPlan.Prop::name).toList()));
        world.runServer("Progress", progressScript());
        world.runServer(CoursePlace.GATE, source(CoursePlace.GATE));
        return world;
    }

    private static String source(String name) {
        return COURSE.scripts().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().source();
    }

    private static LuaValue join(RobloxWorld world, long userId) {
        LuaValue player = world.exec("local p = W.addPlayer(...)\nW.spawnCharacter(p)\nreturn p", LuaValue.valueOf(userId),
                LuaValue.valueOf("Ada")).arg1();
        world.advance(2);
        return player;
    }

    /** Touches the portal (after the cooldown) and returns where the player's root part is then, {@code "x,z"}. */
    private static String touch(RobloxWorld world, LuaValue player, String portal) {
        world.advance(2);
        world.exec("local player, name = ...\nW.workspace.Props:FindFirstChild(name).Touched:Fire(player.Character.HumanoidRootPart)",
                player, LuaValue.valueOf(portal));
        world.advance(0.1);
        return world.eval("(function(p) local cf = p.Character.HumanoidRootPart.CFrame\n"
                + "return cf and string.format('%.1f,%.1f', cf.Position.X, cf.Position.Z) or 'nowhere' end)(...)", player).tojstring();
    }

    private static String where(RobloxWorld world, LuaValue player) {
        return world.eval("(function(p) local cf = p.Character.HumanoidRootPart.CFrame\n"
                + "return string.format('%.1f,%.1f', cf.Position.X, cf.Position.Z) end)(...)", player).tojstring();
    }

    /** Where the navigation says a player arrives: in area {@code index} (0-based; the last is the final area), or back in the hub. */
    private static String expected(int index, String key) {
        java.util.Map<String, Object> nav = CourseNavigation.plan(CoursePlaceTest.lessons(3).stream().map(CoursePlace.Lesson::title).toList(),
                List.of(1, 2, 3), CoursePlace.areaSide(CoursePlaceTest.lessons(3)));
        java.util.Map<?, ?> area = index < 3 ? (java.util.Map<?, ?>) ((List<?>) nav.get("areas")).get(index) : (java.util.Map<?, ?>) nav.get("summative");
        List<?> at = (List<?>) area.get(key);
        return String.format(java.util.Locale.ROOT, "%.1f,%.1f", ((Number) at.get(0)).doubleValue(), ((Number) at.get(2)).doubleValue());
    }

    /** What Progress hears from QuizStation when a question is answered. */
    private static void answer(RobloxWorld world, LuaValue player, Quiz.Question q) {
        world.exec("local player, id, points = ...\nW.service('ServerStorage').ToolboxProgress:Fire(player, id, points, nil)", player,
                LuaValue.valueOf(q.id()), LuaValue.valueOf(q.points()));
        world.advance(0.1);
    }

    private static List<Quiz.Question> questionsOf(String prefix) {
        return COURSE.quiz().questions().stream().filter(q -> q.id().startsWith(prefix)).toList();
    }

    private static int completed(RobloxWorld world, LuaValue player) {
        LuaValue v = world.eval("W.attribute(..., 'CourseLessonsCompleted')", player);
        return v.isnil() ? -1 : v.toint();
    }

    private static int messages(RobloxWorld world, LuaValue player) {
        return world.eval("(function(player) local n = 0\nfor _, e in ipairs(W.toClients) do\n"
                + "if e.remote == 'CourseMessage' and e.player == player then n = n + 1 end end\nreturn n end)(...)", player).toint();
    }

    @Test
    void lessonsOpenInOrderAsTheirQuestionsAreAnsweredAndStayOpenAfterRejoining() throws IOException {
        RobloxWorld world = server();
        LuaValue ada = join(world, 501);
        assertThat(completed(world, ada)).isZero();
        String start = touch(world, ada, "Portal to lesson 2");
        assertThat(messages(world, ada)).as("a locked portal says why").isEqualTo(1);
        assertThat(touch(world, ada, "Portal to the final assessment")).as("the final area is locked too").isEqualTo(start);
        assertThat(messages(world, ada)).isEqualTo(2);

        assertThat(start).as("nobody moved").isNotEqualTo(expected(1, "arrival"));
        String inLesson1 = touch(world, ada, "Portal to lesson 1");
        assertThat(inLesson1).as("lesson 1 is always open").isEqualTo(expected(0, "arrival"));
        List<Quiz.Question> lesson1 = questionsOf("L1-");
        assertThat(lesson1).hasSize(4);
        for (Quiz.Question q : lesson1.subList(0, 3)) {
            answer(world, ada, q);
        }
        assertThat(completed(world, ada)).as("3 of 4 answered").isZero();
        answer(world, ada, lesson1.get(3));
        assertThat(completed(world, ada)).as("every question of lesson 1 answered").isEqualTo(1);

        assertThat(touch(world, ada, "Portal back from lesson 1")).isEqualTo(expected(0, "hub_arrival"));
        assertThat(touch(world, ada, "Portal to lesson 2")).as("lesson 2 opened").isEqualTo(expected(1, "arrival"));
        int refused = messages(world, ada);
        assertThat(touch(world, ada, "Portal back from lesson 2")).isEqualTo(expected(1, "hub_arrival"));
        assertThat(touch(world, ada, "Portal to lesson 3")).as("lesson 3 waits for lesson 2").isEqualTo(expected(1, "hub_arrival"));
        assertThat(messages(world, ada)).isEqualTo(refused + 1);
        // a client that moves its character into lesson 3 (not open) is sent back to the hub within a second or two
        int before3 = messages(world, ada);
        world.exec("local player, x, z = ...\nplayer.Character.HumanoidRootPart.CFrame = W.env.CFrame.new(x, 3, z)", ada,
                LuaValue.valueOf(Double.parseDouble(expected(2, "arrival").split(",")[0])),
                LuaValue.valueOf(Double.parseDouble(expected(2, "arrival").split(",")[1])));
        world.advance(2);
        assertThat(where(world, ada)).as("back in the hub").isEqualTo(String.format(java.util.Locale.ROOT, "%.1f,%.1f", 0.0,
                -CoursePlace.areaSide(CoursePlaceTest.lessons(3)) / 4));
        assertThat(messages(world, ada)).isEqualTo(before3 + 1);
        // in an open area nobody is moved
        world.exec("local player, x, z = ...\nplayer.Character.HumanoidRootPart.CFrame = W.env.CFrame.new(x, 3, z)", ada,
                LuaValue.valueOf(Double.parseDouble(expected(1, "arrival").split(",")[0])),
                LuaValue.valueOf(Double.parseDouble(expected(1, "arrival").split(",")[1])));
        world.advance(2);
        assertThat(where(world, ada)).isEqualTo(expected(1, "arrival"));
        // answers to a later lesson do not open anything before the earlier one is done
        questionsOf("L3-").forEach(q -> answer(world, ada, q));
        assertThat(completed(world, ada)).isEqualTo(1);

        // leaving and coming back: Progress saved the answers, the gate works the same lessons out again
        world.exec("W.removePlayer(...)", ada);
        world.advance(30);
        LuaValue back = join(world, 501);
        assertThat(completed(world, back)).as("after rejoining").isEqualTo(1);
        assertThat(touch(world, back, "Portal to lesson 2")).as("lesson 2 still open").isEqualTo(expected(1, "arrival"));
        questionsOf("L2-").forEach(q -> answer(world, back, q));
        assertThat(completed(world, back)).as("lessons 1-3 done (3 was answered before)").isEqualTo(3);
        int before = messages(world, back);
        String fin = touch(world, back, "Portal to the final assessment");
        assertThat(messages(world, back)).as("the final area opened without a refusal").isEqualTo(before);
        assertThat(fin).isEqualTo(expected(3, "arrival"));
        assertThat(world.errors()).isEmpty();
    }
}
