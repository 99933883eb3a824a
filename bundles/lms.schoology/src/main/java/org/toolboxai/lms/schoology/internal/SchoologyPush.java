package org.toolboxai.lms.schoology.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.toolboxai.api.content.CourseContent;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.lms.LessonPage;
import org.toolboxai.api.lms.LmsConnection;
import org.toolboxai.api.lms.LmsDelivery;
import org.toolboxai.api.lms.LmsIssue;
import org.toolboxai.api.lms.LmsObject;
import org.toolboxai.api.lms.LmsPushResult;

/**
 * One push to a Schoology section: per lesson an assignment holding the lesson plan and one for
 * its quiz (its questions, never their keys: an assignment is what students see), then the
 * course's final assessment. Schoology's API cannot make tests or quizzes, which the result says,
 * pointing at the cartridge for a graded test. Assignments are found by title first, so a push made
 * again (also after one that stopped half-way) updates them and never makes a second copy.
 */
final class SchoologyPush {

    static final String NO_TESTS = "Schoology's API cannot make tests or quizzes: each quiz is an assignment listing its questions "
            + "(not their keys); for a graded test, import cartridge.imscc in Schoology (Add Materials, Import, Common Cartridge)";

    private final SchoologyClient client;
    private final LmsConnection connection;
    private final SchoologyLmsProvider.Settings settings;
    private final List<LmsObject> objects = new ArrayList<>();

    SchoologyPush(SchoologyClient client, LmsConnection connection, SchoologyLmsProvider.Settings settings) {
        this.client = client;
        this.connection = connection;
        this.settings = settings;
    }

    static String section(LmsDelivery delivery) {
        String section = delivery.target().section();
        if (section == null || !section.matches("[0-9]+")) {
            throw new FailureException(Failure.of(FailureKind.PERMANENT, "target.section must be a Schoology section id (GET "
                    + "/api/v1/lms/schoology/courses lists your sections)" + (section == null ? "" : "; got '" + section + "'")));
        }
        return section;
    }

    /** The assignment titles of a content, in push order. */
    static List<String> titles(CourseContent content) {
        List<String> titles = new ArrayList<>();
        for (CourseContent.Lesson l : content.lessons()) {
            titles.add(lessonTitle(content, l));
            quizTitle(content, l).ifPresent(titles::add);
        }
        if (content.course() && content.finalAssessment() != null && !content.finalAssessment().questions().isEmpty()) {
            titles.add(content.title() + ": final assessment");
        }
        return titles;
    }

    private static String lessonTitle(CourseContent content, CourseContent.Lesson l) {
        return content.course() ? "Lesson " + l.number() + ": " + l.title() : l.title();
    }

    private static Optional<String> quizTitle(CourseContent content, CourseContent.Lesson l) {
        Quiz quiz = l.content() == null ? null : l.content().quiz();
        if (quiz == null || quiz.questions() == null || quiz.questions().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(lessonTitle(content, l) + ": quiz");
    }

    LmsPushResult push(LmsDelivery delivery) throws Exception {
        String section = section(delivery);
        String path = "sections/" + section;
        connection.call("section", (s, a) -> client.get(path));
        CourseContent content = delivery.content();
        int total = content.lessons().size() * 2 + 2;
        int done = 0;
        connection.progress(done++, total, "reading the section's assignments");
        List<JsonNode> existing = all(connection, client, "list_assignments", path + "/assignments", "assignment");
        contentId = content.id();
        for (CourseContent.Lesson l : content.lessons()) {
            connection.progress(done++, total, "lesson " + l.number() + ": lesson plan");
            assignment(path, existing, "lesson-" + l.number() + "/plan", lessonTitle(content, l), body(LessonPage.html(l.title(), l.content())), 0);
            connection.progress(done++, total, "lesson " + l.number() + ": quiz");
            Optional<String> quizTitle = quizTitle(content, l);
            if (quizTitle.isPresent()) {
                Quiz quiz = l.content().quiz();
                assignment(path, existing, "lesson-" + l.number() + "/quiz", quizTitle.get(), questions(quiz), points(quiz));
            }
        }
        Quiz last = content.finalAssessment();
        if (content.course() && last != null && last.questions() != null && !last.questions().isEmpty()) {
            connection.progress(done++, total, "final assessment");
            assignment(path, existing, "final/quiz", content.title() + ": final assessment", questions(last), points(last));
        }
        connection.progress(total, total, "done");
        return new LmsPushResult(objects, List.of(new LmsIssue("warning", "quizzes", NO_TESTS)));
    }

    private String contentId;

    /** Every item of a list, each page its own guarded call. */
    static List<JsonNode> all(LmsConnection connection, SchoologyClient client, String operation, String path, String item) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        java.net.URI next = client.first(path);
        for (int pages = 0; next != null; pages++) {
            if (pages >= 100) {
                throw new FailureException(Failure.of(FailureKind.PERMANENT, "schoology: more than 100 pages of " + path));
            }
            java.net.URI page = next;
            SchoologyClient.Page answer = connection.call(operation, (s, a) -> client.page(page, item));
            items.addAll(answer.items());
            next = answer.next();
        }
        return items;
    }

    /** The line that marks an assignment a push made, so a push made again updates it and never a teacher's own of the same title. */
    static String marker(String contentId, String key) {
        return "Made with Toolbox Coordinator (" + contentId + ", " + key + ")";
    }

    private void assignment(String path, List<JsonNode> existing, String key, String title, String description, int points) throws Exception {
        String mark = LessonPage.esc(marker(contentId, key));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", title);
        fields.put("description", description + "\n<p><small>" + mark + "</small></p>");
        fields.put("published", settings.publish() ? 1 : 0);
        if (points > 0) {
            fields.put("max_points", points);
        } else {
            fields.put("count_in_grade", 0);
        }
        java.util.function.Predicate<JsonNode> ours = a -> a.path("title").asText().equals(title) && a.path("description").asText().contains(mark);
        Optional<JsonNode> same = existing.stream().filter(ours).findFirst();
        String id;
        if (same.isPresent()) {
            id = same.get().path("id").asText();
            connection.call("update_assignment", (s, a) -> client.put(path + "/assignments/" + id, fields));
        } else {
            JsonNode created = connection.call("create_assignment", (s, a) -> {
                if (a > 1) { // made by an attempt whose answer was lost: found, not made twice
                    Optional<JsonNode> made = client.list(path + "/assignments", "assignment").stream().filter(ours).findFirst();
                    if (made.isPresent()) {
                        return made.get();
                    }
                }
                return client.post(path + "/assignments", fields);
            });
            id = created.path("id").asText();
            existing.add(created);
        }
        objects.add(new LmsObject("assignment", key, id, title, settings.web() + "/assignment/" + id, same.isPresent() ? "updated" : "created"));
    }

    /** The body of the lesson page, for an assignment's description. */
    static String body(String html) {
        int start = html.indexOf("<body>");
        int end = html.lastIndexOf("</body>");
        return start < 0 || end < start ? html : html.substring(start + "<body>".length(), end).trim();
    }

    /** The questions as students read them: prompts and choices, no keys, no explanations. */
    static String questions(Quiz quiz) {
        StringBuilder b = new StringBuilder("<ol>\n");
        for (Quiz.Question q : quiz.questions()) {
            b.append("<li><p>").append(LessonPage.esc(q.prompt())).append(" (").append(Math.max(1, q.points())).append(q.points() == 1 ? " point" : " points").append(")</p>");
            List<String> options = q.options() == null ? List.of() : q.options();
            if (q.type().equals("matching")) {
                List<String> rights = new ArrayList<>();
                b.append("<p>Match:</p><ul>");
                for (String pair : options) {
                    int at = pair.indexOf("=>");
                    b.append("<li>").append(LessonPage.esc(at < 0 ? pair : pair.substring(0, at).trim())).append("</li>");
                    rights.add(at < 0 ? "" : pair.substring(at + 2).trim());
                }
                java.util.Collections.sort(rights); // the key's order would give the matches away
                b.append("</ul><p>with:</p><ul>");
                rights.forEach(r -> b.append("<li>").append(LessonPage.esc(r)).append("</li>"));
                b.append("</ul>");
            } else if (!options.isEmpty()) {
                b.append("<ul>");
                options.forEach(o -> b.append("<li>").append(LessonPage.esc(o)).append("</li>"));
                b.append("</ul>");
            } else if (q.type().equals("true_false")) {
                b.append("<p>True or false?</p>");
            }
            b.append("</li>\n");
        }
        return b.append("</ol>").toString();
    }

    static int points(Quiz quiz) {
        return quiz.questions().stream().mapToInt(q -> Math.max(1, q.points())).sum();
    }
}
