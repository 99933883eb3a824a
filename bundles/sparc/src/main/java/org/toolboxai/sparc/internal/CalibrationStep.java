package org.toolboxai.sparc.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * {@code sparc.calibration} (difficulty calibration): the difficulty bands the questions are
 * written for, {@code levels} of them, evenly from two logits below the target ability to two
 * above (where a bank informs most about the students it is for), kept within ±3. Output
 * {@code bands}: level (1 = easiest) and b.
 */
@Component(service = StepHandler.class)
public class CalibrationStep implements StepHandler {

    static final String TYPE = "sparc.calibration";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StepResult execute(StepContext context) {
        int levels = context.parameters().get("levels") instanceof Number n ? n.intValue() : 3;
        double target = 0;
        for (Map<String, Object> input : context.inputs().values()) {
            if (input.get("target_theta") instanceof Number t) {
                target = t.doubleValue();
            }
        }
        List<Map<String, Object>> bands = new ArrayList<>();
        for (int k = 1; k <= levels; k++) {
            double offset = levels == 1 ? 0 : -2 + 4.0 * (k - 1) / (levels - 1);
            double b = Math.max(-3, Math.min(3, target + offset));
            bands.add(Map.of("level", k, "b", Math.round(b * 1000) / 1000.0));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        context.inputs().values().forEach(out::putAll);
        out.put("bands", bands);
        return StepResult.of(out);
    }
}
