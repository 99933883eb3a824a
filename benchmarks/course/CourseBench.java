import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Courses made offline through POST /api/v1/courses: sequentially, then several at once. For each
 * it prints the wall time from the POST to COMPLETED as seen by polling every 100 ms, the run's
 * step count and steps per second.
 */
public class CourseBench {

    private static final Pattern STATE = Pattern.compile("\"state\":\"([A-Z_]+)\"");

    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:" + args[0];
        String token = args[1];
        int lessons = Integer.parseInt(args[2]);
        int courses = Integer.parseInt(args[3]);
        int parallel = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        System.out.println("| mode | course | lessons | steps | wall time s | steps/s |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        for (int c = 1; c <= courses; c++) {
            report(http, base, token, "sequential", c, lessons, List.of(start(http, base, token, lessons, c)));
        }
        List<String> many = new ArrayList<>();
        long began = System.nanoTime();
        for (int c = 1; c <= parallel; c++) {
            many.add(start(http, base, token, lessons, 100 + c));
        }
        report(http, base, token, parallel + " at once", 0, lessons, many);
        System.out.printf(Locale.ROOT, "all %d parallel courses done in %.1f s%n", parallel, (System.nanoTime() - began) / 1e9);
    }

    private static String start(HttpClient http, String base, String token, int lessons, int n) throws Exception {
        String objectives = "[\"Add fractions with like denominators\", \"Multiply decimals by whole numbers\", \"Find the area of"
                + " rectangles\", \"Solve one-step equations\"]";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/courses")).header("Authorization", "Bearer "
                + token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"subject\": \"Mathematics\","
                        + " \"grade_level\": " + (5 + n % 3) + ", \"learning_objectives\": " + objectives + ", \"lesson_count\": " + lessons
                        + "}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        return r.headers().firstValue("Location").orElseThrow();
    }

    private static void report(HttpClient http, String base, String token, String mode, int course, int lessons, List<String> locations)
            throws Exception {
        long began = System.nanoTime();
        for (String location : locations) {
            while (true) {
                String body = http.send(HttpRequest.newBuilder(URI.create(base + location)).header("Authorization", "Bearer " + token).GET()
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = STATE.matcher(body);
                String state = m.find() ? m.group(1) : "?";
                if (state.equals("COMPLETED")) {
                    break;
                }
                if (state.equals("FAILED") || state.equals("CANCELLED")) {
                    throw new IllegalStateException(location + " " + state + ": " + body.substring(0, Math.min(600, body.length())));
                }
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            // a lesson is 5 steps; the outline, strategy, navigation and package 4 more
            int steps = lessons * 5 + 4;
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %.1f |%n", mode, course == 0 ? location.substring(location.lastIndexOf('/')
                    + 1, location.lastIndexOf('/') + 9) : Integer.toString(course), lessons, steps, seconds, steps / seconds);
        }
    }
}
