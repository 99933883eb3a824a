package org.toolboxai.api.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A step's output (JSON-friendly values) and the store effects committed atomically with it.
 *
 * @param output  what later steps receive as input and the run shows
 * @param effects applied in the completion transaction, so they happen exactly once
 */
public record StepResult(Map<String, Object> output, List<StepEffect> effects) {

    /** Copies. */
    public StepResult {
        output = output == null ? Map.of() : Map.copyOf(output);
        effects = effects == null ? List.of() : List.copyOf(effects);
    }

    /** An output without effects. */
    public static StepResult of(Map<String, Object> output) {
        return new StepResult(output, List.of());
    }

    /** A copy with one more effect. */
    public StepResult withEffect(StepEffect effect) {
        List<StepEffect> more = new ArrayList<>(effects);
        more.add(effect);
        return new StepResult(output, more);
    }
}
