package org.toolboxai.roblox.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.toolboxai.api.content.Vec3;

/**
 * A Roblox instance to write into a file: class, name, typed properties in a fixed order, children.
 * The place file and the Rojo project write the same instances, each in its own format.
 *
 * @param className  e.g. {@code Part}
 * @param name       its Name
 * @param properties by the property's name in the Roblox API (e.g. {@code Size}, {@code Color})
 * @param children   in order
 */
record RobloxInstance(String className, String name, Map<String, Value> properties, List<RobloxInstance> children) {

    /** A property value of one Roblox type. */
    sealed interface Value {
    }

    record Bool(boolean value) implements Value {
    }

    /** An int property (SpawnLocation.Duration ...). */
    record Int(int value) implements Value {
    }

    /** A float property (Transparency, MaxDistance ...). */
    record Num(double value) implements Value {
    }

    record Text(String value) implements Value {
    }

    record Vector(Vec3 value) implements Value {
    }

    /** A position and a rotation matrix, rows first (R00 R01 R02 R10 ...). */
    record Frame(Vec3 position, double[] rotation) implements Value {
    }

    /** A colour in bytes: a part's Color (Color3uint8 in a place file). */
    record Rgb(int r, int g, int b) implements Value {
    }

    /** A Color3 in 0..1, for GUI and Lighting colours. */
    record Color(double r, double g, double b) implements Value {
    }

    record UDim2(double xScale, int xOffset, double yScale, int yOffset) implements Value {
    }

    /** An enum item: its name (Rojo) and its number (place file). */
    record Token(String item, int number) implements Value {
    }

    static RobloxInstance of(String className, String name) {
        return new RobloxInstance(className, name, new LinkedHashMap<>(), new ArrayList<>());
    }

    RobloxInstance set(String property, Value value) {
        properties.put(property, value);
        return this;
    }

    RobloxInstance add(RobloxInstance child) {
        children.add(child);
        return this;
    }

    /** Whether the class is a part (its size, colour and shape have their own names in a place file). */
    boolean isPart() {
        return className.equals("Part") || className.equals("SpawnLocation");
    }
}
