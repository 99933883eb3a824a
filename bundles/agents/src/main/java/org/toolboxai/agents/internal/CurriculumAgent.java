package org.toolboxai.agents.internal;

import com.fasterxml.jackson.core.type.TypeReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.workflow.StepHandler;

/** {@code agent.curriculum}: the lesson plan. */
@Component(service = StepHandler.class)
public class CurriculumAgent extends AgentStep<LessonPlan> {

    /** Uses the active model provider. */
    @Activate
    public CurriculumAgent(@Reference ModelProviders providers) {
        super(providers, "agent.curriculum", "curriculum", Upstream.LESSON_PLAN, new TypeReference<>() { });
    }

    @Override
    String system(ContentBrief brief) {
        return "You are an experienced curriculum designer writing a lesson plan that a teacher can teach from as it is, "
                + "for " + AgentPrompts.learners(brief) + ". Teach the subject itself: real content, real examples, real "
                + "practice, not a description of what a lesson could contain.\n"
                + "Objectives: exactly one per objective in the request, in its order, ids obj1..objN. Each is measurable: "
                + "an observable verb (solve, calculate, explain, compare, classify, write, predict, justify ...) and a "
                + "criterion a teacher can check, e.g. \"Add two fractions with unlike denominators and simplify the sum, "
                + "correct in 4 of 5 exercises\". Never 'understand' or 'learn about'.\n"
                + "Activities: at least one per objective, at least 5 minutes of activity per objective, and all minutes add "
                + "up to the lesson's length. For each objective the activities hold, written out in full in the "
                + "descriptions: a worked example solved step by step with its actual numbers, text, source or "
                + "experiment; the common misconception learners have about it and how the activity exposes and corrects "
                + "it; and practice items with their answers. An activity that mentions examples or exercises contains "
                + "them: 'three exercises' means the three exercises are written in the description. The last activity "
                + "is an exit ticket: the actual question or questions learners answer alone, with the expected answer.\n"
                + "Vocabulary: the terms learners need, each with its real meaning at the grade's reading level (what the "
                + "word means, with an example where it helps). A definition never uses the term to define itself, never "
                + "talks about the lesson or its goal, and no two terms share one definition.\n"
                + "Write every description and definition at the learners' reading level, in full sentences; never cut text "
                + "off with '...'. Standards: only the codes the request gives, an empty list when it gives none; never "
                + "invent codes.\n"
                + "Answer with one JSON object only: {\"title\", \"subject\", \"grade_level\", \"summary\", "
                + "\"objectives\": [{\"id\": \"obj1\", \"text\"}], \"activities\": [{\"title\", \"objective_id\", "
                + "\"minutes\", \"description\"}], \"vocabulary\": [{\"term\", \"definition\"}], \"standards\": [...]}.";
    }

    @Override
    String prompt(ContentBrief brief, Upstream upstream) {
        return "Plan a " + brief.minutes() + "-minute " + brief.subject() + " lesson for " + AgentPrompts.learners(brief)
                + ", " + brief.difficulty() + " difficulty, with these objectives: " + String.join("; ", brief.objectives())
                + (brief.standards().isEmpty() ? "" : ". Standards: " + String.join(", ", brief.standards())) + ".";
    }

    @Override
    Findings validate(LessonPlan value, ContentBrief brief, Upstream upstream) {
        Findings f = LessonChecks.check(value, brief);
        // the learner-facing text of the plan: definitions that define, nothing cut off
        f.addAll(TextChecks.check(value, null));
        return f;
    }
}
