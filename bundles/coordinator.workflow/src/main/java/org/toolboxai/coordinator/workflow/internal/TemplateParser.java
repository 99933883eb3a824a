package org.toolboxai.coordinator.workflow.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads template JSON and checks it: every error names the source, the step and the field. */
final class TemplateParser {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,99}");
    private static final Set<String> PARAM_TYPES = Set.of("string", "integer", "number", "boolean", "array", "object");
    private static final Set<String> TEMPLATE_FIELDS = Set.of("name", "description", "parameters", "steps");
    private static final Set<String> STEP_FIELDS = Set.of("id", "type", "subflow", "repeat", "depends_on", "optional",
            "timeout_seconds", "retries", "config");
    private static final Set<String> PARAM_FIELDS = Set.of("type", "required", "default", "min", "max", "allowed",
            "description");

    private final ObjectMapper mapper = new ObjectMapper();

    Template parse(String source, byte[] json) throws TemplateException {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TemplateException(source + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TemplateException(source + ": cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new TemplateException(source + ": a template is a JSON object");
        }
        unknownFields(source, "", root, TEMPLATE_FIELDS);
        String name = text(root, "name");
        if (name == null || !ID.matcher(name).matches()) {
            throw new TemplateException(source + ": field 'name' must be lower_snake_case (a-z, 0-9, _), got " + root.get("name"));
        }
        String where = source + " (template " + name + ")";
        Map<String, Template.ParamSpec> params = parameters(where, root.get("parameters"));
        List<Template.StepSpec> steps = steps(where, root.get("steps"), params);
        checkGraph(where, steps);
        checkInstanceIds(where, steps);
        return new Template(name, text(root, "description"), source, params, topological(steps));
    }

    private Map<String, Template.ParamSpec> parameters(String where, JsonNode node) throws TemplateException {
        Map<String, Template.ParamSpec> result = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            throw new TemplateException(where + ": field 'parameters' must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = where + ", parameter '" + e.getKey() + "'";
            JsonNode p = e.getValue();
            if (!ID.matcher(e.getKey()).matches() || !p.isObject()) {
                throw new TemplateException(at + ": a parameter is a lower_snake_case name with an object");
            }
            unknownFields(at, "", p, PARAM_FIELDS);
            String type = text(p, "type");
            if (type == null || !PARAM_TYPES.contains(type)) {
                throw new TemplateException(at + ": field 'type' must be one of " + PARAM_TYPES);
            }
            List<Object> allowed = new ArrayList<>();
            if (p.has("allowed")) {
                if (!p.get("allowed").isArray() || p.get("allowed").isEmpty()) {
                    throw new TemplateException(at + ": field 'allowed' must be a non-empty array");
                }
                p.get("allowed").forEach(v -> allowed.add(mapper.convertValue(v, Object.class)));
            }
            Object def = p.has("default") ? mapper.convertValue(p.get("default"), Object.class) : null;
            if (p.has("required") && !p.get("required").isBoolean()) {
                throw new TemplateException(at + ": field 'required' must be true or false");
            }
            Template.ParamSpec spec = new Template.ParamSpec(type, p.path("required").asBoolean(false), def,
                    number(at, p, "min"), number(at, p, "max"), allowed, text(p, "description"));
            if (def != null) {
                List<String> problems = ParameterValidator.check(e.getKey(), spec, def);
                if (!problems.isEmpty()) {
                    throw new TemplateException(at + ": field 'default' is invalid: " + problems.get(0));
                }
            }
            result.put(e.getKey(), spec);
        }
        return result;
    }

    private List<Template.StepSpec> steps(String where, JsonNode node, Map<String, Template.ParamSpec> params)
            throws TemplateException {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new TemplateException(where + ": field 'steps' must be a non-empty array");
        }
        List<Template.StepSpec> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode s : node) {
            String id = text(s, "id");
            String at = where + ", step " + (id == null ? "#" + (index + 1) : "'" + id + "'");
            index++;
            if (!s.isObject()) {
                throw new TemplateException(at + ": a step is an object");
            }
            unknownFields(at, "", s, STEP_FIELDS);
            if (id == null || !ID.matcher(id).matches()) {
                throw new TemplateException(at + ": field 'id' must be lower_snake_case (a-z, 0-9, _)");
            }
            if (!ids.add(id)) {
                throw new TemplateException(at + ": field 'id' is used by another step");
            }
            String type = text(s, "type");
            String subflow = text(s, "subflow");
            if ((type == null) == (subflow == null)) {
                throw new TemplateException(at + ": give exactly one of the fields 'type' (a handler) or 'subflow' (a template)");
            }
            if (type != null && !TYPE.matcher(type).matches()) {
                throw new TemplateException(at + ": field 'type' must be lower case (a-z, 0-9, . _ -), got '" + type + "'");
            }
            String repeat = text(s, "repeat");
            if (repeat != null) {
                if (subflow == null) {
                    throw new TemplateException(at + ": field 'repeat' is only allowed on a sub-flow step");
                }
                Template.ParamSpec spec = params.get(repeat);
                if (spec == null || !spec.type().equals("integer")) {
                    throw new TemplateException(at + ": field 'repeat' must name an integer parameter, got '" + repeat + "'");
                }
                if (!spec.required() && spec.defaultValue() == null) {
                    throw new TemplateException(at + ": field 'repeat' names parameter '" + repeat
                            + "', which must be required or have a default");
                }
            }
            List<String> deps = new ArrayList<>();
            JsonNode d = s.get("depends_on");
            if (d != null && !d.isNull()) {
                if (!d.isArray()) {
                    throw new TemplateException(at + ": field 'depends_on' must be an array of step ids");
                }
                for (JsonNode dep : d) {
                    deps.add(dep.asText());
                }
            }
            long timeout = integer(at, s, "timeout_seconds", 0);
            int retries = (int) integer(at, s, "retries", -1);
            if (timeout < 0 || timeout > 86_400) {
                throw new TemplateException(at + ": field 'timeout_seconds' must be 1-86400 (0 or absent: the engine default)");
            }
            if (s.has("retries") && (retries < 0 || retries > 20)) {
                throw new TemplateException(at + ": field 'retries' must be 0-20");
            }
            if (s.has("optional") && !s.get("optional").isBoolean()) {
                throw new TemplateException(at + ": field 'optional' must be true or false");
            }
            JsonNode config = s.get("config");
            if (config != null && !config.isNull() && !config.isObject()) {
                throw new TemplateException(at + ": field 'config' must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> configMap = config == null || config.isNull() ? Map.of()
                    : mapper.convertValue(config, Map.class);
            result.add(new Template.StepSpec(id, type, subflow, repeat, List.copyOf(deps),
                    s.path("optional").asBoolean(false), timeout, retries, configMap));
        }
        return result;
    }

    /** Unknown dependencies and cycles are rejected. */
    static void checkGraph(String where, List<Template.StepSpec> steps) throws TemplateException {
        Map<String, Template.StepSpec> byId = new HashMap<>();
        steps.forEach(s -> byId.put(s.id(), s));
        for (Template.StepSpec s : steps) {
            for (String dep : s.dependsOn()) {
                if (!byId.containsKey(dep)) {
                    throw new TemplateException(where + ", step '" + s.id() + "': field 'depends_on' names unknown step '" + dep + "'");
                }
                if (dep.equals(s.id())) {
                    throw new TemplateException(where + ", step '" + s.id() + "': field 'depends_on' names the step itself");
                }
            }
        }
        Map<String, Integer> mark = new HashMap<>();
        for (Template.StepSpec s : steps) {
            List<String> path = new ArrayList<>();
            if (cycle(s.id(), byId, mark, path)) {
                throw new TemplateException(where + ", step '" + path.get(0) + "': field 'depends_on' makes a cycle: "
                        + String.join(" -> ", path));
            }
        }
    }

    private static boolean cycle(String id, Map<String, Template.StepSpec> byId, Map<String, Integer> mark,
            List<String> path) {
        Integer m = mark.get(id);
        if (m != null && m == 2) {
            return false;
        }
        path.add(id);
        if (m != null && m == 1) {
            int start = path.indexOf(id);
            List<String> loop = new ArrayList<>(path.subList(start, path.size()));
            path.clear();
            path.addAll(loop);
            return true;
        }
        mark.put(id, 1);
        for (String dep : byId.get(id).dependsOn()) {
            if (cycle(dep, byId, mark, path)) {
                return true;
            }
        }
        mark.put(id, 2);
        path.remove(path.size() - 1);
        return false;
    }

    /** Repeated sub-flow 'x' names its instances x_1, x_2 ...: no other step may be called so. */
    private static void checkInstanceIds(String where, List<Template.StepSpec> steps) throws TemplateException {
        for (Template.StepSpec repeated : steps) {
            if (repeated.repeat() == null) {
                continue;
            }
            Pattern instance = Pattern.compile(Pattern.quote(repeated.id()) + "_[0-9]+");
            for (Template.StepSpec other : steps) {
                if (instance.matcher(other.id()).matches()) {
                    throw new TemplateException(where + ", step '" + other.id() + "': field 'id' collides with the instances of "
                            + "repeated sub-flow '" + repeated.id() + "' (" + repeated.id() + "_1, " + repeated.id() + "_2 ...)");
                }
            }
        }
    }

    /** The steps in dependency order, otherwise as declared (the graph is known to be acyclic). */
    static List<Template.StepSpec> topological(List<Template.StepSpec> steps) {
        List<Template.StepSpec> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (ordered.size() < steps.size()) {
            for (Template.StepSpec s : steps) {
                if (!placed.contains(s.id()) && placed.containsAll(s.dependsOn())) {
                    ordered.add(s);
                    placed.add(s.id());
                    break;
                }
            }
        }
        return List.copyOf(ordered);
    }

    private static long integer(String at, JsonNode node, String field, long fallback) throws TemplateException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber()) {
            throw new TemplateException(at + ": field '" + field + "' must be a whole number");
        }
        return v.asLong();
    }

    private static void unknownFields(String at, String prefix, JsonNode node, Collection<String> known)
            throws TemplateException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new TemplateException(at + ": unknown field '" + prefix + field + "'; allowed: " + known.stream().sorted().toList());
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(String at, JsonNode node, String field) throws TemplateException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new TemplateException(at + ": field '" + field + "' must be a number");
        }
        return v.asDouble();
    }
}
