package org.toolboxai.testing.lms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Canvas LMS on loopback, speaking the documented REST API (v1) for what a push uses: courses and
 * sections, modules and module items, wiki pages (PUT creates or updates by url), classic quizzes and
 * their questions, the three-step file upload, content migrations with progress and migration issues.
 * Lists are paginated with the {@code Link} header ({@code per_page}, default 10, at most 50); every
 * answer carries {@code X-Request-Cost} and {@code X-Rate-Limit-Remaining}; bodies are JSON (Canvas
 * accepts JSON bodies). Bearer tokens are checked (401 {@code {"errors":[{"message":"Invalid access token."}]}}).
 * Faults are queued with {@link #fail}: the next requests answer them, in order.
 */
public final class FakeCanvas implements AutoCloseable {

    /** A module with its items. */
    public record Module(long id, String courseId, String name, List<ObjectNode> items) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/api/v1/(.*)");

    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong(100);
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    /** Courses by id, each with its sections. */
    public final Map<String, ObjectNode> courses = new ConcurrentHashMap<>();
    public final Map<Long, Module> modules = new ConcurrentHashMap<>();
    /** Pages by course id and url slug. */
    public final Map<String, Map<String, ObjectNode>> pages = new ConcurrentHashMap<>();
    public final Map<Long, ObjectNode> quizzes = new ConcurrentHashMap<>();
    /** Questions by quiz id, in order. */
    public final Map<Long, List<ObjectNode>> questions = new ConcurrentHashMap<>();
    /** Files by id; their bytes in {@link #fileBytes}. */
    public final Map<Long, ObjectNode> files = new ConcurrentHashMap<>();
    public final Map<Long, byte[]> fileBytes = new ConcurrentHashMap<>();
    public final Map<Long, ObjectNode> migrations = new ConcurrentHashMap<>();
    /** Every request: "METHOD path", in arrival order, with the token it carried (or "-"). */
    public final Collection<String> requests = new ConcurrentLinkedQueue<>();
    private final List<String> faults = new CopyOnWriteArrayList<>();
    private final Map<String, Long> pendingUploads = new ConcurrentHashMap<>();
    private volatile double remaining = 700.0;

    public FakeCanvas() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A token it accepts. */
    public FakeCanvas token(String token) {
        tokens.add(token);
        return this;
    }

    /** A course the tokens may deliver to, with sections. */
    public FakeCanvas course(String id, String name, String... sections) {
        ObjectNode c = JSON.createObjectNode().put("id", Long.parseLong(id)).put("name", name).put("course_code", name.toUpperCase(Locale.ROOT)
                .replaceAll("[^A-Z0-9]", "")).put("workflow_state", "available");
        ArrayNode s = c.putArray("sections");
        for (String section : sections) {
            s.addObject().put("id", ids.incrementAndGet()).put("name", section).put("course_id", Long.parseLong(id));
        }
        courses.put(id, c);
        return this;
    }

    /**
     * Faults for the next requests, in order: {@code 500}, {@code 401}, {@code 404}, {@code throttle}
     * (403 "Rate Limit Exceeded"), {@code 429}, {@code slow} (answers after 5 s), {@code pass} (no fault), {@code hold}
     * (held until {@link #release}, then handled).
     */
    public void fail(String... next) {
        faults.addAll(List.of(next));
    }

    private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    /** Waits until a request meets the {@code hold} fault; false when none did in time. */
    public boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Lets the held request go on: Canvas does what it asked, though its client may be gone. */
    public void release() {
        release.countDown();
    }

    /** Faults still queued. */
    public List<String> pendingFaults() {
        return List.copyOf(faults);
    }

    /** The X-Rate-Limit-Remaining it reports from now on. */
    public void remaining(double value) {
        remaining = value;
    }

    /** The modules of a course, in id order. */
    public List<Module> modulesOf(String courseId) {
        return modules.values().stream().filter(m -> m.courseId().equals(courseId)).sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
    }

    /** The quizzes of a course, in id order. */
    public List<ObjectNode> quizzesOf(String courseId) {
        return quizzes.values().stream().filter(q -> q.path("course_id").asText().equals(courseId))
                .sorted((a, b) -> Long.compare(a.path("id").asLong(), b.path("id").asLong())).toList();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    // --- the server ---

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            requests.add(method + " " + path + " " + (auth == null ? "-" : auth.replace("Bearer ", "")));
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.startsWith("/upload/")) {
                upload(ex, path.substring("/upload/".length()), body);
                return;
            }
            if (!faults.isEmpty()) {
                String fault = faults.remove(0);
                if (fault(ex, fault)) {
                    return;
                }
            }
            if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"canvas-lms\"");
                send(ex, 401, JSON.readTree("{\"errors\":[{\"message\":\"Invalid access token.\"}]}"));
                return;
            }
            Matcher m = PATH.matcher(path);
            if (!m.matches()) {
                notFound(ex);
                return;
            }
            JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            route(ex, method, m.group(1).split("/"), query(ex), json);
        } catch (RuntimeException e) {
            send(ex, 500, JSON.createObjectNode().put("message", "fake canvas: " + e));
        }
    }

    private boolean fault(HttpExchange ex, String fault) throws IOException {
        switch (fault) {
            case "500" -> send(ex, 500, JSON.readTree("{\"errors\":[{\"message\":\"An error occurred.\",\"error_code\":\"internal_server_error\"}]}"));
            case "401" -> send(ex, 401, JSON.readTree("{\"errors\":[{\"message\":\"Invalid access token.\"}]}"));
            case "404" -> notFound(ex);
            case "429" -> {
                ex.getResponseHeaders().add("Retry-After", "1");
                send(ex, 429, JSON.createObjectNode().put("message", "Too Many Requests"));
            }
            case "throttle" -> {
                ex.getResponseHeaders().add("X-Rate-Limit-Remaining", "0.0");
                ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
                byte[] text = "403 Forbidden (Rate Limit Exceeded)\n".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(403, text.length);
                ex.getResponseBody().write(text);
            }
            case "pass" -> {
                return false;
            }
            case "hold" -> {
                // held until released: the request in flight when its client dies, answered to nobody
                held.countDown();
                try {
                    release.await(120, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
            case "slow" -> {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
            default -> throw new IllegalArgumentException("unknown fault " + fault);
        }
        return true;
    }

    private void route(HttpExchange ex, String method, String[] p, Map<String, String> q, JsonNode body) throws IOException {
        // courses
        if (p.length == 1 && p[0].equals("courses") && method.equals("GET")) {
            boolean sections = "sections".equals(q.get("include[]"));
            page(ex, q, new ArrayList<>(courses.values().stream().sorted((a, b) -> a.path("id").asText().compareTo(b.path("id").asText()))
                    .map(c -> sections ? (JsonNode) c.deepCopy() : (JsonNode) c.deepCopy().without("sections")).toList()));
            return;
        }
        if (p.length >= 2 && p[0].equals("files") && (method.equals("GET") || method.equals("POST"))) {
            // step 3 of an upload (create_success), or the file itself
            ObjectNode file = files.get(Long.parseLong(p[1]));
            if (file == null) {
                notFound(ex);
            } else {
                send(ex, 200, file);
            }
            return;
        }
        if (p.length == 2 && p[0].equals("progress") && method.equals("GET")) {
            ObjectNode mig = migrations.get(Long.parseLong(p[1]));
            if (mig == null) {
                notFound(ex);
                return;
            }
            send(ex, 200, JSON.createObjectNode().put("id", Long.parseLong(p[1])).put("workflow_state", "completed").put("completion", 100));
            return;
        }
        if (p.length < 2 || !p[0].equals("courses") || !courses.containsKey(p[1])) {
            notFound(ex);
            return;
        }
        String course = p[1];
        if (p.length == 2 && method.equals("GET")) {
            send(ex, 200, courses.get(course).deepCopy().without("sections"));
            return;
        }
        String what = p.length > 2 ? p[2] : "";
        switch (what) {
            case "sections" -> page(ex, q, list(courses.get(course).path("sections")));
            case "modules" -> modules(ex, method, p, q, body, course);
            case "pages" -> pages(ex, method, p, q, body, course);
            case "quizzes" -> quizzes(ex, method, p, q, body, course);
            case "files" -> fileStart(ex, method, body, course);
            case "content_migrations" -> migrations(ex, method, p, q, body, course);
            default -> notFound(ex);
        }
    }

    private void modules(HttpExchange ex, String method, String[] p, Map<String, String> q, JsonNode body, String course) throws IOException {
        if (p.length == 3 && method.equals("GET")) {
            List<JsonNode> list = new ArrayList<>();
            String term = q.get("search_term");
            for (Module mod : modulesOf(course)) {
                if (term == null || mod.name().toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT))) {
                    list.add(moduleJson(mod));
                }
            }
            page(ex, q, list);
        } else if (p.length == 3 && method.equals("POST")) {
            String name = body.path("module").path("name").asText("");
            if (name.isBlank()) {
                send(ex, 400, JSON.createObjectNode().put("message", "missing module name"));
                return;
            }
            Module mod = new Module(ids.incrementAndGet(), course, name, new CopyOnWriteArrayList<>());
            modules.put(mod.id(), mod);
            send(ex, 200, moduleJson(mod));
        } else if (p.length == 4 && method.equals("DELETE")) {
            Module gone = modules.remove(Long.parseLong(p[3]));
            if (gone == null) {
                notFound(ex);
            } else {
                send(ex, 200, moduleJson(gone));
            }
        } else if (p.length == 5 && p[4].equals("items")) {
            Module mod = modules.get(Long.parseLong(p[3]));
            if (mod == null || !mod.courseId().equals(course)) {
                notFound(ex);
                return;
            }
            if (method.equals("GET")) {
                page(ex, q, new ArrayList<>(mod.items()));
                return;
            }
            JsonNode item = body.path("module_item");
            String type = item.path("type").asText("");
            ObjectNode created = JSON.createObjectNode().put("id", ids.incrementAndGet()).put("module_id", mod.id())
                    .put("position", mod.items().size() + 1).put("title", item.path("title").asText("")).put("type", type);
            switch (type) {
                case "Page" -> {
                    String url = item.path("page_url").asText("");
                    if (url.isBlank()) {
                        send(ex, 400, JSON.createObjectNode().put("message", "missing page_url parameter"));
                        return;
                    }
                    if (!pages.getOrDefault(course, Map.of()).containsKey(url)) {
                        send(ex, 400, JSON.createObjectNode().put("message", "invalid page_url parameter"));
                        return;
                    }
                    created.put("page_url", url).put("html_url", url() + "/courses/" + course + "/pages/" + url);
                }
                case "Quiz", "File" -> {
                    long content = item.path("content_id").asLong(-1);
                    boolean exists = type.equals("Quiz") ? quizzes.containsKey(content) : files.containsKey(content);
                    if (!exists) {
                        send(ex, 400, JSON.createObjectNode().put("message", "Could not find content"));
                        return;
                    }
                    created.put("content_id", content);
                }
                default -> {
                    send(ex, 400, JSON.createObjectNode().put("message", "invalid module item type " + type));
                    return;
                }
            }
            created.put("html_url", url() + "/courses/" + course + "/modules/items/" + created.path("id").asLong());
            mod.items().add(created);
            send(ex, 200, created);
        } else {
            notFound(ex);
        }
    }

    private ObjectNode moduleJson(Module mod) {
        return JSON.createObjectNode().put("id", mod.id()).put("name", mod.name()).put("items_count", mod.items().size())
                .put("published", false).put("items_url", url() + "/api/v1/courses/" + mod.courseId() + "/modules/" + mod.id() + "/items");
    }

    private void pages(HttpExchange ex, String method, String[] p, Map<String, String> q, JsonNode body, String course) throws IOException {
        Map<String, ObjectNode> of = pages.computeIfAbsent(course, k -> new ConcurrentHashMap<>());
        if (p.length == 3 && method.equals("GET")) {
            String term = q.get("search_term");
            page(ex, q, new ArrayList<>(of.values().stream().filter(pg -> term == null || pg.path("title").asText().toLowerCase(Locale.ROOT)
                    .contains(term.toLowerCase(Locale.ROOT))).sorted((a, b) -> a.path("page_id").asText().compareTo(b.path("page_id").asText()))
                    .map(pg -> (JsonNode) pg.deepCopy().without("body")).toList()));
        } else if (p.length == 3 && method.equals("POST") || p.length == 4 && method.equals("PUT")) {
            JsonNode wiki = body.path("wiki_page");
            String existingUrl = p.length == 4 ? p[3] : null;
            ObjectNode page = existingUrl == null ? null : of.get(existingUrl);
            String title = wiki.path("title").asText(page == null ? "" : page.path("title").asText());
            if (title.isBlank()) {
                send(ex, 400, JSON.readTree("{\"errors\":{\"title\":[{\"message\":\"can't be blank\"}]}}"));
                return;
            }
            String url = slug(title);
            for (int n = 2; of.containsKey(url) && !url.equals(existingUrl); n++) {
                url = slug(title) + "-" + n; // as Canvas does: another page holds that url
            }
            if (page == null) {
                page = JSON.createObjectNode().put("page_id", ids.incrementAndGet());
            } else {
                of.remove(existingUrl);
            }
            page.put("url", url).put("title", title).put("body", wiki.path("body").asText(page.path("body").asText("")))
                    .put("published", wiki.path("published").asBoolean(false)).put("html_url", url() + "/courses/" + course + "/pages/" + url);
            of.put(url, page);
            send(ex, 200, page);
        } else if (p.length == 4 && method.equals("GET")) {
            ObjectNode page = of.get(p[3]);
            if (page == null) {
                notFound(ex);
            } else {
                send(ex, 200, page);
            }
        } else if (p.length == 4 && method.equals("DELETE")) {
            ObjectNode gone = of.remove(p[3]);
            if (gone == null) {
                notFound(ex);
            } else {
                send(ex, 200, gone);
            }
        } else {
            notFound(ex);
        }
    }

    /** Canvas's url slug of a title: lower case, words joined by '-'. */
    public static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private void quizzes(HttpExchange ex, String method, String[] p, Map<String, String> q, JsonNode body, String course) throws IOException {
        if (p.length == 3 && method.equals("GET")) {
            String term = q.get("search_term");
            page(ex, q, new ArrayList<>(quizzesOf(course).stream().filter(z -> term == null || z.path("title").asText()
                    .toLowerCase(Locale.ROOT).contains(term.toLowerCase(Locale.ROOT))).map(z -> (JsonNode) z).toList()));
            return;
        }
        if (p.length == 3 && method.equals("POST")) {
            JsonNode quiz = body.path("quiz");
            if (quiz.path("title").asText("").isBlank()) {
                send(ex, 400, JSON.readTree("{\"errors\":{\"title\":[{\"message\":\"can't be blank\"}]}}"));
                return;
            }
            long id = ids.incrementAndGet();
            ObjectNode z = JSON.createObjectNode().put("id", id).put("course_id", course).put("title", quiz.path("title").asText())
                    .put("description", quiz.path("description").asText("")).put("quiz_type", quiz.path("quiz_type").asText("assignment"))
                    .put("published", quiz.path("published").asBoolean(false)).put("html_url", url() + "/courses/" + course + "/quizzes/" + id);
            quizzes.put(id, z);
            questions.put(id, new CopyOnWriteArrayList<>());
            send(ex, 200, z);
            return;
        }
        ObjectNode z = p.length >= 4 ? quizzes.get(Long.parseLong(p[3])) : null;
        if (z == null || !z.path("course_id").asText().equals(course)) {
            notFound(ex);
            return;
        }
        long quizId = z.path("id").asLong();
        if (p.length == 4 && method.equals("PUT")) {
            JsonNode quiz = body.path("quiz");
            quiz.fields().forEachRemaining(e -> z.set(e.getKey(), e.getValue()));
            send(ex, 200, z);
        } else if (p.length == 4 && method.equals("DELETE")) {
            quizzes.remove(quizId);
            questions.remove(quizId);
            modules.values().forEach(mod -> mod.items().removeIf(i -> i.path("type").asText().equals("Quiz")
                    && i.path("content_id").asLong() == quizId));
            send(ex, 204, null);
        } else if (p.length == 5 && p[4].equals("questions") && method.equals("GET")) {
            page(ex, q, new ArrayList<>(questions.get(quizId)));
        } else if (p.length == 5 && p[4].equals("questions") && method.equals("POST")) {
            JsonNode question = body.path("question");
            String type = question.path("question_type").asText("");
            if (!Set.of("multiple_choice_question", "true_false_question", "short_answer_question", "matching_question",
                    "multiple_answers_question", "essay_question", "fill_in_multiple_blanks_question", "numerical_question").contains(type)) {
                send(ex, 400, JSON.createObjectNode().put("message", "invalid question_type " + type));
                return;
            }
            ObjectNode created = JSON.createObjectNode().put("id", ids.incrementAndGet()).put("quiz_id", quizId)
                    .put("position", questions.get(quizId).size() + 1).put("question_name", question.path("question_name").asText(""))
                    .put("question_type", type).put("question_text", question.path("question_text").asText(""))
                    .put("points_possible", question.path("points_possible").asDouble(1));
            if (question.has("matching_answer_incorrect_matches")) {
                created.put("matching_answer_incorrect_matches", question.path("matching_answer_incorrect_matches").asText());
            }
            // answers echo under Canvas's internal keys
            ArrayNode answers = created.putArray("answers");
            for (JsonNode a : question.path("answers")) {
                ObjectNode echo = answers.addObject().put("id", ids.incrementAndGet());
                if (a.has("answer_text")) {
                    echo.put("text", a.path("answer_text").asText());
                }
                echo.put("weight", type.equals("short_answer_question") ? 100 : a.path("answer_weight").asDouble(0));
                if (a.has("answer_match_left")) {
                    echo.put("left", a.path("answer_match_left").asText()).put("right", a.path("answer_match_right").asText());
                }
                if (a.has("answer_comments")) {
                    echo.put("comments", a.path("answer_comments").asText());
                }
            }
            questions.get(quizId).add(created);
            z.put("question_count", questions.get(quizId).size());
            send(ex, 200, created);
        } else if (p.length == 6 && p[4].equals("questions") && method.equals("DELETE")) {
            boolean removed = questions.get(quizId).removeIf(x -> x.path("id").asText().equals(p[5]));
            send(ex, removed ? 204 : 404, removed ? null : JSON.readTree("{\"errors\":[{\"message\":\"The specified resource does not exist.\"}]}"));
        } else {
            notFound(ex);
        }
    }

    /** Step 1 of an upload: where to send the bytes. */
    private void fileStart(HttpExchange ex, String method, JsonNode body, String course) throws IOException {
        if (!method.equals("POST") || body.path("name").asText("").isBlank()) {
            send(ex, 400, JSON.createObjectNode().put("message", "name is missing"));
            return;
        }
        String ticket = "t" + ids.incrementAndGet();
        ObjectNode file = JSON.createObjectNode().put("display_name", body.path("name").asText()).put("filename", body.path("name").asText())
                .put("content-type", body.path("content_type").asText("application/octet-stream")).put("course_id", course)
                .put("folder_path", body.path("parent_folder_path").asText(""));
        pendingUploads.put(ticket, 0L);
        pendingFiles.put(ticket, file);
        ObjectNode answer = JSON.createObjectNode().put("upload_url", url() + "/upload/" + ticket).put("file_param", "file");
        answer.putObject("upload_params").put("key", "uploads/" + ticket).put("filename", body.path("name").asText());
        send(ex, 200, answer);
    }

    private final Map<String, ObjectNode> pendingFiles = new ConcurrentHashMap<>();

    /** Step 2: the multipart POST (no token: the ticket is the credential); answers 301 to the confirmation. */
    private void upload(HttpExchange ex, String ticket, byte[] body) throws IOException {
        ObjectNode file = pendingFiles.remove(ticket);
        if (file == null || !ex.getRequestMethod().equals("POST")) {
            send(ex, 400, JSON.createObjectNode().put("message", "unknown upload"));
            return;
        }
        if (ex.getRequestHeaders().getFirst("Authorization") != null) {
            send(ex, 400, JSON.createObjectNode().put("message", "an upload must not carry the access token"));
            return;
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        Multipart part = Multipart.parse(type, body);
        if (!part.fields().getOrDefault("key", "").equals("uploads/" + ticket) || part.file() == null) {
            send(ex, 400, JSON.createObjectNode().put("message", "upload_params were changed or the file part is missing"));
            return;
        }
        // on_duplicate=overwrite: the same name in the same folder of the course is replaced
        Long same = files.entrySet().stream().filter(e -> e.getValue().path("course_id").asText().equals(file.path("course_id").asText())
                && e.getValue().path("folder_path").asText().equals(file.path("folder_path").asText())
                && e.getValue().path("filename").asText().equals(file.path("filename").asText())).map(Map.Entry::getKey).findFirst().orElse(null);
        long id = same != null ? same : ids.incrementAndGet();
        file.put("id", id).put("size", part.file().length).put("url", url() + "/files/" + id + "/download");
        files.put(id, file);
        fileBytes.put(id, part.file());
        ex.getResponseHeaders().add("Location", url() + "/api/v1/files/" + id + "/create_success?uuid=" + ticket);
        send(ex, 301, null);
    }

    private void migrations(HttpExchange ex, String method, String[] p, Map<String, String> q, JsonNode body, String course) throws IOException {
        if (p.length == 3 && method.equals("POST")) {
            if (!body.path("migration_type").asText().equals("common_cartridge_importer")) {
                send(ex, 400, JSON.createObjectNode().put("message", "Invalid migration_type"));
                return;
            }
            long id = ids.incrementAndGet();
            ObjectNode mig = JSON.createObjectNode().put("id", id).put("migration_type", "common_cartridge_importer")
                    .put("workflow_state", "running").put("course_id", course)
                    .put("progress_url", url() + "/api/v1/progress/" + id)
                    .put("migration_issues_url", url() + "/api/v1/courses/" + course + "/content_migrations/" + id + "/migration_issues");
            migrations.put(id, mig);
            ObjectNode answer = mig.deepCopy();
            String ticket = "m" + id;
            pendingFiles.put(ticket, JSON.createObjectNode().put("filename", body.path("pre_attachment").path("name").asText("cartridge.imscc"))
                    .put("course_id", course).put("folder_path", "migrations/" + id));
            answer.putObject("pre_attachment").put("upload_url", url() + "/upload/" + ticket).put("file_param", "file")
                    .putObject("upload_params").put("key", "uploads/" + ticket);
            send(ex, 200, answer);
        } else if (p.length == 4 && method.equals("GET")) {
            ObjectNode mig = migrations.get(Long.parseLong(p[3]));
            if (mig == null) {
                notFound(ex);
                return;
            }
            mig.put("workflow_state", "completed");
            send(ex, 200, mig);
        } else if (p.length == 5 && p[4].equals("migration_issues")) {
            page(ex, q, List.of(JSON.createObjectNode().put("id", 1).put("issue_type", "warning")
                    .put("description", "Import Error: the fake reads no cartridge content").put("workflow_state", "active")));
        } else {
            notFound(ex);
        }
    }

    // --- wire helpers ---

    private void page(HttpExchange ex, Map<String, String> q, List<JsonNode> all) throws IOException {
        int perPage = Math.min(50, Math.max(1, parse(q.get("per_page"), 10)));
        int pageNo = Math.max(1, parse(q.get("page"), 1));
        int from = Math.min(all.size(), (pageNo - 1) * perPage);
        int to = Math.min(all.size(), from + perPage);
        ArrayNode array = JSON.createArrayNode();
        all.subList(from, to).forEach(array::add);
        String base = url() + ex.getRequestURI().getPath() + "?" + q.entrySet().stream().filter(e -> !e.getKey().equals("page")
                && !e.getKey().equals("per_page")).map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + "&" + b).map(s -> s + "&").orElse("");
        List<String> links = new ArrayList<>();
        links.add("<" + base + "page=" + pageNo + "&per_page=" + perPage + ">; rel=\"current\"");
        if (to < all.size()) {
            links.add("<" + base + "page=" + (pageNo + 1) + "&per_page=" + perPage + ">; rel=\"next\"");
        }
        if (pageNo > 1) {
            links.add("<" + base + "page=" + (pageNo - 1) + "&per_page=" + perPage + ">; rel=\"prev\"");
        }
        links.add("<" + base + "page=1&per_page=" + perPage + ">; rel=\"first\"");
        ex.getResponseHeaders().add("Link", String.join(",", links));
        send(ex, 200, array);
    }

    private static int parse(String text, int fallback) {
        try {
            return text == null ? fallback : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private void notFound(HttpExchange ex) throws IOException {
        send(ex, 404, JSON.readTree("{\"errors\":[{\"message\":\"The specified resource does not exist.\"}]}"));
    }

    private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        ex.getResponseHeaders().add("X-Request-Cost", "0.12");
        ex.getResponseHeaders().add("X-Rate-Limit-Remaining", String.format(Locale.ROOT, "%.1f", remaining));
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    /** The fields and the file of a multipart/form-data body. */
    record Multipart(Map<String, String> fields, byte[] file) {
        static Multipart parse(String contentType, byte[] body) throws IOException {
            Map<String, String> fields = new LinkedHashMap<>();
            byte[] file = null;
            if (contentType == null || !contentType.startsWith("multipart/form-data; boundary=")) {
                return new Multipart(fields, null);
            }
            String boundary = "--" + contentType.substring("multipart/form-data; boundary=".length());
            String text = new String(body, StandardCharsets.ISO_8859_1);
            for (String part : text.split(Pattern.quote(boundary))) {
                int headerEnd = part.indexOf("\r\n\r\n");
                if (headerEnd < 0) {
                    continue;
                }
                String headers = part.substring(0, headerEnd);
                String value = part.substring(headerEnd + 4, part.endsWith("\r\n") ? part.length() - 2 : part.length());
                Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
                if (!name.find()) {
                    continue;
                }
                if (headers.contains("filename=")) {
                    file = value.getBytes(StandardCharsets.ISO_8859_1);
                } else {
                    fields.put(name.group(1), value);
                }
            }
            return new Multipart(fields, file);
        }
    }

    static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
