package org.toolboxai.roblox.internal;

import java.util.List;

/**
 * What an environment type looks like in Roblox: floor, zone colours, walls and ceiling (indoors),
 * glass and sea water (underwater), and the light.
 *
 * @param floor       the baseplate's material
 * @param floorColour its colour
 * @param zoneColours the zones' floors, in turn
 * @param zoneMaterial the zones' floor material
 * @param walls       material of walls and ceiling, or {@code null} outdoors
 * @param wallColour  their colour
 * @param wallTransparency 0 for solid walls, more for glass
 * @param ceiling     height of the ceiling's underside, 0 for none
 * @param water       whether sea water surrounds the place (translucent, walk-through)
 * @param ambient     Lighting.Ambient
 * @param fog         Lighting.FogColor
 * @param fogEnd      Lighting.FogEnd, studs
 * @param timeOfDay   Lighting.TimeOfDay
 */
record EnvironmentLook(Material floor, int[] floorColour, List<int[]> zoneColours, Material zoneMaterial, Material walls,
        int[] wallColour, double wallTransparency, double ceiling, boolean water, double[] ambient, double[] fog,
        double fogEnd, String timeOfDay) {

    /** The Material enum items used here, with their numbers. */
    enum Material {
        PLASTIC("Plastic", 256), SMOOTH_PLASTIC("SmoothPlastic", 272), NEON("Neon", 288), WOOD_PLANKS("WoodPlanks", 528),
        MARBLE("Marble", 784), CONCRETE("Concrete", 816), DIAMOND_PLATE("DiamondPlate", 1056), METAL("Metal", 1088),
        GRASS("Grass", 1280), SAND("Sand", 1296), GLASS("Glass", 1568);

        final String item;
        final int number;

        Material(String item, int number) {
            this.item = item;
            this.number = number;
        }

        RobloxInstance.Token token() {
            return new RobloxInstance.Token(item, number);
        }
    }

    private static final List<int[]> PASTELS = List.of(new int[] {196, 226, 166}, new int[] {166, 200, 236},
            new int[] {240, 214, 160}, new int[] {214, 186, 230}, new int[] {170, 222, 216}, new int[] {236, 188, 180});
    private static final double[] DAY_AMBIENT = {0.5, 0.5, 0.5};
    private static final double[] NO_FOG = {0.75, 0.75, 0.75};

    /** The look of an environment type; an unknown type looks like the classroom. */
    static EnvironmentLook of(String type) {
        return switch (type == null ? "" : type) {
            case "outdoor" -> new EnvironmentLook(Material.GRASS, new int[] {75, 151, 75}, List.of(new int[] {120, 170, 90},
                    new int[] {150, 130, 95}, new int[] {110, 160, 100}), Material.GRASS, null, null, 0, 0, false,
                    new double[] {0.4, 0.4, 0.4}, NO_FOG, 100000, "14:00:00");
            case "laboratory" -> new EnvironmentLook(Material.CONCRETE, new int[] {200, 200, 205}, List.of(
                    new int[] {230, 232, 236}, new int[] {214, 226, 240}), Material.SMOOTH_PLASTIC, Material.SMOOTH_PLASTIC,
                    new int[] {236, 240, 241}, 0, 24, false, DAY_AMBIENT, NO_FOG, 100000, "14:00:00");
            case "museum" -> new EnvironmentLook(Material.MARBLE, new int[] {220, 214, 200}, List.of(new int[] {200, 180, 150},
                    new int[] {170, 40, 50}), Material.MARBLE, Material.SMOOTH_PLASTIC, new int[] {245, 240, 228}, 0, 30, false,
                    DAY_AMBIENT, NO_FOG, 100000, "14:00:00");
            case "space_station" -> new EnvironmentLook(Material.DIAMOND_PLATE, new int[] {99, 110, 114}, List.of(
                    new int[] {45, 52, 54}, new int[] {9, 132, 227}), Material.METAL, Material.METAL, new int[] {178, 190, 195},
                    0, 24, false, new double[] {0.35, 0.38, 0.45}, new double[] {0.02, 0.02, 0.08}, 100000, "00:00:00");
            case "underwater" -> new EnvironmentLook(Material.SAND, new int[] {214, 196, 140}, List.of(new int[] {0, 151, 167},
                    new int[] {72, 126, 176}), Material.SAND, Material.GLASS, new int[] {160, 220, 255}, 0.6, 24, true,
                    new double[] {0.3, 0.45, 0.6}, new double[] {0.05, 0.3, 0.45}, 400, "14:00:00");
            default -> new EnvironmentLook(Material.WOOD_PLANKS, new int[] {160, 118, 76}, PASTELS, Material.SMOOTH_PLASTIC,
                    Material.SMOOTH_PLASTIC, new int[] {245, 238, 220}, 0, 24, false, DAY_AMBIENT, NO_FOG, 100000, "14:00:00");
        };
    }

    boolean indoors() {
        return walls != null;
    }
}
