package org.toolboxai.roblox.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * {@code roblox.navigation}: where a course's areas go in its one place, and the place itself. A
 * hub at the origin with the course map board; one square area per lesson and one for the
 * summative assessment on a ring around it, the ring wide enough that no two areas (nor an area
 * and the hub) overlap, and every area as large as the largest lesson's terrain. Each area has a
 * portal inside the hub's edge toward it and one back; the portal to lesson n opens once lesson
 * n-1 is completed (the server works that out from the player's saved progress), the final area's
 * once every lesson is. Output {@code navigation} and {@code place} (the course as one package,
 * {@link CoursePlace}), with everything the earlier steps handed over.
 */
@Component(service = StepHandler.class)
public class CourseNavigation implements StepHandler {

    static final String TYPE = "roblox.navigation";
    /** The workflow's JSON (snake_case) to the API's records. */
    static final ObjectMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING).enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .build();
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
        List<CoursePlace.Lesson> lessons = new ArrayList<>();
        if (out.get("lessons") instanceof List<?> list) {
            for (Object l : list) {
                Map<?, ?> m = (Map<?, ?>) l;
                int number = m.get("number") instanceof Number n ? n.intValue() : lessons.size() + 1;
                lessons.add(new CoursePlace.Lesson(number, m.get("title") != null ? m.get("title").toString() : "Lesson " + number,
                        JSON.convertValue(m.get("package"), ContentPackage.class)));
            }
        }
        List<CoursePlace.Summative> summative = new ArrayList<>();
        if (out.get("assessment_strategy") instanceof Map<?, ?> strategy && strategy.get("summative") instanceof Map<?, ?> s
                && s.get("questions") instanceof List<?> questions) {
            for (Object q : questions) {
                Map<?, ?> m = (Map<?, ?>) q;
                summative.add(new CoursePlace.Summative(((Number) m.get("lesson")).intValue(),
                        JSON.convertValue(m.get("question"), Quiz.Question.class), String.valueOf(m.get("objective"))));
            }
        }
        if (lessons.isEmpty()) {
            // every lesson failed: there is nothing to put in a place, and the course is not made (each lesson can be retried)
            throw FailureException.permanent("no lesson of the course was made; retry the lessons");
        }
        Map<String, Object> nav = plan(lessons.stream().map(CoursePlace.Lesson::title).toList(),
                lessons.stream().map(CoursePlace.Lesson::number).toList(), CoursePlace.areaSide(lessons));
        out.put("navigation", nav);
        Map<String, Object> params = context.parameters();
        String title = out.get("course_outline") instanceof Map<?, ?> outline && outline.get("title") != null
                ? outline.get("title").toString() : params.getOrDefault("subject", "Course") + " course";
        ContentPackage place = CoursePlace.build(context.runId(), title, String.valueOf(params.getOrDefault("subject", "")),
                String.valueOf(params.getOrDefault("grade_level", "")), lessons, summative, nav);
        out.put("place", JSON.convertValue(place, Map.class));
        return StepResult.of(out);
    }

    /** The layout for lessons with these titles: hub, areas, portals, unlock rules, map board. */
    static Map<String, Object> plan(List<String> titles) {
        return plan(titles, java.util.stream.IntStream.rangeClosed(1, titles.size()).boxed().toList(), AREA);
    }

    /**
     * The layout with areas (and hub) of {@code side} studs, for lessons with these titles and
     * numbers in the course (a lesson that failed leaves a gap: lessons 1 and 3).
     */
    static Map<String, Object> plan(List<String> titles, List<Integer> numbers, double side) {
        // the lessons and the final assessment share one ring: n + 1 slots, so every area and portal has its own direction
        int slots = Math.max(2, titles.size() + 1);
        // adjacent areas on the ring are a chord 2 R sin(pi / slots) apart, centre to centre; the hub is R away
        double needed = (side * Math.sqrt(2) + GAP) / 2;
        double radius = Math.max(side * Math.sqrt(2) + GAP, needed / Math.sin(Math.PI / slots));
        List<Map<String, Object>> areas = new ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            Map<String, Object> area = area(titles.get(i), 2 * Math.PI * i / slots, radius, side);
            area.put("lesson", numbers.get(i));
            area.put("unlocked_by", i == 0 ? List.of() : List.of(numbers.get(i - 1)));
            areas.add(area);
        }
        Map<String, Object> summative = area(CoursePlace.FINAL_TITLE, 2 * Math.PI * titles.size() / slots, radius, side);
        summative.put("unlocked_by", List.copyOf(numbers));
        Map<String, Object> hub = new LinkedHashMap<>();
        hub.put("center", List.of(0.0, 0.0, 0.0));
        hub.put("size", side);
        // the map board stands in the hub's middle, away from the portals on its edge
        hub.put("map_board", Map.of("position", List.of(0.0, 7.0, round(side / 8)), "lines", titles.size() + 1));
        Map<String, Object> nav = new LinkedHashMap<>();
        nav.put("hub", hub);
        nav.put("areas", areas);
        nav.put("summative", summative);
        nav.put("unlock", "in order: lesson n opens when lesson n-1 is completed; the final assessment when every lesson is");
        return nav;
    }

    /** An area in direction {@code angle}: its centre on the ring, a portal on the hub's edge toward it and one back. */
    private static Map<String, Object> area(String title, double angle, double radius, double side) {
        Map<String, Object> area = new LinkedHashMap<>();
        area.put("title", title);
        area.put("center", List.of(round(radius * Math.cos(angle)), 0.0, round(radius * Math.sin(angle))));
        area.put("size", side);
        // both portals stand inside their floor (and inside the hub's walls), on the line from the hub to the area
        area.put("portal_from_hub", at(side / 2 - 8, angle, 0));
        area.put("hub_arrival", at(side / 2 - 22, angle, 3));
        area.put("portal_to_hub", at(radius - side / 2 + 8, angle, 0));
        area.put("arrival", at(radius - side / 2 + 22, angle, 3));
        return area;
    }

    private static List<Double> at(double distance, double angle, double y) {
        return List.of(round(distance * Math.cos(angle)), y, round(distance * Math.sin(angle)));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
