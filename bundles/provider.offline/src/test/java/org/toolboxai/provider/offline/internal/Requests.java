package org.toolboxai.provider.offline.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.model.LessonFacts;
import org.toolboxai.api.model.ModelException;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;

/** Builds contexts as the agents send them (maps and lists as Jackson reads JSON) and runs the whole chain. */
final class Requests {

    static final OfflineChatModelProvider PROVIDER = new OfflineChatModelProvider();

    private Requests() {
    }

    /** A teacher's request. */
    static Map<String, Object> request(String subject, int grade, List<String> objectives, String environment, int minutes,
            int questions, List<String> types, String difficulty, List<String> standards) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("subject", subject);
        r.put("grade_level", grade);
        r.put("learning_objectives", new ArrayList<>(objectives));
        r.put("environment_type", environment);
        r.put("duration_minutes", minutes);
        r.put("include_quiz", true);
        Map<String, Object> quiz = new LinkedHashMap<>();
        quiz.put("question_count", questions);
        quiz.put("question_types", new ArrayList<>(types));
        quiz.put("difficulty", difficulty);
        r.put("quiz", quiz);
        r.put("standards", new ArrayList<>(standards));
        return r;
    }

    static Map<String, Object> context(Map<String, Object> request) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("request", request);
        return c;
    }

    /**
     * The facts of a context map ({@code request}, {@code lesson_plan}, {@code environment},
     * {@code quiz}, {@code instance}, {@code difficulty_rank}), as the agents hand them over; a word
     * the API does not know (a newer environment, say) reads as null, like the agents read it.
     */
    static LessonFacts facts(Map<String, Object> context) {
        Object rank = context.get("difficulty_rank");
        Object instance = context.get("instance");
        LessonFacts.CoursePlace course = rank == null && instance == null ? null
                : new LessonFacts.CoursePlace(instance == null ? 1 : (Integer) instance, 1, rank == null ? 0 : (Integer) rank);
        return new LessonFacts(LENIENT.convertValue(context.get("request"), LessonRequest.class), course,
                LENIENT.convertValue(context.get("lesson_plan"), LessonPlan.class),
                LENIENT.convertValue(context.get("environment"), EnvironmentPlan.class),
                LENIENT.convertValue(context.get("quiz"), Quiz.class));
    }

    private static final ObjectMapper LENIENT = Json.MAPPER.copy()
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);

    /** A record as the agents put it into the context: a JSON map with snake_case keys. */
    static Object asJson(Object value) {
        return Json.MAPPER.convertValue(value, Object.class);
    }

    static ModelReply complete(String task, Map<String, Object> context, String feedback) throws ModelException {
        return PROVIDER.complete(new ModelRequest(task, "system prompt", "user prompt", facts(context), feedback));
    }

    static <T> T answer(String task, Map<String, Object> context, Class<T> type) throws Exception {
        return Json.MAPPER.readValue(complete(task, context, null).text(), type);
    }

    static LessonPlan curriculum(Map<String, Object> context) throws Exception {
        return answer("curriculum", context, LessonPlan.class);
    }

    /** The chain as the agents run it: each step's result goes into the next step's context. */
    record Package(Map<String, Object> context, LessonPlan plan, EnvironmentPlan environment, Quiz quiz,
            List<LuauScript> scripts) {
    }

    static Package chain(Map<String, Object> request) throws Exception {
        Map<String, Object> context = context(request);
        LessonPlan plan = curriculum(context);
        context.put("lesson_plan", asJson(plan));
        EnvironmentPlan environment = answer("environment", context, EnvironmentPlan.class);
        Quiz quiz = answer("quiz", context, Quiz.class);
        context.put("environment", asJson(environment));
        context.put("quiz", asJson(quiz));
        List<LuauScript> scripts = Json.MAPPER.readValue(complete("script", context, null).text(),
                new TypeReference<List<LuauScript>>() { });
        return new Package(context, plan, environment, quiz, scripts);
    }
}
