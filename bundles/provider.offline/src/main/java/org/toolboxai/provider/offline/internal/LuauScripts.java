package org.toolboxai.provider.offline.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.ScriptKind;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.Quiz.Question;

/**
 * The script task: the fixed game logic comes from templates ({@code luau/*.lua}), the lesson's
 * data is written into them as escaped Luau literals. QuizData (shared with clients) holds the
 * questions without answers; the answer keys are written only into the server script QuizStation.
 */
final class LuauScripts {

    static final String MATCH = " => ";

    private LuauScripts() {
    }

    static List<LuauScript> scripts(EnvironmentPlan environment, Quiz quiz, String title) {
        List<Question> questions = quiz == null || quiz.questions() == null ? List.of() : quiz.questions();
        List<EnvironmentPlan.Station> stations = environment.stations() == null ? List.of() : environment.stations();
        Rng rng = Rng.of("luau:" + title + ":" + questions.size());
        List<LuauScript> scripts = new ArrayList<>();
        scripts.add(new LuauScript("QuizStation", ScriptKind.SERVER, template("QuizStation").replace("{{ANSWERS}}", answers(questions))));
        scripts.add(new LuauScript("Progress", ScriptKind.SERVER, template("Progress")));
        scripts.add(new LuauScript("Checkpoints", ScriptKind.SERVER, template("Checkpoints")));
        scripts.add(new LuauScript("QuizClient", ScriptKind.CLIENT, template("QuizClient")));
        scripts.add(new LuauScript("QuizData", ScriptKind.MODULE, quizData(environment, stations, questions, title, rng)));
        return scripts;
    }

    /** The module clients can read: stations and questions, no answers and no explanations. */
    static String quizData(EnvironmentPlan environment, List<EnvironmentPlan.Station> stations, List<Question> questions,
            String title, Rng rng) {
        StringBuilder b = new StringBuilder();
        b.append("-- QuizData (module, in ReplicatedStorage): the quiz as players may see it.\n")
                .append("-- The answer keys are not in this module; they stay in the server script QuizStation.\n")
                .append("local QuizData = {}\n\n")
                .append("QuizData.title = ").append(Lua.str(title)).append("\n")
                .append("QuizData.spawn = ").append(Lua.vector(environment.spawn())).append("\n\n")
                .append("-- the DataStore that keeps players' progress (one per lesson, so lessons do not mix)\n")
                .append("QuizData.progressStore = ").append(Lua.str(progressStore(title))).append("\n")
                .append("-- Roblox user ids that see the class results board, e.g. { 123456, 234567 };\n")
                .append("-- the place's owner (game.CreatorId, when a user owns it) always does\n")
                .append("QuizData.teacherUserIds = {}\n\n")
                .append("QuizData.stations = {\n");
        for (EnvironmentPlan.Station s : stations) {
            b.append("\t{ id = ").append(Lua.str(s.id())).append(", name = ").append(Lua.str(s.name()))
                    .append(", objectiveId = ").append(Lua.str(s.objectiveId())).append(",\n\t\tposition = ")
                    .append(Lua.vector(s.position())).append(", size = ").append(Lua.vector(s.size())).append(" },\n");
        }
        b.append("}\n\nQuizData.questions = {\n");
        for (Question q : questions) {
            b.append("\t{ id = ").append(Lua.str(q.id())).append(", type = ").append(Lua.str(q.type()))
                    .append(", station = ").append(Lua.str(stationOf(q, stations))).append(", objectiveId = ")
                    .append(Lua.str(q.objectiveId())).append(", points = ").append(q.points()).append(",\n\t\tprompt = ")
                    .append(Lua.str(q.prompt())).append(",\n\t\t");
            if ("matching".equals(q.type())) {
                List<String> lefts = new ArrayList<>();
                List<String> rights = new ArrayList<>();
                for (String pair : q.options() == null ? List.<String>of() : q.options()) {
                    int at = pair.indexOf(MATCH);
                    lefts.add(at < 0 ? pair : pair.substring(0, at));
                    rights.add(at < 0 ? "" : pair.substring(at + MATCH.length()));
                }
                b.append("options = {}, lefts = ").append(Lua.strings(lefts)).append(",\n\t\trights = ")
                        .append(Lua.strings(rng.shuffle(rights))).append(" },\n");
            } else {
                b.append("options = ").append(Lua.strings(q.options())).append(" },\n");
            }
        }
        b.append("}\n\n")
                .append("function QuizData.forStation(stationId)\n")
                .append("\tlocal list = {}\n")
                .append("\tfor _, question in ipairs(QuizData.questions) do\n")
                .append("\t\tif question.station == stationId then\n")
                .append("\t\t\ttable.insert(list, question)\n")
                .append("\t\tend\n")
                .append("\tend\n")
                .append("\treturn list\n")
                .append("end\n\n")
                .append("return QuizData\n");
        return b.toString();
    }

    /** The DataStore name of a lesson's progress: stable for its title, within Roblox's 50 characters. */
    static String progressStore(String title) {
        return String.format("ToolboxProgress_%08x", (title == null ? "" : title).hashCode());
    }

    /** The server-side answer keys, keyed by question id. */
    static String answers(List<Question> questions) {
        if (questions.isEmpty()) {
            return "{}";
        }
        StringBuilder b = new StringBuilder("{\n");
        for (Question q : questions) {
            b.append("\t[").append(Lua.str(q.id())).append("] = { kind = ").append(Lua.str(q.type())).append(", accepted = ")
                    .append(Lua.strings(q.answer())).append(",\n\t\texplanation = ").append(Lua.str(q.explanation()))
                    .append(" },\n");
        }
        return b.append("}").toString();
    }

    /** The station of the question's objective, else the first station. */
    static String stationOf(Question q, List<EnvironmentPlan.Station> stations) {
        for (EnvironmentPlan.Station s : stations) {
            if (s.objectiveId() != null && s.objectiveId().equals(q.objectiveId())) {
                return s.id();
            }
        }
        return stations.isEmpty() ? "" : stations.get(0).id();
    }

    private static String template(String name) {
        try (InputStream in = LuauScripts.class.getResourceAsStream("luau/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("template luau/" + name + ".lua is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
