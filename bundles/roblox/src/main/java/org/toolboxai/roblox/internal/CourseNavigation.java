package org.toolboxai.roblox.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * {@code roblox.navigation}: where a course's areas go in its one place. A hub at the origin with
 * the course map board in its middle; one square area per lesson and one for the summative
 * assessment on a ring around it, the ring wide enough that no two areas (nor an area and the hub)
 * overlap. Each area has a portal on the hub's edge toward it and one back; the portal to lesson n opens once
 * lesson n-1 is completed (the server keeps that, with the player's progress), the final area's
 * once every lesson is. Output {@code navigation}, with everything the earlier steps handed over.
 */
@Component(service = StepHandler.class)
public class CourseNavigation implements StepHandler {

    static final String TYPE = "roblox.navigation";
    /** Side of a lesson area and of the hub, in studs. */
    static final double AREA = 120;
    /** Space between two areas, in studs. */
    static final double GAP = 40;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StepResult execute(StepContext context) {
        Map<String, Object> out = new LinkedHashMap<>();
        context.inputs().values().forEach(out::putAll);
        List<String> titles = new ArrayList<>();
        if (out.get("lessons") instanceof List<?> lessons) {
            for (Object l : lessons) {
                titles.add(l instanceof Map<?, ?> m && m.get("title") != null ? m.get("title").toString() : "Lesson " + (titles.size() + 1));
            }
        }
        out.put("navigation", plan(titles));
        return StepResult.of(out);
    }

    /** The layout for lessons with these titles: hub, areas, portals, unlock rules, map board. */
    static Map<String, Object> plan(List<String> titles) {
        // the lessons and the final assessment share one ring: n + 1 slots, so every area and portal has its own direction
        int slots = titles.size() + 1;
        // adjacent areas on the ring are a chord 2 R sin(pi / slots) apart, centre to centre; the hub is R away
        double needed = (AREA * Math.sqrt(2) + GAP) / 2;
        double radius = Math.max(AREA * Math.sqrt(2) + GAP, needed / Math.sin(Math.PI / slots));
        List<Map<String, Object>> areas = new ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            Map<String, Object> area = area(titles.get(i), 2 * Math.PI * i / slots, radius);
            area.put("lesson", i + 1);
            area.put("unlocked_by", i == 0 ? List.of() : List.of(i));
            areas.add(area);
        }
        Map<String, Object> summative = area("Final assessment", 2 * Math.PI * titles.size() / slots, radius);
        summative.put("unlocked_by", java.util.stream.IntStream.rangeClosed(1, titles.size()).boxed().toList());
        Map<String, Object> hub = new LinkedHashMap<>();
        hub.put("center", List.of(0.0, 0.0, 0.0));
        hub.put("size", AREA);
        // the map board stands in the hub's middle, away from the portals on its edge
        hub.put("map_board", Map.of("position", List.of(0.0, 6.0, 0.0), "lines", titles.size() + 1));
        Map<String, Object> nav = new LinkedHashMap<>();
        nav.put("hub", hub);
        nav.put("areas", areas);
        nav.put("summative", summative);
        nav.put("unlock", "in order: lesson n opens when lesson n-1 is completed; the final assessment when every lesson is");
        return nav;
    }

    /** An area in direction {@code angle}: its centre on the ring, a portal on the hub's edge toward it and one back. */
    private static Map<String, Object> area(String title, double angle, double radius) {
        Map<String, Object> area = new LinkedHashMap<>();
        area.put("title", title);
        area.put("center", List.of(round(radius * Math.cos(angle)), 0.0, round(radius * Math.sin(angle))));
        area.put("size", AREA);
        area.put("portal_from_hub", List.of(round(AREA / 2 * Math.cos(angle)), 0.0, round(AREA / 2 * Math.sin(angle))));
        area.put("portal_to_hub", List.of(round((radius - AREA / 2 + 8) * Math.cos(angle)), 0.0,
                round((radius - AREA / 2 + 8) * Math.sin(angle))));
        return area;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
