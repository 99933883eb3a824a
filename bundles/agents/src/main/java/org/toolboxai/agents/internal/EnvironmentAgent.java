package org.toolboxai.agents.internal;

import com.fasterxml.jackson.core.type.TypeReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.workflow.StepHandler;

/** {@code agent.environment}: the 3D plan of zones, stations and props. */
@Component(service = StepHandler.class)
public class EnvironmentAgent extends AgentStep<EnvironmentPlan> {

    /** Uses the active model provider. */
    @Activate
    public EnvironmentAgent(@Reference ModelProviders providers) {
        super(providers, "agent.environment", "environment", Upstream.ENVIRONMENT, new TypeReference<>() { });
    }

    @Override
    String system(ContentBrief brief) {
        return "You are a Roblox level designer building a place where " + AgentPrompts.learners(brief) + " walk from "
                + "station to station through a lesson. Exactly one station per objective of the lesson plan in the facts, "
                + "in the objectives' order along a walkable path from the spawn, each inside its zone and named for what "
                + "is practised there (\"Adding unlike fractions\", not \"Station 1\"); props that belong to the subject "
                + "and the environment type (a number line, beakers, a map), never in the way. The terrain is centred on "
                + "the origin with the ground at y = 0; everything lies inside it; stations and props never overlap each "
                + "other. Positions and sizes are {\"x\",\"y\",\"z\"} in studs; colours RGB hex (#88aaff).\n"
                + "Answer with one JSON object only: {\"type\", \"terrain\": {\"x\",\"y\",\"z\"}, "
                + "\"spawn\": {\"x\",\"y\",\"z\"}, \"zones\": [{\"id\", \"name\", \"position\", \"size\"}], \"stations\": [{\"id\", "
                + "\"name\", \"objective_id\", \"zone_id\", \"position\", \"size\"}], \"props\": [{\"name\", \"position\", \"size\", "
                + "\"color\"}]}.";
    }

    @Override
    String prompt(ContentBrief brief, Upstream upstream) {
        return "Design a " + brief.environment() + " for: " + brief.describe() + ". The lesson plan is in the facts.";
    }

    @Override
    Findings validate(EnvironmentPlan value, ContentBrief brief, Upstream upstream) {
        return EnvironmentChecks.check(value, upstream.lessonPlan());
    }
}
