package org.toolboxai.agents.internal;

import com.fasterxml.jackson.core.type.TypeReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.model.LessonFacts;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * {@code agent.course_outline}: a course's lessons in sequence with prerequisites, each lesson's
 * objectives drawn from the course's objectives, none dropped or repeated (see {@link CourseChecks}),
 * grouped in units. The lessons of the course then teach their entry's objectives
 * ({@link ContentBrief#forStep}).
 */
@Component(service = StepHandler.class)
public class CourseOutlineAgent extends AgentStep<CourseOutline> {

    static final String OUTPUT = "course_outline";
    /** The outline's findings that still failed when the attempts ran out. */
    static final String FINDINGS = "course_outline_findings";

    /** Uses the active model provider. */
    @Activate
    public CourseOutlineAgent(@Reference ModelProviders providers) {
        super(providers, "agent.course_outline", "course_outline", OUTPUT, new TypeReference<>() { });
    }

    static int lessonCount(StepContext context) {
        return context.parameters().get("lesson_count") instanceof Number n ? n.intValue() : 4;
    }

    @Override
    public StepResult execute(StepContext context) throws Exception {
        ContentBrief brief = ContentBrief.of(context.parameters());
        Upstream upstream = Upstream.of(context.inputs());
        // the course's size travels as a course place: instance 0 (the course itself) of N lessons
        LessonFacts facts = new LessonFacts(brief.asRequest(), new LessonFacts.CoursePlace(0, lessonCount(context), 0), null, null, null);
        java.util.Map<String, Object> outputs = new java.util.LinkedHashMap<>(upstream.outputs());
        outputs.put("lesson_count", lessonCount(context));
        Upstream counted = new Upstream(upstream.lessonPlan(), upstream.environment(), upstream.quiz(), upstream.scripts(),
                upstream.provenance(), outputs);
        Produced<CourseOutline> produced = produce(context, brief, counted, facts);
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>(counted.with(OUTPUT, produced.value(), produced.provenance()));
        // an outline the checks still refuse after the last attempt goes on with its findings, which the course reports
        out.put(FINDINGS, produced.failing().stream().map(Json::map).toList());
        return StepResult.of(out);
    }

    @Override
    String system(ContentBrief brief) {
        return "You are a curriculum designer planning a course for " + AgentPrompts.learners(brief) + ": the lessons in the order they"
                + " are taught, each building on the one before. Share the course's objectives out over the lessons in order, using"
                + " their exact words: with at least as many objectives as lessons, each lesson takes its own block of them and no"
                + " objective is in two lessons; with more lessons than objectives, an objective runs over consecutive lessons"
                + " (part 1 of 2, part 2 of 2) and never comes back after another. Every lesson teaches at least one objective;"
                + " prerequisites name only earlier lessons. Group the lessons in units of two to four, in order.\n"
                + "Answer with one JSON object only: {\"title\", \"units\": [{\"title\", \"lessons\": [1, 2]}], \"lessons\":"
                + " [{\"number\": 1, \"title\", \"objectives\": [...], \"prerequisites\": []}]}.";
    }

    @Override
    String prompt(ContentBrief brief, Upstream upstream) {
        Object lessons = upstream.outputs().get("lesson_count");
        return "Plan exactly " + lessons + " lessons, numbered 1 to " + lessons + ", of a " + brief.subject() + " course for "
                + AgentPrompts.learners(brief) + " with these objectives, in this order: " + String.join("; ", brief.objectives()) + ".";
    }

    @Override
    Findings validate(CourseOutline value, ContentBrief brief, Upstream upstream) {
        return CourseChecks.outline(value, brief.objectives(), value.lessons() == null ? 0 : value.lessons().size());
    }

    /** Held to the course's size, which the facts carry. */
    @Override
    Findings validate(CourseOutline value, ContentBrief brief, Upstream upstream, LessonFacts facts) {
        int lessons = facts.course() != null ? facts.course().instances() : value.lessons() == null ? 0 : value.lessons().size();
        return CourseChecks.outline(value, brief.objectives(), lessons);
    }
}
