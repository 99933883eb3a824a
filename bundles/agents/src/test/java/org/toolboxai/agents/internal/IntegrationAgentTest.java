package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.ScriptKind;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.Vec3;

class IntegrationAgentTest {

    private static Map<String, Object> carried(Quiz quiz) {
        EnvironmentPlan.Zone zone = new EnvironmentPlan.Zone("zone1", "Hall", new Vec3(0, 0.5, 0), new Vec3(100, 1, 100));
        EnvironmentPlan env = new EnvironmentPlan("interactive_classroom", new Vec3(200, 50, 200), new Vec3(0, 3, -80), List.of(zone),
                List.of(new EnvironmentPlan.Station("station1", "A", "obj1", "zone1", new Vec3(-20, 2, 0), new Vec3(6, 4, 6)),
                        new EnvironmentPlan.Station("station2", "B", "obj2", "zone1", new Vec3(20, 2, 0), new Vec3(6, 4, 6))),
                List.of());
        Map<String, Object> carried = new LinkedHashMap<>();
        carried.put("lesson_plan", Json.map(ChecksTest.PLAN));
        carried.put("environment", Json.map(env));
        carried.put("quiz", Json.map(quiz));
        carried.put("scripts", List.of(Json.map(new LuauScript("Progress", ScriptKind.SERVER, "print('hi')"))));
        carried.put("provenance", List.of(Map.of("step", "curriculum_analysis", "provider", "offline", "model", "offline-1",
                "tokens_in", 5, "tokens_out", 7, "millis", 3, "attempts", 1)));
        return carried;
    }

    @Test
    void aGoodPackagePassesAndAFlawedOneIsReportedNotHidden() {
        Quiz good = new Quiz("Quiz", List.of(
                ChecksTest.mc("q1", "obj1", List.of("3/4", "2/6", "1/8"), List.of("3/4")),
                new Quiz.Question("q2", "true_false", "obj2", "0.5 equals 1/2.", List.of(), List.of("true"), 1, "Half.")));
        ContentPackage ok = IntegrationAgent.assemble("run1", ChecksTest.BRIEF, Upstream.of(Map.of("qa", carried(good))), s -> List.of(), null);
        assertThat(ok.quality().passed()).isTrue();
        assertThat(ok.provenance().generator()).isEqualTo("offline");
        assertThat(ok.provenance().tokensIn()).isEqualTo(5);

        Quiz flawed = new Quiz("Quiz", List.of(
                ChecksTest.mc("q1", "obj1", List.of("3/4", "3/4"), List.of("5/8")), good.questions().get(1)));
        ContentPackage bad = IntegrationAgent.assemble("run2", ChecksTest.BRIEF, Upstream.of(Map.of("qa", carried(flawed))),
                s -> List.of("line 1: unexpected symbol"), null);
        assertThat(bad.quality().passed()).isFalse();
        assertThat(bad.quality().findings()).extracting(f -> f.check())
                .contains("answer_key", "option_uniqueness", "luau_syntax");
    }
}
