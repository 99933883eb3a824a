package org.toolboxai.agents.internal;

import java.util.List;

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
        return "You are a curriculum designer. Answer with one JSON object only: {\"title\", \"subject\", \"grade_level\", "
                + "\"summary\", \"objectives\": [{\"id\": \"obj1\", \"text\"}], \"activities\": [{\"title\", \"objective_id\", "
                + "\"minutes\", \"description\"}], \"vocabulary\": [{\"term\", \"definition\"}], \"standards\": [...]}. "
                + "One objective per requested objective, ids obj1..objN in order; at least one activity per objective; "
                + "activity minutes add up to the lesson length; write for the grade's reading level; list only the "
                + "standards given in the request, never invent codes.";
    }

    @Override
    String prompt(ContentBrief brief, Upstream upstream) {
        return "Plan a lesson: " + brief.describe() + ".";
    }

    @Override
    List<String> validate(LessonPlan value, ContentBrief brief, Upstream upstream) {
        return LessonChecks.check(value, brief).errors();
    }
}
