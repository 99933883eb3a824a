package org.toolboxai.provider.offline.internal;

import java.util.List;

import org.toolboxai.api.content.Vec3;

/** What each environment type looks like: names, colours and decoration. */
final class Themes {

    /**
     * A decoration type.
     *
     * @param name  display name
     * @param size  its extent (at most {@link EnvironmentPlanner#MAX_PROP} wide and deep)
     * @param color RGB hex
     */
    record PropType(String name, Vec3 size, String color) {
    }

    /**
     * An environment type's look.
     *
     * @param type        environment type
     * @param place       how learners call the place, e.g. "the laboratory"
     * @param zoneName    what an area is called
     * @param stationName what a station is called
     * @param lobby       the arrival area's name
     * @param height      the terrain's height in studs
     * @param props       decoration to pick from
     * @param lobbyProps  decoration of the arrival area
     */
    record Theme(String type, String place, String zoneName, String stationName, String lobby, double height,
            List<PropType> props, List<PropType> lobbyProps) {
    }

    private static PropType p(String name, double x, double y, double z, String color) {
        return new PropType(name, new Vec3(x, y, z), color);
    }

    private static final List<Theme> THEMES = List.of(
            new Theme("interactive_classroom", "the interactive classroom", "Learning Corner", "Learning Desk", "Front of Class",
                    50, List.of(p("Bookshelf", 6, 8, 2, "#8b5a2b"), p("Globe Stand", 3, 5, 3, "#3a7bd5"),
                            p("Potted Plant", 2, 4, 2, "#2e8b57"), p("Whiteboard", 8, 6, 1, "#f5f5f5"),
                            p("Reading Beanbag", 4, 2, 4, "#e67e22"), p("Cubby Shelf", 6, 4, 2, "#d35400")),
                    List.of(p("Teacher Desk", 8, 4, 4, "#a0522d"), p("Welcome Board", 8, 6, 1, "#2c3e50"))),
            new Theme("laboratory", "the laboratory", "Lab Wing", "Lab Bench", "Safety Entrance",
                    50, List.of(p("Fume Hood", 6, 8, 4, "#bdc3c7"), p("Beaker Rack", 4, 3, 2, "#7fdbff"),
                            p("Microscope Table", 4, 4, 3, "#95a5a6"), p("Eye Wash Station", 2, 5, 2, "#f1c40f"),
                            p("Specimen Fridge", 4, 8, 4, "#ecf0f1"), p("Periodic Table Poster", 6, 5, 1, "#9b59b6")),
                    List.of(p("Safety Goggles Rack", 6, 4, 2, "#f39c12"), p("Lab Coat Hooks", 6, 6, 1, "#ffffff"))),
            new Theme("outdoor", "the outdoor nature park", "Trail Clearing", "Trail Post", "Trailhead",
                    60, List.of(p("Oak Tree", 6, 14, 6, "#2d6a4f"), p("Boulder", 5, 4, 5, "#7f8c8d"),
                            p("Flower Bed", 6, 1, 4, "#e84393"), p("Wooden Bench", 6, 3, 2, "#8d6e63"),
                            p("Bird House", 2, 6, 2, "#a1887f"), p("Pine Tree", 5, 16, 5, "#1b4332")),
                    List.of(p("Trail Map Sign", 6, 6, 1, "#6d4c41"), p("Picnic Table", 6, 3, 4, "#a0522d"))),
            new Theme("space_station", "the space station", "Module", "Console", "Docking Bay",
                    80, List.of(p("Oxygen Tank", 3, 6, 3, "#dfe6e9"), p("Control Panel", 6, 4, 2, "#0984e3"),
                            p("Cargo Crate", 4, 4, 4, "#636e72"), p("Star Window", 8, 6, 1, "#2d3436"),
                            p("Solar Battery", 4, 5, 4, "#fdcb6e"), p("Robot Arm", 2, 8, 2, "#b2bec3")),
                    List.of(p("Airlock Door", 8, 10, 2, "#74b9ff"), p("Mission Screen", 8, 6, 1, "#00cec9"))),
            new Theme("museum", "the museum", "Gallery", "Exhibit", "Grand Hall",
                    60, List.of(p("Statue", 4, 10, 4, "#dcdde1"), p("Display Case", 6, 4, 4, "#c8d6e5"),
                            p("Painting Wall", 8, 8, 1, "#c0392b"), p("Velvet Rope", 8, 3, 1, "#8e44ad"),
                            p("Fossil Stand", 6, 6, 4, "#d1ccc0"), p("Column", 3, 16, 3, "#f5f6fa")),
                    List.of(p("Ticket Desk", 8, 4, 4, "#6c5ce7"), p("Museum Map", 6, 6, 1, "#2f3640"))),
            new Theme("underwater", "the underwater research base", "Reef Zone", "Research Pod", "Dive Dock",
                    80, List.of(p("Coral Reef", 6, 5, 6, "#ff7675"), p("Kelp Forest", 4, 14, 4, "#00b894"),
                            p("Treasure Chest", 4, 3, 3, "#e1b12c"), p("Giant Clam", 5, 3, 5, "#a29bfe"),
                            p("Submarine Window", 8, 6, 1, "#0097e6"), p("Sea Rock", 6, 5, 6, "#576574")),
                    List.of(p("Diving Bell", 6, 8, 6, "#f0932b"), p("Air Supply Station", 4, 6, 4, "#dff9fb"))));

    private Themes() {
    }

    /** The theme of an environment type (the classroom when unknown). */
    static Theme of(String type) {
        return THEMES.stream().filter(t -> t.type().equals(type)).findFirst().orElse(THEMES.get(0));
    }
}
