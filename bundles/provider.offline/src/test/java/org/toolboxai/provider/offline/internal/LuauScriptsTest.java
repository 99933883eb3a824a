package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.ScriptKind;
import org.toolboxai.api.content.Quiz.Question;

class LuauScriptsTest {

    private static final List<Pattern> FORBIDDEN = List.of(Pattern.compile("\\+="), Pattern.compile("-="),
            Pattern.compile("\\bcontinue\\b"), Pattern.compile("`"), Pattern.compile("//"),
            Pattern.compile(":\\s*(number|string|boolean|any|\\{)"), Pattern.compile("\\)\\s*:\\s*\\w+\\s*$", Pattern.MULTILINE),
            Pattern.compile("\\btype\\s+\\w+\\s*="), Pattern.compile("\\bexport\\b"));

    @Test
    void theFiveScriptsForEveryEnvironmentAndQuiz() throws Exception {
        for (int seed = 0; seed < 60; seed++) {
            Map<String, Object> request = QuizMakerTest.request(seed, seed % 2 == 0);
            @SuppressWarnings("unchecked")
            Map<String, Object> quiz = (Map<String, Object>) request.get("quiz");
            quiz.put("question_types", QuizMakerTest.ALL_TYPES);
            Requests.Package pkg = Requests.chain(request);
            Map<String, LuauScript> scripts = pkg.scripts().stream().collect(Collectors.toMap(LuauScript::name, s -> s));
            assertThat(scripts.keySet()).containsExactlyInAnyOrder("QuizStation", "Progress", "Checkpoints", "QuizClient",
                    "QuizData", "QuizKeys");
            assertThat(scripts.get("QuizStation").kind()).isEqualTo(ScriptKind.SERVER);
            assertThat(scripts.get("Progress").kind()).isEqualTo(ScriptKind.SERVER);
            assertThat(scripts.get("Checkpoints").kind()).isEqualTo(ScriptKind.SERVER);
            assertThat(scripts.get("QuizClient").kind()).isEqualTo(ScriptKind.CLIENT);
            assertThat(scripts.get("QuizData").kind()).isEqualTo(ScriptKind.MODULE);
            assertThat(scripts.get("QuizKeys").kind()).isEqualTo(ScriptKind.MODULE);
            String keys = scripts.get("QuizKeys").source();
            // QuizStation reads the keys from the server-only module and embeds no quiz of its own
            assertThat(LuaLexer.code(scripts.get("QuizStation").source()))
                    .contains("require(ServerStorage:WaitForChild(\"\"))").doesNotContain("accepted = {");
            for (LuauScript s : pkg.scripts()) {
                String code = LuaLexer.code(s.source());
                for (Pattern p : FORBIDDEN) {
                    assertThat(p.matcher(code).find()).as(s.name() + " uses " + p + ", seed " + seed).isFalse();
                }
                assertThat(s.source()).doesNotContain("{{");
            }
            String station = scripts.get("QuizStation").source();
            assertThat(station).contains("ProximityPrompt", "RemoteEvent", "FireClient", "OnServerEvent");
            assertThat(scripts.get("Progress").source()).contains("leaderstats", "\"Points\"", "\"Stations\"");
            assertThat(scripts.get("Checkpoints").source()).contains("Touched", "CharacterAdded", "PivotTo");
            assertThat(scripts.get("Progress").source()).contains("UpdateAsync", "BindToClose", "GetRequestBudgetForRequestType");
            assertThat(scripts.get("QuizClient").source()).contains("FireServer", "OnClientEvent");
            String data = scripts.get("QuizData").source();
            for (var st : pkg.environment().stations()) {
                assertThat(data).contains(Lua.str(st.id()), Lua.str(st.name()));
            }
            for (Question q : pkg.quiz().questions()) {
                assertThat(data).contains(Lua.str(q.prompt()));
                assertThat(keys).contains("[" + Lua.str(q.id()) + "] = { kind = " + Lua.str(q.type()) + ", accepted = "
                        + Lua.strings(q.answer()));
                assertThat(station).doesNotContain(Lua.str(q.prompt()));
                assertNoAnswerKey(q, data);
            }
            assertThat(LuaLexer.code(data)).doesNotContain("accepted", "answer", "explanation");
        }
    }

    /** The answers of a question are not in the module clients can read (only the options, which every player sees). */
    private static void assertNoAnswerKey(Question q, String module) {
        int start = module.indexOf("\t{ id = " + Lua.str(q.id()) + ",");
        assertThat(start).as(q.id() + " is in QuizData").isNotNegative();
        int end = module.indexOf("\n\t{ id = ", start + 1);
        String data = module.substring(start, end < 0 ? module.indexOf("\n}", start) : end);
        switch (q.type()) {
            case "multiple_choice", "true_false" -> { } // every player sees both choices of true/false
            case "ordering" -> assertThat(data).as(q.id()).doesNotContain(Lua.strings(q.answer()));
            case "matching" -> q.answer().forEach(pair -> assertThat(data).as(q.id()).doesNotContain(Lua.str(pair)));
            default -> q.answer().forEach(a -> {
                if (!q.prompt().contains(a)) {
                    assertThat(data).as(q.id() + " answer " + a).doesNotContain(Lua.str(a));
                }
            });
        }
    }

    @Test
    void stringsAreEscaped() {
        assertThat(Lua.str("say \"hi\"\\n\nnext\ttab")).isEqualTo("\"say \\\"hi\\\"\\\\n\\nnext\\ttab\"");
        assertThat(Lua.str("a `b` += c // d continue")).isEqualTo("\"a \\096b\\096 +\\061 c /\\047 d \\099ontinue\"");
        assertThat(Lua.str("bell\u0007")).isEqualTo("\"bell\\007\"");
        assertThat(Lua.str("3 × 4 ÷ 2")).isEqualTo("\"3 × 4 ÷ 2\"");
        assertThat(LuaLexer.code("local s = " + Lua.str("tricky \" \\ \n -- ]] [[ ' end") + " return s"))
                .isEqualTo("local s = \"\" return s");
        assertThat(Lua.num(12.0)).isEqualTo("12");
        assertThat(Lua.num(-2.5)).isEqualTo("-2.5");
        assertThat(Lua.num(1e7)).isEqualTo("10000000");
    }

    @Test
    void theLexerFindsUnclosedStrings() {
        assertThatThrownBy(() -> LuaLexer.code("local s = \"open\nprint(s)")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> LuaLexer.code("local s = [[open")).hasMessageContaining("unclosed");
        assertThat(LuaLexer.code("--[[ a \" comment ]] local x = 'y' -- tail \"")).isEqualTo(" local x = \"\" ");
    }

    @Test
    void withoutQuizTheScriptsStillWork() throws Exception {
        Map<String, Object> request = Requests.request("History", 8, List.of("Causes of World War II"), "museum", 30, 5,
                List.of(), "medium", List.of());
        request.put("include_quiz", false);
        Map<String, Object> context = Requests.context(request);
        context.put("lesson_plan", Requests.asJson(Requests.curriculum(context)));
        context.put("environment", Requests.asJson(Requests.answer("environment", context,
                org.toolboxai.api.content.EnvironmentPlan.class)));
        List<LuauScript> scripts = Json.MAPPER.readValue(Requests.complete("script", context, null).text(),
                new com.fasterxml.jackson.core.type.TypeReference<List<LuauScript>>() { });
        assertThat(scripts).hasSize(6);
        LuauScript data = scripts.stream().filter(s -> s.name().equals("QuizData")).findFirst().orElseThrow();
        assertThat(data.source()).contains("QuizData.questions = {\n}");
        for (LuauScript s : scripts) {
            LuaLexer.code(s.source());
        }
    }
}
