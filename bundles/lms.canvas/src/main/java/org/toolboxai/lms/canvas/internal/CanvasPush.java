package org.toolboxai.lms.canvas.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.toolboxai.api.content.CourseContent;
import org.toolboxai.api.content.QuestionType;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.error.RemoteCall;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.lms.LessonPage;
import org.toolboxai.api.lms.LmsConnection;
import org.toolboxai.api.lms.LmsDelivery;
import org.toolboxai.api.lms.LmsFile;
import org.toolboxai.api.lms.LmsIssue;
import org.toolboxai.api.lms.LmsObject;
import org.toolboxai.api.lms.LmsPushResult;

/**
 * One push to a Canvas course. In {@code modules} mode each lesson becomes a module holding its
 * lesson plan as a page, its quiz as a classic quiz ({@code answer_weight} 100 for the key) and,
 * for a single lesson, the place and Rojo files; a course adds a module for the final assessment
 * and one for the course's place. Everything is found by its title first (module names, page and
 * quiz titles, file names in {@code Toolbox/<content id>}), so a push made again, also after one
 * that stopped half-way, updates what is there and never makes a second copy. A new quiz is made
 * with its questions as one undoable call: if its questions cannot be added, the quiz is deleted
 * again. In {@code cartridge} mode the Common Cartridge is imported through a content migration
 * and its migration issues are reported.
 */
final class CanvasPush {

    private final CanvasClient client;
    private final LmsConnection connection;
    private final CanvasSettings settings;
    private final List<LmsObject> objects = new ArrayList<>();
    private final List<LmsIssue> issues = new ArrayList<>();
    private int done;
    private int total;

    CanvasPush(CanvasClient client, LmsConnection connection, CanvasSettings settings) {
        this.client = client;
        this.connection = connection;
        this.settings = settings;
    }

    /** The course's path, after checking the target names a course the token may reach. */
    private String course(LmsDelivery delivery) throws Exception {
        String course = delivery.target().course();
        if (course == null || !course.matches("[0-9]+|sis_course_id:[A-Za-z0-9_.-]+")) {
            throw new FailureException(Failure.of(FailureKind.PERMANENT, "target.course must be a Canvas course id (GET /api/v1/lms/canvas/courses "
                    + "lists yours)" + (course == null ? "" : "; got '" + course + "'")));
        }
        String path = "courses/" + course;
        call("course", (s, a) -> client.get(path));
        return path;
    }

    LmsPushResult push(LmsDelivery delivery) throws Exception {
        contentId = delivery.content().id();
        String course = course(delivery);
        if (settings.cartridge()) {
            return importCartridge(course, delivery);
        }
        CourseContent content = delivery.content();
        total = content.lessons().size() * 4 + (content.course() ? 3 : 0) + 1;
        step("reading the course's modules, pages and quizzes");
        List<JsonNode> modules = all("list_modules", course + "/modules");
        for (CourseContent.Lesson lesson : content.lessons()) {
            String key = "lesson-" + lesson.number();
            String name = content.course() ? "Lesson " + lesson.number() + ": " + lesson.title() : lesson.title();
            JsonNode module = module(course, modules, name, key);
            step(key + ": lesson plan");
            String pageUrl = page(course, key, lesson.title() + ": lesson plan", LessonPage.html(lesson.title(), lesson.content()));
            item(course, module, "Page", pageUrl, null, lesson.title() + ": lesson plan");
            step(key + ": quiz");
            Quiz quiz = lesson.content() == null ? null : lesson.content().quiz();
            if (quiz != null && quiz.questions() != null && !quiz.questions().isEmpty()) {
                String title = quiz.title() == null || quiz.title().isBlank() ? lesson.title() + ": quiz" : quiz.title();
                long quizId = quiz(course, key + "/quiz", title, quiz);
                item(course, module, "Quiz", null, quizId, title);
            }
            step(key + ": files");
            if (!content.course()) {
                files(course, module, key, delivery);
            }
        }
        if (content.course()) {
            step("final assessment");
            Quiz last = content.finalAssessment();
            if (last != null && last.questions() != null && !last.questions().isEmpty()) {
                JsonNode module = module(course, modules, content.title() + ": final assessment", "final");
                long quizId = quiz(course, "final/quiz", content.title() + ": final assessment", last);
                item(course, module, "Quiz", null, quizId, content.title() + ": final assessment");
            }
            step("the course's Roblox place");
            if (delivery.files().stream().anyMatch(f -> CARRIED.containsKey(f.name()))) {
                JsonNode module = module(course, modules, content.title() + ": play in Roblox", "roblox");
                files(course, module, "roblox", delivery);
            }
        }
        step("done");
        return new LmsPushResult(objects, issues);
    }

    /** The files carried into Canvas, with what the module calls them. */
    static final Map<String, String> CARRIED = Map.of("place.rbxlx", "Roblox place (open in Roblox Studio)", "rojo.zip",
            "Rojo project (for developers)");

    private void step(String doing) {
        connection.progress(Math.min(done, total), total, doing);
        done++;
    }

    private <T> T call(String operation, RemoteCall<T> call) throws Exception {
        return connection.call(operation, call);
    }

    /** Every item of a list, each page its own guarded call (one request, one permit). */
    private List<JsonNode> all(String operation, String path) throws Exception {
        return all(connection, client, operation, path);
    }

    /** Every item of a list, each page its own guarded call of {@code connection}. */
    static List<JsonNode> all(LmsConnection connection, CanvasClient client, String operation, String path) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        java.net.URI next = client.first(path);
        for (int pages = 0; next != null; pages++) {
            if (pages >= 200) {
                throw new FailureException(Failure.of(FailureKind.PERMANENT, "canvas: more than 200 pages of " + path));
            }
            java.net.URI page = next;
            CanvasClient.Page answer = connection.call(operation, (s, a) -> client.page(page));
            items.addAll(answer.items());
            next = answer.next();
        }
        return items;
    }

    /**
     * The line that marks what a push made: a page's and a quiz's text carry it, so a push made again
     * updates what it made, and never a teacher's own page or quiz that happens to have the same title.
     */
    static String marker(String contentId, String key) {
        return "Made with Toolbox Coordinator (" + contentId + ", " + key + ")";
    }

    private String markerHtml(String key) {
        return "<p class=\"toolbox-origin\"><small>" + LessonPage.esc(marker(contentId, key)) + "</small></p>";
    }

    private String contentId;

    // --- modules ---

    private JsonNode module(String course, List<JsonNode> modules, String name, String key) throws Exception {
        for (JsonNode m : modules) {
            if (m.path("name").asText().equals(name)) {
                objects.add(object("module", key, m.path("id").asText(), name, settings.web(course + "/modules"), "existing"));
                return m;
            }
        }
        JsonNode created = call("create_module", (s, a) -> {
            if (a > 1) { // an earlier attempt may have made it before it failed: found, not made twice
                for (JsonNode m : client.list(course + "/modules?search_term=" + CanvasClient.encode(search(name)))) {
                    if (m.path("name").asText().equals(name)) {
                        return m;
                    }
                }
            }
            return client.post(course + "/modules", Map.of("module", Map.of("name", name)));
        });
        modules.add(created);
        objects.add(object("module", key, created.path("id").asText(), name, settings.web(course + "/modules"), "created"));
        return created;
    }

    /** A module item for a page (by its url) or a quiz or file (by id), unless the module has it already. */
    private void item(String course, JsonNode module, String type, String pageUrl, Long contentId, String title) throws Exception {
        String items = course + "/modules/" + module.path("id").asText() + "/items";
        java.util.function.Predicate<JsonNode> same = i -> i.path("type").asText().equals(type)
                && (pageUrl != null ? pageUrl.equals(i.path("page_url").asText()) : contentId == i.path("content_id").asLong(-1));
        if (all("list_module_items", items).stream().anyMatch(same)) {
            return;
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", type);
        item.put("title", title);
        if (pageUrl != null) {
            item.put("page_url", pageUrl);
        } else {
            item.put("content_id", contentId);
        }
        call("create_module_item", (s, a) -> {
            if (a > 1) {
                Optional<JsonNode> made = client.list(items).stream().filter(same).findFirst();
                if (made.isPresent()) {
                    return made.get();
                }
            }
            return client.post(items, Map.of("module_item", item));
        });
    }

    // --- pages ---

    /** Creates the page of this title, or updates the one an earlier push made; returns its url slug. */
    private String page(String course, String key, String title, String html) throws Exception {
        String body = html.replace("</body>", markerHtml(key) + "\n</body>");
        String mark = LessonPage.esc(marker(contentId, key));
        Optional<JsonNode> same = ours(course, title, mark);
        Map<String, Object> page = Map.of("wiki_page", Map.of("title", title, "body", body, "published", settings.publish()));
        JsonNode written = same.isPresent()
                ? call("update_page", (s, a) -> client.put(course + "/pages/" + CanvasClient.encode(same.get().path("url").asText()), page))
                : call("create_page", (s, a) -> {
                    if (a > 1) {
                        Optional<JsonNode> made = ours(course, title, mark);
                        if (made.isPresent()) {
                            return made.get();
                        }
                    }
                    return client.post(course + "/pages", page);
                });
        objects.add(object("page", key + "/plan", written.path("url").asText(), title, written.path("html_url").asText(null),
                same.isPresent() ? "updated" : "created"));
        return written.path("url").asText();
    }

    /** The page of this title an earlier push made (its body carries the marker); a list leaves bodies out, so each candidate is read. */
    private Optional<JsonNode> ours(String course, String title, String mark) throws Exception {
        for (JsonNode p : all("find_page", course + "/pages?search_term=" + CanvasClient.encode(search(title)))) {
            if (p.path("title").asText().equals(title)) {
                String url = course + "/pages/" + CanvasClient.encode(p.path("url").asText());
                JsonNode full = call("read_page", (s, a) -> client.get(url));
                if (full.path("body").asText().contains(mark)) {
                    return Optional.of(full);
                }
            }
        }
        return Optional.empty();
    }

    // --- quizzes ---

    /**
     * Creates the quiz and its questions, or updates the one an earlier push made (its description
     * carries the marker): its questions replaced by the package's. Every request is a guarded call of
     * its own. A quiz this push made whose questions cannot all be added is deleted again, so no
     * half-made quiz stays behind.
     */
    private long quiz(String course, String key, String title, Quiz quiz) throws Exception {
        List<Map<String, Object>> questions = new ArrayList<>();
        for (Quiz.Question q : quiz.questions()) {
            question(q, key).ifPresent(questions::add);
        }
        String mark = LessonPage.esc(marker(contentId, key));
        java.util.function.Supplier<Optional<JsonNode>> find = () -> {
            try {
                return all("find_quiz", course + "/quizzes?search_term=" + CanvasClient.encode(search(title))).stream()
                        .filter(z -> z.path("title").asText().equals(title) && z.path("description").asText().contains(mark)).findFirst();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        };
        Optional<JsonNode> same = unwrap(find);
        Map<String, Object> fields = Map.of("quiz", Map.of("title", title, "quiz_type", "assignment", "published", settings.publish(),
                "description", "<p>" + LessonPage.esc(title) + "</p>" + markerHtml(key)));
        JsonNode written;
        if (same.isPresent()) {
            String path = course + "/quizzes/" + same.get().path("id").asText();
            written = call("update_quiz", (s, a) -> client.put(path, fields));
            for (JsonNode old : all("list_questions", path + "/questions")) {
                call("delete_question", (s, a) -> client.delete(path + "/questions/" + old.path("id").asText()));
            }
            addQuestions(path, questions);
        } else {
            written = call("create_quiz", (s, a) -> {
                if (a > 1) {
                    Optional<JsonNode> made = unwrap(find);
                    if (made.isPresent()) {
                        return made.get();
                    }
                }
                return client.post(course + "/quizzes", fields);
            });
            String path = course + "/quizzes/" + written.path("id").asText();
            try {
                addQuestions(path, questions);
            } catch (Exception e) {
                try {
                    call("roll_back_quiz", (s, a) -> client.delete(path));
                    issues.add(new LmsIssue("error", key, "the quiz was deleted again: " + org.toolboxai.api.failure.Failure.of(e).message()));
                } catch (Exception undo) {
                    e.addSuppressed(undo); // the quiz stays half made; the next push finds it by its marker and fills it
                }
                throw e;
            }
        }
        objects.add(object("quiz", key, written.path("id").asText(), title, written.path("html_url").asText(null),
                same.isPresent() ? "updated" : "created"));
        return written.path("id").asLong();
    }

    private void addQuestions(String quizPath, List<Map<String, Object>> questions) throws Exception {
        for (Map<String, Object> question : questions) {
            String name = String.valueOf(question.get("question_name"));
            call("create_question", (s, a) -> {
                if (a > 1) { // made by an attempt that failed after Canvas took it?
                    Optional<JsonNode> made = client.list(quizPath + "/questions").stream()
                            .filter(q -> q.path("question_name").asText().equals(name)).findFirst();
                    if (made.isPresent()) {
                        return made.get();
                    }
                }
                return client.post(quizPath + "/questions", Map.of("question", question));
            });
        }
    }

    private static <T> T unwrap(java.util.function.Supplier<T> supplier) throws Exception {
        try {
            return supplier.get();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** A question in Canvas's classic-quiz form; ordering becomes matching each item to its position. */
    Optional<Map<String, Object>> question(Quiz.Question q, String key) {
        QuestionType type = QuestionType.fromWire(q.type()).orElse(null);
        List<String> options = q.options() == null ? List.of() : q.options();
        List<String> answer = q.answer() == null ? List.of() : q.answer();
        Map<String, Object> question = new LinkedHashMap<>();
        question.put("question_name", q.id());
        question.put("question_text", "<p>" + LessonPage.esc(q.prompt()) + "</p>");
        question.put("points_possible", Math.max(1, q.points()));
        if (q.explanation() != null && !q.explanation().isBlank()) {
            question.put("neutral_comments", q.explanation());
        }
        List<Map<String, Object>> answers = new ArrayList<>();
        if (type == null) {
            issues.add(new LmsIssue("warning", key + "/" + q.id(), "not pushed: unknown question type " + q.type()));
            return Optional.empty();
        }
        switch (type) {
            case MULTIPLE_CHOICE -> {
                if (answer.isEmpty() || !options.contains(answer.get(0))) {
                    issues.add(new LmsIssue("warning", key + "/" + q.id(), "not pushed: its key is not one of its options"));
                    return Optional.empty();
                }
                question.put("question_type", "multiple_choice_question");
                options.forEach(o -> answers.add(Map.of("answer_text", o, "answer_weight", o.equals(answer.get(0)) ? 100 : 0)));
            }
            case TRUE_FALSE -> {
                boolean right = !answer.isEmpty() && answer.get(0).trim().equalsIgnoreCase("true");
                question.put("question_type", "true_false_question");
                answers.add(Map.of("answer_text", "True", "answer_weight", right ? 100 : 0));
                answers.add(Map.of("answer_text", "False", "answer_weight", right ? 0 : 100));
            }
            case SHORT_ANSWER, FILL_BLANK -> {
                question.put("question_type", "short_answer_question");
                answer.stream().filter(a -> a != null && !a.isBlank()).forEach(a -> answers.add(Map.of("answer_text", a.trim(), "answer_weight", 100)));
            }
            case MATCHING -> {
                question.put("question_type", "matching_question");
                for (String pair : options) {
                    int at = pair.indexOf("=>");
                    if (at < 0) {
                        issues.add(new LmsIssue("warning", key + "/" + q.id(), "not pushed: a pair without '=>'"));
                        return Optional.empty();
                    }
                    answers.add(Map.of("answer_match_left", pair.substring(0, at).trim(), "answer_match_right", pair.substring(at + 2).trim(),
                            "answer_weight", 100));
                }
                question.put("matching_answer_incorrect_matches", "");
            }
            case ORDERING -> {
                question.put("question_type", "matching_question");
                for (String item : options) {
                    int position = answer.indexOf(item) + 1;
                    if (position == 0) {
                        issues.add(new LmsIssue("warning", key + "/" + q.id(), "not pushed: its key does not hold every item"));
                        return Optional.empty();
                    }
                    answers.add(Map.of("answer_match_left", item, "answer_match_right", ordinal(position), "answer_weight", 100));
                }
                question.put("matching_answer_incorrect_matches", "");
                issues.add(new LmsIssue("warning", key + "/" + q.id(), "Canvas classic quizzes have no ordering questions: it is a matching"
                        + " question, each item matched to its position"));
            }
        }
        question.put("answers", answers);
        return Optional.of(question);
    }

    static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    // --- files ---

    private void files(String course, JsonNode module, String key, LmsDelivery delivery) throws Exception {
        String folder = "Toolbox/" + delivery.content().id();
        for (Map.Entry<String, String> carried : new java.util.TreeMap<>(CARRIED).entrySet()) {
            LmsFile file = delivery.file(carried.getKey()).orElse(null);
            if (file == null) {
                issues.add(new LmsIssue("warning", key + "/" + carried.getKey(), carried.getKey() + " was not made (its export format is not installed)"));
                continue;
            }
            JsonNode uploaded = call("upload_file", (s, a) -> client.upload(course, folder, file.name(),
                    file.contentType() == null ? "application/octet-stream" : file.contentType(), file.data()));
            long id = uploaded.path("id").asLong(-1);
            if (id < 0) {
                throw new FailureException(Failure.of(FailureKind.INVALID_OUTPUT, "canvas did not say the id of the uploaded " + file.name()));
            }
            objects.add(object("file", key + "/" + file.name(), String.valueOf(id), file.name(), settings.web(course + "/files/" + id),
                    "uploaded"));
            item(course, module, "File", null, id, carried.getValue());
        }
    }

    // --- a cartridge through a content migration ---

    private LmsPushResult importCartridge(String course, LmsDelivery delivery) throws Exception {
        LmsFile cartridge = delivery.file("cartridge.imscc").orElseThrow(() -> new FailureException(Failure.of(FailureKind.PERMANENT,
                "canvas is set to import cartridges (mode = cartridge), and no cartridge was made: install toolbox-lms-files")));
        total = 4;
        step("starting the import");
        JsonNode migration = call("create_migration", (s, a) -> client.post(course + "/content_migrations", Map.of(
                "migration_type", "common_cartridge_importer", "pre_attachment", Map.of("name", cartridge.name(), "size", cartridge.data().length))));
        String id = migration.path("id").asText();
        step("uploading the cartridge");
        call("upload_cartridge", (s, a) -> client.sendFile(migration.path("pre_attachment"), cartridge.name(), "application/zip", cartridge.data()));
        step("waiting for Canvas to import it");
        long deadline = System.nanoTime() + settings.migrationWait().toNanos();
        JsonNode state = migration;
        while (!List.of("completed", "failed").contains(state.path("workflow_state").asText())) {
            if (System.nanoTime() > deadline) {
                throw new FailureException(Failure.of(FailureKind.TIMED_OUT, "canvas did not finish importing the cartridge within "
                        + settings.migrationWait().toSeconds() + " s; it may still finish (migration " + id + ")"));
            }
            Thread.sleep(Duration.ofSeconds(1).toMillis());
            state = call("migration_state", (s, a) -> client.get(course + "/content_migrations/" + id));
        }
        for (JsonNode issue : all("migration_issues", course + "/content_migrations/" + id + "/migration_issues")) {
            issues.add(new LmsIssue(issue.path("issue_type").asText("warning").equals("error") ? "error" : "warning", "migration " + id,
                    issue.path("description").asText()));
        }
        objects.add(object("migration", "cartridge", id, delivery.content().title(), settings.web(course + "/content_migrations"),
                state.path("workflow_state").asText()));
        if (state.path("workflow_state").asText().equals("failed")) {
            throw new FailureException(Failure.of(FailureKind.PERMANENT, "canvas could not import the cartridge (migration " + id + "): "
                    + issues.stream().map(LmsIssue::message).reduce((x, y) -> x + "; " + y).orElse("no reason given")));
        }
        step("done");
        return new LmsPushResult(objects, issues);
    }

    /** What a title search asks Canvas for: its first words (Canvas matches a part of the title). */
    static String search(String title) {
        return title.length() > 40 ? title.substring(0, 40) : title;
    }

    private static LmsObject object(String kind, String key, String id, String title, String url, String action) {
        return new LmsObject(kind, key, id, title, url, action);
    }
}
