package org.toolboxai.coordinator.workflow.internal;

import java.util.List;
import java.util.Map;

/**
 * A validated workflow template.
 *
 * @param name        unique name
 * @param description what it produces
 * @param source      file or bundle entry it came from
 * @param parameters  declared parameters by name, in declaration order
 * @param steps       steps in declaration order
 */
record Template(String name, String description, String source, Map<String, ParamSpec> parameters,
        List<StepSpec> steps) {

    /**
     * A declared parameter.
     *
     * @param type         string, integer, number, boolean, array or object
     * @param required     whether a value must be given (a default makes it optional)
     * @param defaultValue value used when none is given
     * @param min          least value (numbers) or length (strings, arrays)
     * @param max          greatest value or length
     * @param allowed      the only values allowed, or empty
     * @param description  what it means
     */
    record ParamSpec(String type, boolean required, Object defaultValue, Double min, Double max, List<Object> allowed,
            String description) {
    }

    /**
     * A declared step: either a handler step ({@code type}) or a sub-flow ({@code subflow},
     * expanded into that template's steps, {@code repeat} times when it names an integer parameter).
     *
     * @param id             unique id in the template
     * @param type           handler type, or {@code null} for a sub-flow
     * @param subflow        template name, or {@code null}
     * @param repeat         integer parameter giving the number of sub-flow instances, or {@code null}
     * @param dependsOn      ids of steps it needs
     * @param optional       whether its failure leaves the run going
     * @param timeoutSeconds per attempt, or 0 for the engine default
     * @param retries        extra attempts after a failure, or -1 for the engine default
     * @param config         free configuration handed to the handler
     */
    record StepSpec(String id, String type, String subflow, String repeat, List<String> dependsOn, boolean optional,
            long timeoutSeconds, int retries, Map<String, Object> config) {
    }
}
