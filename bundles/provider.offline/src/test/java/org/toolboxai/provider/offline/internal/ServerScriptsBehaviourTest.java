package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.QuizModules;
import org.toolboxai.api.content.Quiz.Question;

/**
 * The generated server scripts (QuizStation, Progress, Checkpoints) run in LuaJ against a fake of
 * the Roblox API ({@link RobloxWorld}); the tests play players, a network and a DataStore and
 * check what happens, not how the code reads.
 */
class ServerScriptsBehaviourTest {

    private static Requests.Package lesson;

    @BeforeAll
    static void generate() throws Exception {
        lesson = Requests.chain(Requests.request("Mathematics", 7, List.of("Fractions", "Decimals"), "underwater", 45, 8,
                QuizMakerTest.ALL_TYPES, "medium", List.of()));
    }

    /** The DataStore name the package's QuizData names. */
    private static String store() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("QuizData.progressStore = \"([^\"]+)\"")
                .matcher(RobloxWorld.source(lesson.scripts(), "QuizData"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** A server with the three server scripts started, in the order a place may start them. */
    private static RobloxWorld server() {
        return server(lesson.scripts());
    }

    private static RobloxWorld server(List<LuauScript> scripts) {
        return start(RobloxWorld.server(scripts), scripts);
    }

    private static RobloxWorld start(RobloxWorld world, List<LuauScript> scripts) {
        world.runServer("QuizStation", RobloxWorld.source(scripts, "QuizStation"));
        world.runServer("Progress", RobloxWorld.source(scripts, "Progress"));
        world.runServer("Checkpoints", RobloxWorld.source(scripts, "Checkpoints"));
        return world;
    }

    private static Question question(String type) {
        return lesson.quiz().questions().stream().filter(q -> q.type().equals(type)).findFirst().orElseThrow();
    }

    private static String stationOf(Question q) {
        return LuauScripts.stationOf(q, lesson.environment().stations());
    }

    /** The reply the client sends for the right answer. */
    private static LuaTable right(Question q) {
        return RobloxWorld.list(q.type().equals("ordering") || q.type().equals("matching") ? q.answer()
                : List.of(q.answer().get(0)));
    }

    private static void trigger(RobloxWorld world, LuaValue player, String stationId) {
        world.exec("local player, id = ...\nW.workspace:FindFirstChild(id, true).QuizPrompt.Triggered:Fire(player)", player,
                LuaValue.valueOf(stationId));
    }

    /** Shows the station's questions until the given one is asked (answering the others wrong). */
    private static void askUntil(RobloxWorld world, LuaValue player, Question q) {
        for (int i = 0; i < 20; i++) {
            trigger(world, player, stationOf(q));
            LuaValue shown = lastSent(world, "ShowQuestion", player);
            if (shown.get("id").tojstring().equals(q.id())) {
                return;
            }
            submit(world, player, shown.get("id"), RobloxWorld.list(List.of("not the answer")));
        }
        throw new AssertionError(q.id() + " was never asked");
    }

    private static void submit(RobloxWorld world, LuaValue player, LuaValue questionId, LuaValue reply) {
        world.exec("local player, id, reply = ...\n"
                + "W.fireServer(player, W.service('ReplicatedStorage').QuizRemotes.SubmitAnswer, id, reply)", player,
                questionId, reply);
    }

    /** The first argument of the last event of that remote sent to that player, or nil. */
    private static LuaValue lastSent(RobloxWorld world, String remote, LuaValue player) {
        return world.eval("(function(name, player)\n"
                + "  for i = #W.toClients, 1, -1 do\n"
                + "    local e = W.toClients[i]\n"
                + "    if e.remote == name and e.player == player then return e.args[1] end\n"
                + "  end\n"
                + "end)(...)", LuaValue.valueOf(remote), player);
    }

    private static int sentCount(RobloxWorld world, String remote, LuaValue player) {
        return world.eval("(function(name, player)\n"
                + "  local n = 0\n"
                + "  for _, e in ipairs(W.toClients) do\n"
                + "    if e.remote == name and (player == nil or e.player == player) then n = n + 1 end\n"
                + "  end\n"
                + "  return n\n"
                + "end)(...)", LuaValue.valueOf(remote), player == null ? LuaValue.NIL : player).toint();
    }

    private static int stat(RobloxWorld world, LuaValue player, String name) {
        return world.eval("(...).leaderstats[select(2, ...)].Value", player, LuaValue.valueOf(name)).toint();
    }

    private static LuaValue stored(RobloxWorld world, long userId) {
        return world.eval("(W.dataStores.stores[...] or {})[select(2, ...)]", LuaValue.valueOf(store()),
                LuaValue.valueOf("player_" + userId));
    }

    private static int calls(RobloxWorld world, String kind) {
        return world.eval("(function(kind) local n = 0 for _, c in ipairs(W.dataStores.calls) do "
                + "if c.kind == kind then n = n + 1 end end return n end)(...)", LuaValue.valueOf(kind)).toint();
    }

    private static void save(RobloxWorld world, long userId, Map<String, Integer> answered, List<String> stations) {
        LuaTable record = new LuaTable();
        LuaTable a = new LuaTable();
        answered.forEach((id, points) -> a.set(id, LuaValue.valueOf(points)));
        LuaTable s = new LuaTable();
        stations.forEach(id -> s.set(id, LuaValue.TRUE));
        record.set("answered", a);
        record.set("stations", s);
        world.exec("local name, key, record = ...\n"
                + "W.dataStores.stores[name] = W.dataStores.stores[name] or {}\n"
                + "W.dataStores.stores[name][key] = record", LuaValue.valueOf(store()),
                LuaValue.valueOf("player_" + userId), record);
    }

    @Test
    void aJoiningPlayerGetsLeaderstatsAndTheProgressSavedBefore() {
        RobloxWorld world = server();
        Question done = question("multiple_choice");
        save(world, 101, Map.of(done.id(), done.points()), List.of());

        LuaValue ada = world.addPlayer(101, "Ada");
        LuaValue bo = world.addPlayer(102, "Bo");
        world.advance(1);

        assertThat(stat(world, ada, "Points")).isEqualTo(done.points());
        assertThat(stat(world, bo, "Points")).isZero();
        assertThat(stat(world, bo, "Stations")).isZero();
        assertThat(world.eval("W.attribute(..., 'ToolboxProgressReady')", ada).toboolean()).isTrue();
        // the question answered in an earlier session is not asked again
        for (int i = 0; i < 10; i++) {
            trigger(world, ada, stationOf(done));
            LuaValue shown = lastSent(world, "ShowQuestion", ada);
            assertThat(shown.get("id").tojstring()).isNotEqualTo(done.id());
            if (shown.get("type").tojstring().equals("message")) {
                break;
            }
            submit(world, ada, shown.get("id"), RobloxWorld.list(List.of("not the answer")));
        }
        assertThat(world.errors()).isEmpty();
    }

    @Test
    void aRightAnswerScoresOnceAndAReplayChangesNothing() {
        RobloxWorld world = server();
        LuaValue ada = world.addPlayer(101, "Ada");
        world.advance(1);
        for (String type : List.of("multiple_choice", "true_false", "matching", "ordering", "short_answer", "fill_blank")) {
            Question q = lesson.quiz().questions().stream().filter(x -> x.type().equals(type)).findFirst().orElse(null);
            if (q == null) {
                continue;
            }
            askUntil(world, ada, q);
            LuaValue shown = lastSent(world, "ShowQuestion", ada);
            // what reaches the client has no answer key
            assertThat(RobloxWorld.keys(shown)).doesNotContain("accepted", "answer", "explanation");
            int before = stat(world, ada, "Points");
            int results = sentCount(world, "AnswerResult", ada);

            submit(world, ada, LuaValue.valueOf(q.id()), right(q));
            assertThat(lastSent(world, "AnswerResult", ada).get("correct").toboolean()).as(type).isTrue();
            assertThat(stat(world, ada, "Points")).as(type).isEqualTo(before + q.points());

            submit(world, ada, LuaValue.valueOf(q.id()), right(q));
            assertThat(stat(world, ada, "Points")).as(type + " replayed").isEqualTo(before + q.points());
            assertThat(sentCount(world, "AnswerResult", ada)).isEqualTo(results + 1);
        }
        assertThat(world.errors()).isEmpty();
    }

    @Test
    void forgedAndMalformedEventsChangeNothing() {
        RobloxWorld world = server();
        LuaValue ada = world.addPlayer(101, "Ada");
        LuaValue bo = world.addPlayer(102, "Bo");
        world.advance(1);
        List<EnvironmentPlan.Station> stations = lesson.environment().stations();
        Question adaQ = question("multiple_choice");
        askUntil(world, ada, adaQ);
        // Bo is shown a question of another station
        String otherStation = stations.stream().map(EnvironmentPlan.Station::id).filter(id -> !id.equals(stationOf(adaQ)))
                .findFirst().orElseThrow();
        trigger(world, bo, otherStation);
        LuaValue boQ = lastSent(world, "ShowQuestion", bo).get("id");
        Question notAsked = lesson.quiz().questions().stream()
                .filter(q -> !q.id().equals(adaQ.id()) && !q.id().equals(boQ.tojstring())).findFirst().orElseThrow();
        int results = sentCount(world, "AnswerResult", null);

        LuaTable manyItems = new LuaTable();
        for (int i = 1; i <= 500; i++) {
            manyItems.set(i, LuaValue.valueOf("x"));
        }
        LuaTable nested = new LuaTable();
        nested.set(1, RobloxWorld.list(List.of(adaQ.answer().get(0))));
        LuaTable mixed = new LuaTable();
        mixed.set(1, LuaValue.valueOf(adaQ.answer().get(0)));
        mixed.set("extra", LuaValue.TRUE);
        LuaValue[][] forged = {
            {boQ, right(question("multiple_choice"))},                       // another player's question
            {LuaValue.valueOf(notAsked.id()), right(notAsked)},              // a question not asked
            {LuaValue.valueOf("no-such-question"), right(adaQ)},             // an unknown question
            {LuaValue.valueOf(101), right(adaQ)},                            // a number as id (Ada's user id)
            {bo, right(adaQ)},                                               // an instance as id
            {right(adaQ), right(adaQ)},                                      // a table as id
            {LuaValue.valueOf(adaQ.id()), LuaValue.valueOf(adaQ.answer().get(0))}, // a bare string
            {LuaValue.valueOf(adaQ.id()), LuaValue.valueOf(42)},
            {LuaValue.valueOf(adaQ.id()), LuaValue.NIL},
            {LuaValue.valueOf(adaQ.id()), nested},
            {LuaValue.valueOf(adaQ.id()), mixed},
            {LuaValue.valueOf(adaQ.id()), manyItems},
            {LuaValue.valueOf(adaQ.id()), RobloxWorld.list(List.of("x".repeat(10_000)))},
        };
        for (LuaValue[] event : forged) {
            submit(world, ada, event[0], event[1]);
        }
        assertThat(stat(world, ada, "Points")).isZero();
        assertThat(stat(world, bo, "Points")).isZero();
        assertThat(sentCount(world, "AnswerResult", null)).isEqualTo(results);
        assertThat(world.errors()).isEmpty();

        // the question Ada was shown is still hers to answer
        submit(world, ada, LuaValue.valueOf(adaQ.id()), right(adaQ));
        assertThat(stat(world, ada, "Points")).isEqualTo(adaQ.points());
        assertThat(stat(world, bo, "Points")).isZero();
    }

    @Test
    void leavingSavesAndTheNextServerRestores() {
        RobloxWorld first = server();
        LuaValue ada = first.addPlayer(101, "Ada");
        first.advance(1);
        Question q = question("true_false");
        askUntil(first, ada, q);
        submit(first, ada, LuaValue.valueOf(q.id()), right(q));
        int points = stat(first, ada, "Points");
        assertThat(points).isEqualTo(q.points());

        first.exec("W.removePlayer(...)", ada);
        assertThat(stored(first, 101).get("answered").get(q.id()).toint()).isEqualTo(q.points());

        // another server of the same experience: same DataStores
        RobloxWorld second = RobloxWorld.server(lesson.scripts());
        second.exec("W.dataStores.stores = ...", first.eval("W.dataStores.stores"));
        start(second, lesson.scripts());
        LuaValue again = second.addPlayer(101, "Ada");
        second.advance(1);
        assertThat(stat(second, again, "Points")).isEqualTo(points);
        assertThat(first.errors()).isEmpty();
        assertThat(second.errors()).isEmpty();
    }

    @Test
    void answersAreSavedSoonAfterwardsWithoutWaitingForTheEnd() {
        RobloxWorld world = server();
        LuaValue ada = world.addPlayer(101, "Ada");
        world.advance(1);
        Question q = question("multiple_choice");
        askUntil(world, ada, q);
        submit(world, ada, LuaValue.valueOf(q.id()), right(q));
        assertThat(stored(world, 101).isnil()).isTrue();
        world.advance(10);
        assertThat(stored(world, 101).get("answered").get(q.id()).toint()).isEqualTo(q.points());
    }

    @Test
    void dataStoreFailuresAreRetriedWithinBoundsAndLoseNothing() {
        RobloxWorld world = server();
        LuaValue ada = world.addPlayer(101, "Ada");
        world.advance(1);
        Question q = question("multiple_choice");
        askUntil(world, ada, q);
        submit(world, ada, LuaValue.valueOf(q.id()), right(q));

        // the DataStore is down for a minute: a save tries at most 5 times in 15 s, then waits
        world.exec("W.dataStores.failNext = 1000");
        world.exec("W.removePlayer(...)", ada);
        world.advance(16);
        assertThat(calls(world, "UpdateAsync")).isEqualTo(5);
        world.advance(44);
        int attempts = calls(world, "UpdateAsync");
        assertThat(attempts).isBetween(6, 16);
        assertThat(world.warnings()).anyMatch(w -> w.contains("could not save Ada"));
        assertThat(stored(world, 101).isnil()).isTrue();

        // it comes back: the record kept after the player left is saved then
        world.exec("W.dataStores.failNext = 0");
        world.advance(60);
        assertThat(stored(world, 101).get("answered").get(q.id()).toint()).isEqualTo(q.points());
        world.advance(120);
        assertThat(calls(world, "UpdateAsync")).as("one more request, then none once saved").isEqualTo(attempts + 1);
        assertThat(world.errors()).isEmpty();
    }

    @Test
    void aFewFailuresAreRetriedAndALoadFailureDoesNotOverwriteTheSavedRecord() {
        RobloxWorld world = server();
        Question old = question("true_false");
        save(world, 101, Map.of(old.id(), old.points()), List.of());
        world.exec("W.dataStores.failNext = 1000");
        LuaValue ada = world.addPlayer(101, "Ada");
        world.advance(60);
        assertThat(calls(world, "GetAsync")).isBetween(1, 5);
        assertThat(stat(world, ada, "Points")).as("nothing could be loaded").isZero();
        world.exec("W.dataStores.failNext = 2");

        Question q = question("multiple_choice");
        askUntil(world, ada, q);
        submit(world, ada, LuaValue.valueOf(q.id()), right(q));
        world.advance(30);
        LuaValue answered = stored(world, 101).get("answered");
        assertThat(answered.get(old.id()).toint()).as("the earlier session's answer stays").isEqualTo(old.points());
        assertThat(answered.get(q.id()).toint()).isEqualTo(q.points());
        // the save brought the stored answers back to the server
        assertThat(stat(world, ada, "Points")).isEqualTo(old.points() + q.points());
        assertThat(world.errors()).isEmpty();
    }

    @Test
    void noRequestIsSentWithoutRequestBudget() {
        RobloxWorld world = server();
        LuaValue ada = world.addPlayer(101, "Ada");
        world.advance(1);
        Question q = question("multiple_choice");
        askUntil(world, ada, q);
        world.exec("W.dataStores.budget = 0");
        submit(world, ada, LuaValue.valueOf(q.id()), right(q));
        world.advance(120);
        assertThat(calls(world, "UpdateAsync")).isZero();
        world.exec("W.dataStores.budget = 10");
        world.advance(60);
        assertThat(stored(world, 101).get("answered").get(q.id()).toint()).isEqualTo(q.points());
        assertThat(world.errors()).isEmpty();
    }

    @Test
    void bindToCloseSavesEveryoneEvenWhenSomeRequestsFail() {
        RobloxWorld world = server();
        List<LuaValue> players = List.of(world.addPlayer(101, "Ada"), world.addPlayer(102, "Bo"), world.addPlayer(103, "Cy"));
        world.advance(1);
        Question q = question("multiple_choice");
        for (LuaValue p : players) {
            askUntil(world, p, q);
            submit(world, p, LuaValue.valueOf(q.id()), right(q));
        }
        world.exec("W.dataStores.failNext = 2");
        // the server closes before the delayed saves ran
        assertThat(world.exec("return W.close()").arg1().toboolean()).as("BindToClose finished within 30 s").isTrue();
        for (long id = 101; id <= 103; id++) {
            assertThat(stored(world, id).get("answered").get(q.id()).toint()).as("player " + id).isEqualTo(q.points());
        }
        assertThat(world.errors()).isEmpty();
    }

    @Test
    void savesMergeWithWhatAnotherServerStoredMeanwhile() {
        RobloxWorld world = server();
        LuaValue ada = world.addPlayer(101, "Ada");
        world.advance(1);
        Question mine = question("multiple_choice");
        Question theirs = question("true_false");
        askUntil(world, ada, mine);
        submit(world, ada, LuaValue.valueOf(mine.id()), right(mine));
        // another server saved an answer of the same player after this server loaded
        save(world, 101, Map.of(theirs.id(), theirs.points()), List.of());
        world.advance(10);
        LuaValue answered = stored(world, 101).get("answered");
        assertThat(answered.get(mine.id()).toint()).isEqualTo(mine.points());
        assertThat(answered.get(theirs.id()).toint()).isEqualTo(theirs.points());
        assertThat(stat(world, ada, "Points")).isEqualTo(mine.points() + theirs.points());
    }

    @Test
    void withoutDataStoresTheQuizStillWorksForTheSession() {
        RobloxWorld world = RobloxWorld.server(lesson.scripts());
        world.exec("W.dataStores.unavailable = true");
        world.runServer("QuizStation", RobloxWorld.source(lesson.scripts(), "QuizStation"));
        world.runServer("Progress", RobloxWorld.source(lesson.scripts(), "Progress"));
        LuaValue ada = world.addPlayer(101, "Ada");
        world.advance(1);
        Question q = question("multiple_choice");
        askUntil(world, ada, q);
        submit(world, ada, LuaValue.valueOf(q.id()), right(q));
        assertThat(stat(world, ada, "Points")).isEqualTo(q.points());
        world.exec("W.removePlayer(...)", ada);
        assertThat(world.exec("return W.close()").arg1().toboolean()).isTrue();
        assertThat(world.warnings()).anyMatch(w -> w.contains("session only"));
        assertThat(world.errors()).isEmpty();
    }

    @Test
    void theAnswerKeysAreOnlyOnTheServer() {
        RobloxWorld world = server();
        world.addPlayer(101, "Ada");
        world.advance(1);
        assertThat(world.eval("W.service('ReplicatedStorage'):FindFirstChild('QuizKeys')").isnil()).isTrue();
        assertThat(world.eval("W.service('ServerStorage'):FindFirstChild('QuizKeys')").isnil()).isFalse();
        assertThat(LuaLexer.code(RobloxWorld.source(lesson.scripts(), "QuizStation"))).doesNotContain("accepted = {");
        assertThat(world.errors()).isEmpty();
    }

    /**
     * A teacher's edit: one question rewritten with another key, one deleted. Only QuizData and
     * QuizKeys are written again (as the exports do); the server scripts stay as generated, and
     * they ask and judge the edited quiz.
     */
    @Test
    void anEditedQuizIsWhatTheServerAsksAndChecks() {
        Question original = question("multiple_choice");
        String oldKey = original.answer().get(0);
        String newKey = original.options().stream().filter(o -> !o.equals(oldKey)).findFirst().orElseThrow();
        Question rewritten = new Question(original.id(), original.type(), original.objectiveId(),
                "Edited by the teacher: pick " + newKey, original.options(), List.of(newKey), original.points(), "edited");
        Question removed = lesson.quiz().questions().stream()
                .filter(q -> q != original && stationOf(q).equals(stationOf(original))).findFirst().orElseThrow();
        List<Question> questions = lesson.quiz().questions().stream().filter(q -> q != removed)
                .map(q -> q == original ? rewritten : q).toList();
        Quiz edited = new Quiz(lesson.quiz().title(), questions);
        List<LuauScript> scripts = lesson.scripts().stream().map(s -> switch (s.name()) {
            case "QuizData" -> new LuauScript(s.name(), s.kind(),
                    QuizModules.quizData(lesson.plan().title(), lesson.environment(), edited, store()));
            case "QuizKeys" -> new LuauScript(s.name(), s.kind(), QuizModules.quizKeys(edited));
            default -> s;
        }).toList();
        RobloxWorld world = server(scripts);
        LuaValue ada = world.addPlayer(101, "Ada");
        LuaValue bo = world.addPlayer(102, "Bo");
        world.advance(1);

        askUntil(world, ada, rewritten);
        assertThat(lastSent(world, "ShowQuestion", ada).get("prompt").tojstring()).isEqualTo(rewritten.prompt());
        submit(world, ada, LuaValue.valueOf(rewritten.id()), RobloxWorld.list(List.of(oldKey)));
        assertThat(lastSent(world, "AnswerResult", ada).get("correct").toboolean()).as("the old key").isFalse();
        assertThat(stat(world, ada, "Points")).isZero();

        askUntil(world, bo, rewritten);
        submit(world, bo, LuaValue.valueOf(rewritten.id()), RobloxWorld.list(List.of(newKey)));
        LuaValue result = lastSent(world, "AnswerResult", bo);
        assertThat(result.get("correct").toboolean()).as("the new key").isTrue();
        assertThat(result.get("explanation").tojstring()).isEqualTo("edited");
        assertThat(stat(world, bo, "Points")).isEqualTo(rewritten.points());

        // the deleted question is never asked: walk the station to its end
        List<String> shown = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            trigger(world, bo, stationOf(original));
            LuaValue q = lastSent(world, "ShowQuestion", bo);
            if (q.get("id").tojstring().isEmpty()) {
                break;
            }
            shown.add(q.get("id").tojstring());
            submit(world, bo, q.get("id"), RobloxWorld.list(List.of("not the answer")));
        }
        assertThat(lastSent(world, "ShowQuestion", bo).get("prompt").tojstring()).contains("finished this station");
        assertThat(shown).doesNotContain(removed.id()).isNotEmpty();
        assertThat(world.errors()).isEmpty();
    }

    @Test
    void onlyTeachersGetTheResultsBoard() {
        String data = RobloxWorld.source(lesson.scripts(), "QuizData")
                .replace("QuizData.teacherUserIds = {}", "QuizData.teacherUserIds = { 777 }");
        List<LuauScript> scripts = lesson.scripts().stream()
                .map(s -> s.name().equals("QuizData") ? new LuauScript(s.name(), s.kind(), data) : s).toList();
        RobloxWorld world = server(scripts);
        world.exec("W.game.CreatorId = 500");
        LuaValue owner = world.addPlayer(500, "Owner");
        LuaValue listed = world.addPlayer(777, "Teacher");
        LuaValue ada = world.addPlayer(101, "Ada");
        world.advance(1);
        Question q = question("multiple_choice");
        askUntil(world, ada, q);
        submit(world, ada, LuaValue.valueOf(q.id()), right(q));

        assertThat(sentCount(world, "TeacherResults", ada)).isZero();
        for (LuaValue teacher : List.of(owner, listed)) {
            LuaValue results = lastSent(world, "TeacherResults", teacher);
            assertThat(results.get("stationCount").toint()).isEqualTo(lesson.environment().stations().size());
            LuaValue rows = results.get("players");
            LuaValue adaRow = null;
            for (int i = 1; i <= rows.length(); i++) {
                if (rows.get(i).get("name").tojstring().equals("Ada")) {
                    adaRow = rows.get(i);
                }
            }
            assertThat(adaRow).isNotNull();
            assertThat(adaRow.get("points").toint()).isEqualTo(q.points());
        }
        assertThat(world.errors()).isEmpty();
    }
}
