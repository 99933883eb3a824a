package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges the outputs of a step's dependencies: artifacts by key, provenance entries concatenated once each. */
final class Carried {

    private Carried() {
    }

    static Map<String, Object> from(Map<String, Map<String, Object>> inputs) {
        Map<String, Object> merged = new LinkedHashMap<>();
        List<Object> provenance = new ArrayList<>();
        for (Map<String, Object> output : inputs.values()) {
            for (Map.Entry<String, Object> e : output.entrySet()) {
                if (e.getKey().equals("provenance") && e.getValue() instanceof List<?> list) {
                    for (Object p : list) {
                        if (!provenance.contains(p)) {
                            provenance.add(p);
                        }
                    }
                } else {
                    merged.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        }
        merged.put("provenance", provenance);
        return merged;
    }

    @SuppressWarnings("unchecked")
    static List<Object> provenance(Map<String, Object> carried) {
        Object p = carried.get("provenance");
        return p instanceof List<?> list ? (List<Object>) list : List.of();
    }
}
