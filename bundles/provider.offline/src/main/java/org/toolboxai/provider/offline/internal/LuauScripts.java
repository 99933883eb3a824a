package org.toolboxai.provider.offline.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.QuizModules;
import org.toolboxai.api.content.ScriptKind;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.Quiz.Question;

/**
 * The script task: the fixed game logic comes from templates ({@code luau/*.lua}); the lesson's
 * data is in two modules written by {@link QuizModules}: QuizData (ReplicatedStorage, shared with
 * clients) holds the stations and the questions without answers, QuizKeys (ServerStorage, never
 * replicated) the answer keys. No script embeds the quiz, so the Roblox exports, which write both
 * modules again from the package's current quiz and environment, carry a teacher's edits.
 */
final class LuauScripts {

    static final String MATCH = QuizModules.MATCH;

    private LuauScripts() {
    }

    static List<LuauScript> scripts(EnvironmentPlan environment, Quiz quiz, String title) {
        List<LuauScript> scripts = new ArrayList<>();
        scripts.add(new LuauScript("QuizStation", ScriptKind.SERVER, template("QuizStation")));
        scripts.add(new LuauScript("Progress", ScriptKind.SERVER, template("Progress")));
        scripts.add(new LuauScript("Checkpoints", ScriptKind.SERVER, template("Checkpoints")));
        scripts.add(new LuauScript("QuizClient", ScriptKind.CLIENT, template("QuizClient")));
        scripts.add(new LuauScript(QuizModules.DATA, ScriptKind.MODULE,
                QuizModules.quizData(title, environment, quiz, progressStore(title, environment, quiz))));
        scripts.add(new LuauScript(QuizModules.KEYS, ScriptKind.MODULE, QuizModules.quizKeys(quiz)));
        return scripts;
    }

    /**
     * The DataStore name until the package has an id: a digest of the whole lesson (title, quiz,
     * environment), not of the title alone. The exports write the package id's store into QuizData.
     */
    static String progressStore(String title, EnvironmentPlan environment, Quiz quiz) {
        return QuizModules.progressStore("draft\n" + title + "\n" + quiz + "\n" + environment);
    }

    /** The station of the question's objective, else the first station. */
    static String stationOf(Question q, List<EnvironmentPlan.Station> stations) {
        return QuizModules.stationOf(q, stations);
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
