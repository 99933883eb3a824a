package org.toolboxai.coordinator.content.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.toolboxai.api.content.ContentChecker;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.Provenance;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.ScriptKind;
import org.toolboxai.api.content.Severity;
import org.toolboxai.api.content.Vec3;

/** A small finished package, the engine's copy of it, and a checker that judges answer keys only. */
final class Packages {

    private static final ObjectMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING).build();

    private Packages() {
    }

    static Quiz.Question question(String id, String prompt, String answer) {
        return new Quiz.Question(id, "multiple_choice", "obj1", prompt, List.of(answer, "7", "9"), List.of(answer), 1, "because");
    }

    static Quiz quiz(Quiz.Question... questions) {
        return new Quiz("Fractions quiz", List.of(questions));
    }

    static ContentPackage generated(String id) {
        LessonPlan lesson = new LessonPlan("Fractions", "Mathematics", "7", "Adding fractions",
                List.of(new LessonPlan.Objective("obj1", "Add fractions with unlike denominators")),
                List.of(new LessonPlan.Activity("Practice", "obj1", 45, "Add pairs of fractions")), List.of(), List.of());
        EnvironmentPlan environment = new EnvironmentPlan("interactive_classroom", new Vec3(100, 1, 100), new Vec3(0, 3, 0),
                List.of(), List.of(new EnvironmentPlan.Station("station1", "Fraction bar", "obj1", null, new Vec3(10, 3, 10),
                        new Vec3(4, 4, 4))), List.of());
        Quiz quiz = quiz(question("q1", "What is 1/2 + 1/4?", "3/4"), question("q2", "What is 1/3 + 1/3?", "2/3"),
                question("q3", "What is 1/5 + 1/5?", "2/5"));
        List<LuauScript> scripts = List.of(new LuauScript("QuizStation", ScriptKind.SERVER, "local ANSWERS = {}"),
                new LuauScript("QuizData", ScriptKind.MODULE, "return {}"));
        return new ContentPackage(id, lesson, environment, quiz, scripts, new QualityReport(true, 6.5, List.of()),
                new Provenance("offline", "offline-1", 0, 0, List.of()));
    }

    /** The package as the engine keeps it in the last step's output. */
    static Map<String, Object> asOutput(ContentPackage p) {
        return JSON.convertValue(p, new TypeReference<Map<String, Object>>() { });
    }

    /** Judges the answer keys only: an answer "wrong" is an error. Remembers what it was asked. */
    static final class AnswerKeyChecker implements ContentChecker {

        final List<ContentPackage> checked = new CopyOnWriteArrayList<>();
        final List<LessonRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public QualityReport check(ContentPackage contentPackage, LessonRequest request) {
            checked.add(contentPackage);
            requests.add(request);
            List<QualityReport.Finding> findings = new ArrayList<>();
            if (contentPackage.quiz() != null) {
                for (Quiz.Question q : contentPackage.quiz().questions()) {
                    if (q.answer().contains("wrong")) {
                        findings.add(new QualityReport.Finding("answer_key", Severity.ERROR, "quiz." + q.id(), "not the answer"));
                    }
                }
            }
            return new QualityReport(findings.isEmpty(), 6.0, findings);
        }
    }
}
