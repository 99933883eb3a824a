package org.toolboxai.roblox.internal;

import java.util.List;
import java.util.Map;

/**
 * Instances as Rojo {@code .model.json} files ({@code ClassName}, {@code Properties},
 * {@code Children}, which every Rojo 7 reads) and as {@code $properties} of a project file.
 * Values use Rojo's implicit forms (a Vector3 as {@code [x, y, z]}, a colour as three numbers in
 * 0..1, a CFrame as twelve numbers, an enum item by name) and the explicit form where there is no
 * implicit one ({@code {"UDim2": [[xs, xo], [ys, yo]]}}). Fixed key order: the same instances give
 * the same bytes.
 */
final class RojoModelJson {

    private RojoModelJson() {
    }

    /** A model file whose top instance is {@code item}; Rojo names it after the file. */
    static String model(RobloxInstance item) {
        StringBuilder b = new StringBuilder();
        write(b, item, 0, false);
        return b.append('\n').toString();
    }

    /** The properties as a JSON object, for {@code $properties}. */
    static String properties(Map<String, RobloxInstance.Value> properties, int indent) {
        StringBuilder b = new StringBuilder();
        object(b, properties, indent);
        return b.toString();
    }

    private static void write(StringBuilder b, RobloxInstance item, int indent, boolean named) {
        String pad = "  ".repeat(indent);
        b.append("{\n");
        if (named) {
            b.append(pad).append("  \"Name\": ").append(RojoProjectExport.json(item.name())).append(",\n");
        }
        b.append(pad).append("  \"ClassName\": ").append(RojoProjectExport.json(item.className()));
        if (!item.properties().isEmpty()) {
            b.append(",\n").append(pad).append("  \"Properties\": ");
            object(b, item.properties(), indent + 1);
        }
        List<RobloxInstance> children = item.children();
        if (!children.isEmpty()) {
            b.append(",\n").append(pad).append("  \"Children\": [\n");
            for (int i = 0; i < children.size(); i++) {
                b.append(pad).append("    ");
                write(b, children.get(i), indent + 2, true);
                b.append(i + 1 < children.size() ? ",\n" : "\n");
            }
            b.append(pad).append("  ]");
        }
        b.append('\n').append(pad).append('}');
    }

    private static void object(StringBuilder b, Map<String, RobloxInstance.Value> properties, int indent) {
        String pad = "  ".repeat(indent);
        b.append("{\n");
        int i = 0;
        for (var e : properties.entrySet()) {
            b.append(pad).append("  ").append(RojoProjectExport.json(e.getKey())).append(": ").append(value(e.getValue()));
            b.append(++i < properties.size() ? ",\n" : "\n");
        }
        b.append(pad).append('}');
    }

    static String value(RobloxInstance.Value value) {
        if (value instanceof RobloxInstance.Bool v) {
            return Boolean.toString(v.value());
        } else if (value instanceof RobloxInstance.Int v) {
            return Integer.toString(v.value());
        } else if (value instanceof RobloxInstance.Num v) {
            return n(v.value());
        } else if (value instanceof RobloxInstance.Text v) {
            return RojoProjectExport.json(v.value());
        } else if (value instanceof RobloxInstance.Token v) {
            return RojoProjectExport.json(v.item());
        } else if (value instanceof RobloxInstance.Rgb v) {
            return numbers(v.r() / 255.0, v.g() / 255.0, v.b() / 255.0);
        } else if (value instanceof RobloxInstance.Color v) {
            return numbers(v.r(), v.g(), v.b());
        } else if (value instanceof RobloxInstance.Vector v) {
            return numbers(v.value().x(), v.value().y(), v.value().z());
        } else if (value instanceof RobloxInstance.UDim2 v) {
            return "{\"UDim2\": [[" + n(v.xScale()) + ", " + v.xOffset() + "], [" + n(v.yScale()) + ", " + v.yOffset() + "]]}";
        }
        RobloxInstance.Frame v = (RobloxInstance.Frame) value;
        double[] r = v.rotation();
        return numbers(v.position().x(), v.position().y(), v.position().z(), r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                r[8]);
    }

    private static String numbers(double... values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ", ").append(n(values[i]));
        }
        return b.append(']').toString();
    }

    private static String n(double d) {
        return PlaceFileExport.number(d);
    }
}
