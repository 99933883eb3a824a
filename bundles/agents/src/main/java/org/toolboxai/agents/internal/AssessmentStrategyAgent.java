package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * {@code agent.assessment_strategy}: a course's assessment from its finished lessons. Each
 * lesson's own quiz is its formative check; the summative assessment takes, for every course
 * objective, up to two checked questions from the lessons that taught it (the later, harder lesson
 * first), with its blueprint: objectives x difficulty (a lesson's difficulty is its third of the
 * course: easy, medium, hard). No model call: it only reuses questions the checks passed in their
 * lesson. Each lesson hands the course outline on, which maps its objectives back to the course's. Output {@code lessons} (each lesson's number, title and package) and
 * {@code assessment_strategy}.
 */
@Component(service = StepHandler.class)
public class AssessmentStrategyAgent implements StepHandler {

    static final String TYPE = "agent.assessment_strategy";
    private static final Pattern INSTANCE = Pattern.compile("_(\\d+)\\.");
    /** Questions per objective in the summative assessment. */
    static final int PER_OBJECTIVE = 2;

    @Override
    public String type() {
        return TYPE;
    }

    /** A finished lesson: its number in the course and its package. */
    record Finished(int number, ContentPackage pkg) {
    }

    /** The finished lessons among a step's inputs, by number. */
    static List<Finished> lessons(Map<String, Map<String, Object>> inputs) {
        Map<Integer, Finished> byNumber = new TreeMap<>();
        inputs.forEach((step, output) -> {
            Matcher m = INSTANCE.matcher(step + ".");
            if (output.get("package") != null && m.find()) {
                int number = Integer.parseInt(m.group(1));
                byNumber.put(number, new Finished(number, Json.convert(output.get("package"), ContentPackage.class)));
            }
        });
        return new ArrayList<>(byNumber.values());
    }

    static String band(int number, int count) {
        double third = (double) number / Math.max(1, count);
        return third <= 1 / 3.0 ? "easy" : third <= 2 / 3.0 ? "medium" : "hard";
    }

    @Override
    public StepResult execute(StepContext context) {
        List<Finished> lessons = lessons(context.inputs());
        List<String> courseObjectives = ContentBrief.of(context.parameters()).objectives();
        CourseOutline outline = null;
        Object outlineFindings = List.of();
        for (Map<String, Object> output : context.inputs().values()) {
            if (output.get(CourseOutlineAgent.OUTPUT) != null) {
                outline = Json.convert(output.get(CourseOutlineAgent.OUTPUT), CourseOutline.class);
                outlineFindings = output.getOrDefault(CourseOutlineAgent.FINDINGS, List.of());
            }
        }
        List<Map<String, Object>> lessonList = new ArrayList<>();
        List<Map<String, Object>> formative = new ArrayList<>();
        Map<String, List<Map<String, Object>>> byObjective = new LinkedHashMap<>();
        courseObjectives.forEach(o -> byObjective.put(o, new ArrayList<>()));
        for (Finished f : lessons) {
            LessonPlan plan = f.pkg().lessonPlan();
            Map<String, String> objectiveText = new LinkedHashMap<>();
            if (plan != null && plan.objectives() != null) {
                plan.objectives().forEach(o -> objectiveText.put(o.id(), o.text()));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("number", f.number());
            entry.put("title", plan == null ? "Lesson " + f.number() : plan.title());
            entry.put("package", Json.map(f.pkg()));
            lessonList.add(entry);
            Quiz quiz = f.pkg().quiz();
            List<Quiz.Question> questions = quiz == null || quiz.questions() == null ? List.of() : quiz.questions();
            formative.add(Map.of("lesson", f.number(), "questions", questions.size(), "difficulty", band(f.number(), lessons.size())));
            CourseOutline known = outline;
            for (Quiz.Question q : questions) {
                // the course objective a question checks: the lesson's objective whose words it is (the lesson plan may
                // have sharpened them), by position in the lesson's own objectives
                String course = courseObjective(objectiveText.get(q.objectiveId()), q.objectiveId(), objectiveText, courseObjectives,
                        known == null ? null : known.lesson(f.number()).orElse(null));
                if (course != null) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("lesson", f.number());
                    item.put("question", Json.map(q));
                    item.put("difficulty", band(f.number(), lessons.size()));
                    byObjective.get(course).add(item);
                }
            }
        }
        List<Map<String, Object>> summative = new ArrayList<>();
        List<Map<String, Object>> blueprint = new ArrayList<>();
        List<String> uncovered = new ArrayList<>();
        byObjective.forEach((objective, candidates) -> {
            List<Map<String, Object>> picked = new ArrayList<>(candidates);
            java.util.Collections.reverse(picked);
            picked = picked.subList(0, Math.min(PER_OBJECTIVE, picked.size()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("objective", objective);
            for (String band : List.of("easy", "medium", "hard")) {
                row.put(band, picked.stream().filter(p -> band.equals(p.get("difficulty"))).count());
            }
            blueprint.add(row);
            if (picked.isEmpty()) {
                uncovered.add(objective);
            }
            picked.forEach(p -> {
                Map<String, Object> q = new LinkedHashMap<>(p);
                q.put("objective", objective);
                summative.add(q);
            });
        });
        Map<String, Object> strategy = new LinkedHashMap<>();
        strategy.put("formative", formative);
        strategy.put("summative", Map.of("questions", summative, "blueprint", blueprint));
        strategy.put("objectives_without_questions", uncovered);
        Map<String, Object> out = new LinkedHashMap<>();
        if (outline != null) {
            out.put(CourseOutlineAgent.OUTPUT, Json.map(outline));
            out.put(CourseOutlineAgent.FINDINGS, outlineFindings);
        }
        out.put("lessons", lessonList);
        out.put("assessment_strategy", strategy);
        return StepResult.of(out);
    }

    /**
     * The course objective a lesson's objective stands for, among the objectives the outline gave
     * that lesson: the same words; else the one sharing the most words with it; else the one at the
     * same position (a plan has one objective per objective its lesson was given). Without an
     * outline, only the same words count.
     */
    private static String courseObjective(String text, String id, Map<String, String> lessonObjectives, List<String> course,
            CourseOutline.Lesson outlined) {
        if (text != null && course.contains(text)) {
            return text;
        }
        if (outlined == null || outlined.objectives() == null) {
            return null;
        }
        List<String> mine = outlined.objectives().stream().filter(course::contains).toList();
        if (mine.isEmpty()) {
            return null;
        }
        String best = null;
        int bestScore = 0;
        for (String o : mine) {
            int score = text == null ? 0 : shared(o, text);
            if (score > bestScore) {
                best = o;
                bestScore = score;
            }
        }
        if (best != null) {
            return best;
        }
        int index = new ArrayList<>(lessonObjectives.keySet()).indexOf(id);
        return index >= 0 && index < mine.size() ? mine.get(index) : mine.size() == 1 ? mine.get(0) : null;
    }

    /** Words of four letters or more that two texts share. */
    static int shared(String a, String b) {
        java.util.Set<String> x = new java.util.HashSet<>(List.of(a.toLowerCase(java.util.Locale.ROOT).split("\\W+")));
        int n = 0;
        for (String w : new java.util.HashSet<>(List.of(b.toLowerCase(java.util.Locale.ROOT).split("\\W+")))) {
            if (w.length() >= 4 && x.contains(w)) {
                n++;
            }
        }
        return n;
    }
}
