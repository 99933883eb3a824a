package org.toolboxai.coordinator.workflow.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.toolboxai.api.http.FieldError;

/** Checks a run's parameters against the template's declarations and applies defaults. */
final class ParameterValidator {

    private ParameterValidator() {
    }

    /** The validated parameters with defaults; every problem is added to {@code errors}. */
    static Map<String, Object> validate(Template template, Map<String, Object> given, List<FieldError> errors) {
        Map<String, Object> input = given == null ? Map.of() : given;
        Map<String, Object> result = new LinkedHashMap<>();
        for (String name : input.keySet()) {
            if (!template.parameters().containsKey(name)) {
                errors.add(new FieldError("parameters." + name, "unknown parameter of template " + template.name()
                        + "; declared: " + template.parameters().keySet()));
            }
        }
        for (Map.Entry<String, Template.ParamSpec> e : template.parameters().entrySet()) {
            String name = e.getKey();
            Template.ParamSpec spec = e.getValue();
            Object value = input.get(name);
            if (value == null) {
                if (spec.defaultValue() != null) {
                    Object def = spec.defaultValue();
                    result.put(name, spec.type().equals("integer") ? ((Number) def).longValue() : def);
                } else if (spec.required()) {
                    errors.add(new FieldError("parameters." + name, "required (" + spec.type() + ")"));
                }
                continue;
            }
            List<String> problems = check(name, spec, value);
            problems.forEach(p -> errors.add(new FieldError("parameters." + name, p)));
            if (problems.isEmpty()) {
                result.put(name, spec.type().equals("integer") ? ((Number) value).longValue() : value);
            }
        }
        return result;
    }

    /** What is wrong with one value, empty when nothing is. */
    static List<String> check(String name, Template.ParamSpec spec, Object value) {
        List<String> problems = new ArrayList<>();
        Double size = null;
        switch (spec.type()) {
            case "string" -> {
                if (!(value instanceof String s)) {
                    problems.add("must be a string");
                } else {
                    size = (double) s.length();
                }
            }
            case "integer" -> {
                if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    problems.add("must be a whole number");
                } else {
                    size = n.doubleValue();
                }
            }
            case "number" -> {
                if (!(value instanceof Number n)) {
                    problems.add("must be a number");
                } else {
                    size = n.doubleValue();
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    problems.add("must be true or false");
                }
            }
            case "array" -> {
                if (!(value instanceof Collection<?> c)) {
                    problems.add("must be an array");
                } else {
                    size = (double) c.size();
                }
            }
            case "object" -> {
                if (!(value instanceof Map<?, ?>)) {
                    problems.add("must be an object");
                }
            }
            default -> problems.add("has an unknown type " + spec.type());
        }
        if (size != null) {
            String unit = spec.type().equals("string") ? "character" : spec.type().equals("array") ? "item" : null;
            if (spec.min() != null && size < spec.min()) {
                problems.add("must be at least " + amount(spec.min(), unit));
            }
            if (spec.max() != null && size > spec.max()) {
                problems.add("must be at most " + amount(spec.max(), unit));
            }
        }
        if (problems.isEmpty() && !spec.allowed().isEmpty() && !allowed(spec.allowed(), value)) {
            problems.add("must be one of " + spec.allowed());
        }
        return problems;
    }

    private static boolean allowed(List<Object> allowed, Object value) {
        for (Object a : allowed) {
            if (a.equals(value) || (a instanceof Number x && value instanceof Number y && x.doubleValue() == y.doubleValue())) {
                return true;
            }
        }
        return false;
    }

    /** "1 character", "3 items", or the bare number when it counts nothing. */
    private static String amount(double n, String unit) {
        if (unit == null) {
            return format(n);
        }
        return format(n) + " " + (n == 1 ? unit : unit + "s");
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
