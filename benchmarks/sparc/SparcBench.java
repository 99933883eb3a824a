import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SPARC's adaptive sessions under concurrent students: builds a bank, then rounds of STUDENTS
 * sessions at once (ITEMS answers each, fixed length), and prints answers per second and the
 * latency percentiles of session starts and answers. Answers pick a random option: the
 * correctness does not change the work an answer costs.
 */
public class SparcBench {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern PRESENTED = Pattern.compile("\"item\":\\{\"position\":(\\d+),\"item_id\":\"([^\"]+)\"");
    private static final Pattern OPTIONS = Pattern.compile("\"options\":\\[((?:\"(?:[^\"\\\\]|\\\\.)*\",?)*)\\]");
    private static final Pattern OPTION = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String token = args[1];
        int students = Integer.parseInt(args[2]);
        int items = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

        long t0 = System.nanoTime();
        String run = match(ID, post(http, base + "/api/v1/workflows", token, "{\"template\": \"adaptive_assessment\", \"parameters\": {"
                + "\"subject\": \"Mathematics\", \"grade_level\": 6, \"learning_objectives\": [\"Add fractions with like denominators\","
                + " \"Multiply decimals by whole numbers\", \"Find the area of rectangles\"], \"levels\": 5, \"questions_per_level\": 20}}").body());
        while (true) {
            String body = get(http, base + "/api/v1/workflows/" + run, token).body();
            // the run's own state comes before its steps' states
            String head = body.contains("\"steps\"") ? body.substring(0, body.indexOf("\"steps\"")) : body;
            if (head.contains("\"state\":\"COMPLETED\"")) {
                break;
            }
            if (head.contains("\"state\":\"FAILED\"")) {
                throw new IllegalStateException("the bank's run failed: " + body);
            }
            Thread.sleep(200);
        }
        System.out.printf(Locale.ROOT, "bank: adaptive_assessment, 5 levels x 20 questions, built in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        ExecutorService pool = Executors.newFixedThreadPool(students, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        System.out.println("| round | students at once | answers | answers/s | start p50 ms | start p99 ms | answer p50 ms | answer p99 ms |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int round = 1; round <= rounds; round++) {
            List<Long> starts = Collections.synchronizedList(new ArrayList<>());
            List<Long> answers = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> done = new ArrayList<>();
            long began = System.nanoTime();
            for (int s = 0; s < students; s++) {
                String student = "bench-" + round + "-" + s;
                Random random = new Random(round * 1000L + s);
                done.add(pool.submit(() -> {
                    long a = System.nanoTime();
                    HttpResponse<String> started = post(http, base + "/api/v1/sparc/sessions", token, "{\"bank\": \"mathematics\", \"student\": \""
                            + student + "\", \"max_items\": " + items + ", \"min_items\": " + items + "}");
                    starts.add(System.nanoTime() - a);
                    if (started.statusCode() != 201) {
                        throw new IllegalStateException(started.statusCode() + " " + started.body());
                    }
                    String session = match(ID, started.body());
                    String body = started.body();
                    while (body.contains("\"state\":\"active\"")) {
                        Matcher p = PRESENTED.matcher(body);
                        if (!p.find()) {
                            throw new IllegalStateException("no item in " + body);
                        }
                        // a true/false item lists no options; any other answer is a number or one of the options
                        String response = body.contains("\"type\":\"true_false\"") ? "\"true\"" : "\"1\"";
                        Matcher o = OPTIONS.matcher(body);
                        if (o.find()) {
                            List<String> options = new ArrayList<>();
                            Matcher each = OPTION.matcher(o.group(1));
                            while (each.find()) {
                                options.add(each.group(1));
                            }
                            if (!options.isEmpty()) {
                                response = "\"" + options.get(random.nextInt(options.size())) + "\"";
                            }
                        }
                        long b = System.nanoTime();
                        HttpResponse<String> answered = post(http, base + "/api/v1/sparc/sessions/" + session + "/answers", token,
                                "{\"position\": " + p.group(1) + ", \"item_id\": \"" + p.group(2) + "\", \"response\": " + response + "}");
                        answers.add(System.nanoTime() - b);
                        if (answered.statusCode() != 200) {
                            throw new IllegalStateException(answered.statusCode() + " " + answered.body());
                        }
                        body = answered.body().substring(answered.body().indexOf("\"session\":"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f |%n", round, students, answers.size(),
                    answers.size() / seconds, pct(starts, 50), pct(starts, 99), pct(answers, 50), pct(answers, 99));
        }
        pool.shutdownNow();
    }

    private static double pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    private static String match(Pattern p, String body) {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException(p + " not in " + body);
        }
        return m.group(1);
    }

    private static HttpResponse<String> get(HttpClient http, String uri, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String uri, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
