import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * One phase of the swarm benchmark against a running distribution: a loopback model speaking
 * OpenAI's chat-completions format answers every call after DELAY ms, with the parts of a lesson
 * the offline generator made first (so every answer is a valid one), solvers with the right
 * answers, reviewers with scores. It makes LESSONS lessons one after the other and prints the wall
 * time of each and the model calls by task. Arguments: http-port token karaf-home fake-port
 * lessons delay-ms label lesson-file.
 */
public class SwarmBench {

    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:" + args[0];
        String token = args[1];
        Path karaf = Path.of(args[2]);
        int fakePort = Integer.parseInt(args[3]);
        int lessons = Integer.parseInt(args[4]);
        long delay = Long.parseLong(args[5]);
        String label = args[6];
        Path lessonFile = Path.of(args[7]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

        if (!Files.exists(lessonFile)) {
            // the parts every fake answer is taken from: a lesson the offline generator makes
            HttpResponse<String> made = post(http, base, token, "Describe the stages of the water cycle");
            if (made.statusCode() != 200) {
                throw new IllegalStateException("the offline lesson failed: " + made.statusCode() + " " + made.body());
            }
            Files.writeString(lessonFile, made.body());
        }
        JsonNode lesson = JSON.readTree(Files.readString(lessonFile));
        Map<String, JsonNode> truth = new ConcurrentHashMap<>();
        lesson.path("quiz").path("questions").forEach(q -> truth.put(q.path("prompt").asText(), q.path("answer")));
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", fakePort), 0);
        fake.setExecutor(Executors.newCachedThreadPool());
        fake.createContext("/v1/chat/completions", exchange -> {
            try {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String user = body.path("messages").get(1).path("content").asText();
                String marker = "Facts (JSON): ";
                JsonNode facts = JSON.readTree(user.substring(user.indexOf(marker) + marker.length()));
                String task = facts.path("task").asText();
                calls.computeIfAbsent(task, k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(delay);
                Object answer = switch (task) {
                    case "curriculum" -> lesson.path("lesson_plan");
                    case "environment" -> lesson.path("environment");
                    case "quiz" -> lesson.path("quiz");
                    case "script" -> Map.of("items", lesson.path("scripts"));
                    case "solve" -> {
                        String q = "Question (JSON): ";
                        JsonNode question = JSON.readTree(user.substring(user.indexOf(q) + q.length(), user.indexOf(marker)).trim());
                        yield Map.of("answer", truth.getOrDefault(question.path("prompt").asText(), JSON.createArrayNode().add("?")));
                    }
                    default -> throw new IllegalStateException("no answer for task " + task);
                };
                byte[] bytes = JSON.writeValueAsBytes(Map.of("id", "chatcmpl-1", "object", "chat.completion", "created", 1,
                        "model", "fake-gpt", "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant",
                                "content", JSON.writeValueAsString(answer)), "finish_reason", "stop")),
                        "usage", Map.of("prompt_tokens", 100, "completion_tokens", 100, "total_tokens", 200)));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (Exception e) {
                byte[] bytes = ("{\"error\":{\"message\":\"" + e.toString().replace('"', '\'') + "\"}}").getBytes();
                exchange.sendResponseHeaders(400, bytes.length);
                exchange.getResponseBody().write(bytes);
            } finally {
                exchange.close();
            }
        });
        fake.start();
        try {
            // the agents now ask the fake, once per step (the answers are valid: nothing is asked twice)
            Files.writeString(karaf.resolve("etc/org.toolboxai.agents.cfg"), "provider = openai\nmax.attempts = 1\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int warm = 0;
            while (true) {
                HttpResponse<String> r = post(http, base, token, "Explain evaporation, warm-up " + (++warm));
                if (r.statusCode() == 200 && JSON.readTree(r.body()).path("provenance").path("generator").asText().equals("openai")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the agents did not switch to the fake model: " + r.body());
                }
                Thread.sleep(1000);
            }
            calls.clear();
            List<Double> walls = new ArrayList<>();
            String verification = "";
            for (int i = 1; i <= lessons; i++) {
                long began = System.nanoTime();
                HttpResponse<String> r = post(http, base, token, "Describe condensation and precipitation, lesson " + label + " " + i);
                double wall = (System.nanoTime() - began) / 1e9;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(label + " lesson " + i + ": " + r.statusCode() + " " + r.body());
                }
                walls.add(wall);
                verification = JSON.readTree(r.body()).path("verification").path("status").asText();
            }
            double mean = walls.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %s | %s |%n", label, lessons, mean,
                    walls.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    walls.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    new java.util.TreeMap<>(Map.copyOf(calls)).toString().replace("|", "/"), verification);
        } finally {
            fake.stop(0);
        }
    }

    static HttpResponse<String> post(HttpClient http, String base, String token, String objective) throws Exception {
        String body = JSON.writeValueAsString(Map.of("subject", "Science", "grade_level", 5, "learning_objectives", List.of(objective),
                "duration_minutes", 30, "quiz", Map.of("question_count", 5)));
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/content?wait=120"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(140)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
