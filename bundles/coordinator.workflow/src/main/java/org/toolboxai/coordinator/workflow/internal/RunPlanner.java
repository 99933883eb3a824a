package org.toolboxai.coordinator.workflow.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Expands a template into the steps of one run. A sub-flow step becomes the sub-template's steps,
 * prefixed with the sub-flow's id (and instance number when repeated); its dependencies go to the
 * sub-template's first steps, and whatever depended on it depends on the sub-template's last
 * steps. Repeated instances get {@code instance}, {@code instances} and a progressive
 * {@code difficulty_rank} (1 = easiest) in their config.
 */
final class RunPlanner {

    static final int MAX_STEPS = 2_000;
    /**
     * The config key naming the branch a step belongs to: the instance of an optional sub-flow
     * (e.g. {@code lesson_3}). A failed step of a branch skips the rest of its branch, and the run
     * goes on with the others; steps after the sub-flow get the outputs of the branches that finished.
     */
    static final String BRANCH = "branch";
    private static final int MAX_DEPTH = 4;

    private final Function<String, Template> templates;
    private final long defaultTimeoutMillis;
    private final int defaultRetries;

    RunPlanner(Function<String, Template> templates, long defaultTimeoutMillis, int defaultRetries) {
        this.templates = templates;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.defaultRetries = defaultRetries;
    }

    List<PlannedStep> plan(Template template, Map<String, Object> parameters) {
        List<PlannedStep> out = new ArrayList<>();
        expand(template, parameters, "", List.of(), Map.of(), out, 0);
        if (out.size() > MAX_STEPS) {
            throw new IllegalArgumentException("the run would have " + out.size() + " steps; at most " + MAX_STEPS);
        }
        return out;
    }

    /** Returns the ids of the expansion's last steps (those nothing inside depends on). */
    private Set<String> expand(Template template, Map<String, Object> parameters, String prefix,
            List<String> entryDeps, Map<String, Object> extraConfig, List<PlannedStep> out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("sub-flows nest deeper than " + MAX_DEPTH + " at " + prefix);
        }
        // exits of each template step: the run step ids that stand for it
        Map<String, Set<String>> exits = new HashMap<>();
        Set<String> dependedOn = new HashSet<>();
        template.steps().forEach(s -> dependedOn.addAll(s.dependsOn()));
        for (Template.StepSpec step : template.steps()) {
            List<String> deps = new ArrayList<>();
            if (step.dependsOn().isEmpty()) {
                deps.addAll(entryDeps);
            }
            for (String dep : step.dependsOn()) {
                deps.addAll(exits.get(dep));
            }
            String id = prefix + step.id();
            if (step.subflow() == null) {
                Map<String, Object> config = new LinkedHashMap<>(step.config());
                config.putAll(extraConfig);
                long timeout = step.timeoutSeconds() > 0 ? step.timeoutSeconds() * 1000 : defaultTimeoutMillis;
                int retries = step.retries() >= 0 ? step.retries() : defaultRetries;
                out.add(new PlannedStep(id, template.name() + "/" + step.id(), step.type(), List.copyOf(deps),
                        step.optional(), timeout, retries, Collections.unmodifiableMap(config)));
                exits.put(step.id(), Set.of(id));
                if (out.size() > MAX_STEPS) {
                    throw new IllegalArgumentException("the run would have more than " + MAX_STEPS + " steps");
                }
                continue;
            }
            Template sub = templates.apply(step.subflow());
            int instances = step.repeat() == null ? 1 : ((Number) parameters.get(step.repeat())).intValue();
            Set<String> subExits = new HashSet<>();
            for (int i = 1; i <= instances; i++) {
                Map<String, Object> config = new LinkedHashMap<>(extraConfig);
                config.putAll(step.config());
                String subPrefix = id;
                if (step.repeat() != null) {
                    config.put("instance", i);
                    config.put("instances", instances);
                    config.put("difficulty_rank", i);
                    subPrefix = id + "_" + i;
                }
                if (step.optional()) {
                    // an optional sub-flow: each instance is a branch whose failure ends only that branch
                    config.put(BRANCH, subPrefix);
                }
                subExits.addAll(expand(sub, parameters, subPrefix + ".", List.copyOf(deps), config, out, depth + 1));
            }
            // no instances: whatever depends on the sub-flow still waits for what the sub-flow waited for
            exits.put(step.id(), subExits.isEmpty() ? Set.copyOf(deps) : subExits);
        }
        Set<String> last = new HashSet<>();
        for (Template.StepSpec step : template.steps()) {
            if (!dependedOn.contains(step.id())) {
                last.addAll(exits.get(step.id()));
            }
        }
        return last;
    }
}
