package org.toolboxai.agents.internal;

import java.util.List;

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
        return "You are a Roblox level designer. Answer with one JSON object only: {\"type\", \"terrain\": {\"x\",\"y\",\"z\"}, "
                + "\"spawn\": {\"x\",\"y\",\"z\"}, \"zones\": [{\"id\", \"name\", \"position\", \"size\"}], \"stations\": [{\"id\", "
                + "\"name\", \"objective_id\", \"zone_id\", \"position\", \"size\"}], \"props\": [{\"name\", \"position\", \"size\", "
                + "\"color\"}]}, positions and sizes as {\"x\",\"y\",\"z\"} in studs. The terrain is centred on the origin with "
                + "the ground at y = 0; everything lies inside it; stations and props never overlap; exactly one station "
                + "per objective, inside its zone.";
    }

    @Override
    String prompt(ContentBrief brief, Upstream upstream) {
        return "Design a " + brief.environment() + " for: " + brief.describe() + ". The lesson plan is in the facts.";
    }

    @Override
    List<String> validate(EnvironmentPlan value, ContentBrief brief, Upstream upstream) {
        return EnvironmentChecks.check(value, upstream.lessonPlan()).errors();
    }
}
