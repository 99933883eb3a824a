package org.toolboxai.api.content;

import java.util.List;

/**
 * The environment agent's 3D plan: everything lies inside the terrain, nothing overlaps, and
 * there is one station per objective.
 *
 * @param type     environment type, e.g. {@code interactive_classroom}
 * @param terrain  size of the terrain, centred on the origin, ground at y = 0
 * @param spawn    where learners appear
 * @param zones    areas of the environment
 * @param stations interactive stations, one per objective
 * @param props    decoration
 */
public record EnvironmentPlan(String type, Vec3 terrain, Vec3 spawn, List<Zone> zones, List<Station> stations,
        List<Prop> props) {

    /**
     * An area.
     *
     * @param id       e.g. {@code zone1}
     * @param name     display name
     * @param position its centre
     * @param size     its extent
     */
    public record Zone(String id, String name, Vec3 position, Vec3 size) {
    }

    /**
     * An interactive station.
     *
     * @param id          e.g. {@code station1}
     * @param name        display name
     * @param objectiveId the objective it teaches
     * @param zoneId      the zone it stands in
     * @param position    its centre
     * @param size        its extent
     */
    public record Station(String id, String name, String objectiveId, String zoneId, Vec3 position, Vec3 size) {
    }

    /**
     * A decorative part.
     *
     * @param name     display name
     * @param position its centre
     * @param size     its extent
     * @param color    RGB hex, e.g. {@code #88aaff}
     */
    public record Prop(String name, Vec3 position, Vec3 size, String color) {
    }
}
