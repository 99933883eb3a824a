package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.Provenance;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.swarm.Verification;

/**
 * What the steps a step depends on produced, read once into the API's records. The stored
 * outputs keep their JSON form ({@link #outputs()}), carried forward so later steps and the final
 * package have everything; only this class knows the keys they are stored under.
 *
 * @param lessonPlan  the curriculum agent's plan, or {@code null} before it
 * @param environment the environment agent's plan, or {@code null} before it
 * @param quiz        the quiz agent's quiz, or {@code null} (before it, or no quiz was asked for)
 * @param scripts     the script agent's scripts, empty before it
 * @param provenance  each earlier step's provenance, once each
 * @param outputs     the outputs as stored, merged, to carry forward
 */
record Upstream(LessonPlan lessonPlan, EnvironmentPlan environment, Quiz quiz, List<LuauScript> scripts,
        List<Provenance.StepProvenance> provenance, Map<String, Object> outputs) {

    static final String LESSON_PLAN = "lesson_plan";
    static final String ENVIRONMENT = "environment";
    static final String QUIZ = "quiz";
    static final String SCRIPTS = "scripts";
    private static final String PROVENANCE = "provenance";
    /** The quiz's verification by the swarm (or why there was none). */
    static final String VERIFICATION = "verification";
    /** The swarm's consensus decisions of the steps so far, each once. */
    static final String DECISIONS = "swarm_decisions";

    /** Merges the outputs of a step's dependencies: artifacts by key, provenance entries once each. */
    static Upstream of(Map<String, Map<String, Object>> inputs) {
        Map<String, Object> merged = new LinkedHashMap<>();
        List<Object> provenance = new ArrayList<>();
        List<Object> decisions = new ArrayList<>();
        for (Map<String, Object> output : inputs.values()) {
            for (Map.Entry<String, Object> e : output.entrySet()) {
                if (e.getKey().equals(PROVENANCE) && e.getValue() instanceof List<?> list) {
                    list.stream().filter(p -> !provenance.contains(p)).forEach(provenance::add);
                } else if (e.getKey().equals(DECISIONS) && e.getValue() instanceof List<?> list) {
                    decisions.addAll(list.stream().filter(d -> !decisions.contains(d)).toList());
                } else {
                    merged.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        }
        merged.put(PROVENANCE, provenance);
        if (!decisions.isEmpty()) {
            merged.put(DECISIONS, decisions);
        }
        return new Upstream(read(merged, LESSON_PLAN, LessonPlan.class), read(merged, ENVIRONMENT, EnvironmentPlan.class),
                read(merged, QUIZ, Quiz.class),
                merged.get(SCRIPTS) == null ? List.of() : Json.convert(merged.get(SCRIPTS), new TypeReference<List<LuauScript>>() { }),
                provenance.stream().map(p -> Json.convert(p, Provenance.StepProvenance.class)).toList(), merged);
    }

    /** This step's output: everything carried, plus its own artifact and its provenance. */
    Map<String, Object> with(String key, Object artifact, Provenance.StepProvenance step) {
        Map<String, Object> out = new LinkedHashMap<>(outputs);
        out.put(key, artifact instanceof List<?> ? Json.convert(artifact, new TypeReference<List<Object>>() { }) : Json.map(artifact));
        List<Object> steps = new ArrayList<>();
        provenance.forEach(p -> steps.add(Json.map(p)));
        steps.add(Json.map(step));
        out.put(PROVENANCE, steps);
        return out;
    }

    /** A step's output with a consensus decision added to those carried. */
    static Map<String, Object> withDecision(Map<String, Object> output, Verification.Decision decision) {
        Map<String, Object> out = new LinkedHashMap<>(output);
        List<Object> decisions = new ArrayList<>(out.get(DECISIONS) instanceof List<?> l ? l : List.of());
        decisions.add(Json.map(decision));
        out.put(DECISIONS, decisions);
        return out;
    }

    /** The consensus decisions of the steps so far. */
    List<Verification.Decision> decisions() {
        return outputs.get(DECISIONS) == null ? List.of()
                : Json.convert(outputs.get(DECISIONS), new TypeReference<List<Verification.Decision>>() { });
    }

    /** The quiz's verification, or null when the quiz step wrote none. */
    Verification verification() {
        return read(outputs, VERIFICATION, Verification.class);
    }

    private static <T> T read(Map<String, Object> merged, String key, Class<T> type) {
        return merged.get(key) == null ? null : Json.convert(merged.get(key), type);
    }
}
