package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * {@code package.course}: the course as one package (outline, every lesson's package, the
 * assessment strategy, the navigation) with the checks of the course as a whole: what the
 * outline's checks still refused, every course objective taught by a lesson that was made and
 * assessed by the summative assessment, no question asked in two lessons, and the total time the
 * lessons take against the time asked for. Difficulty rises by construction (each lesson is made
 * at its rank's difficulty); it is not measured from the content. Each lesson keeps its own
 * quality report. Output {@code course}, and {@code place} (the course as one place, for the
 * exports) when the navigation step made one.
 */
@Component(service = StepHandler.class)
public class CoursePackageAgent implements StepHandler {

    static final String TYPE = "package.course";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StepResult execute(StepContext context) {
        Map<String, Object> in = new LinkedHashMap<>();
        context.inputs().values().forEach(in::putAll);
        ContentBrief brief = ContentBrief.of(context.parameters());
        int lessonCount = CourseOutlineAgent.lessonCount(context);
        CourseOutline outline = in.get(CourseOutlineAgent.OUTPUT) == null ? null
                : Json.convert(in.get(CourseOutlineAgent.OUTPUT), CourseOutline.class);
        List<Map<String, Object>> lessons = new ArrayList<>();
        if (in.get("lessons") instanceof List<?> list) {
            list.forEach(l -> lessons.add(Json.map(l)));
        }
        List<Map<String, Object>> findings = new ArrayList<>();
        if (lessons.size() != lessonCount) {
            findings.add(finding("completeness", "course", lessons.size() + " of " + lessonCount + " lessons are there"));
        }
        // every objective taught (the outline) and assessed (the summative blueprint)
        if (in.get(CourseOutlineAgent.FINDINGS) instanceof List<?> outlineFindings) {
            // what the outline's checks still refused after its last attempt
            outlineFindings.forEach(x -> findings.add(Json.map(x)));
        }
        if (outline != null && outline.lessons() != null) {
            for (String o : brief.objectives()) {
                // taught by a lesson that was made: an outline entry beyond the course's lessons teaches nothing
                boolean taught = outline.lessons().stream().anyMatch(l -> l != null && l.number() >= 1 && l.number() <= lessonCount
                        && l.objectives() != null && l.objectives().contains(o));
                if (!taught) {
                    findings.add(finding("objective_coverage", "course", "no lesson teaches \"" + o + "\""));
                }
            }
        }
        if (in.get("assessment_strategy") instanceof Map<?, ?> strategy && strategy.get("objectives_without_questions") instanceof List<?> none) {
            none.forEach(o -> findings.add(finding("objective_coverage", "course.summative", "the summative assessment has no question on \""
                    + o + "\" (no lesson's quiz checks it)")));
        }
        // no question twice across lessons; total time
        Map<String, Integer> prompts = new HashMap<>();
        int minutes = 0;
        for (Map<String, Object> lesson : lessons) {
            int number = ((Number) lesson.get("number")).intValue();
            ContentPackage pkg = Json.convert(lesson.get("package"), ContentPackage.class);
            LessonPlan plan = pkg.lessonPlan();
            if (plan != null && plan.activities() != null) {
                minutes += plan.activities().stream().mapToInt(LessonPlan.Activity::minutes).sum();
            }
            for (Quiz.Question q : pkg.quiz() == null || pkg.quiz().questions() == null ? List.<Quiz.Question>of() : pkg.quiz().questions()) {
                String key = q.prompt() == null ? "" : q.prompt().toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s.,;:!?'\"]+", " ").trim();
                Integer first = prompts.putIfAbsent(key, number);
                if (first != null && first != number) {
                    findings.add(finding("duplicate_question", "course.lesson" + number + "." + q.id(), "asks what lesson " + first
                            + " asked already: \"" + q.prompt() + "\""));
                }
            }
        }
        int asked = lessonCount * brief.minutes();
        if (minutes > 0 && Math.abs(minutes - asked) > Math.max(5, asked / 10)) {
            findings.add(finding("duration", "course", "the lessons take " + minutes + " minutes; " + asked + " were asked for"));
        }
        Map<String, Object> course = new LinkedHashMap<>();
        course.put("title", outline == null ? brief.subject() + " course" : outline.title());
        course.put("subject", brief.subject());
        course.put("grade_level", brief.gradeLevel());
        course.put("objectives", brief.objectives());
        course.put("outline", outline == null ? null : Json.map(outline));
        course.put("lessons", lessons);
        course.put("assessment_strategy", in.get("assessment_strategy"));
        course.put("navigation", in.get("navigation"));
        course.put("minutes", minutes);
        course.put("quality", Map.of("passed", findings.isEmpty(), "findings", findings));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("course", course);
        if (in.get("place") != null) {
            // the course as one place, for the exports (the navigation step builds it)
            out.put("place", in.get("place"));
        }
        return StepResult.of(out);
    }

    private static Map<String, Object> finding(String check, String part, String message) {
        return Map.of("check", check, "severity", "error", "part", part, "message", message);
    }
}
