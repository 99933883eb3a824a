package org.toolboxai.api.lms;

import java.util.List;

import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LessonPlan;

/**
 * A lesson plan as a web page a teacher and students read in an LMS: summary, objectives,
 * activities, vocabulary, standards, the stations of the Roblox place. Every LMS bundle shows the
 * same page, whether it goes in a cartridge or through an LMS's API.
 */
public final class LessonPage {

    private LessonPage() {
    }

    /** The page's HTML (a whole document); every text from the package is escaped. */
    public static String html(String title, ContentPackage pkg) {
        LessonPlan plan = pkg.lessonPlan();
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
        if (plan == null) {
            return b.append("<p>This lesson has no lesson plan.</p>\n</body>\n</html>\n").toString();
        }
        if (plan.subject() != null || plan.gradeLevel() != null) {
            b.append("<p><strong>").append(esc(join(plan.subject(), plan.gradeLevel() == null ? null : "grade " + plan.gradeLevel())))
                    .append("</strong></p>\n");
        }
        if (plan.summary() != null) {
            b.append("<p>").append(esc(plan.summary())).append("</p>\n");
        }
        list(b, "Learning objectives", plan.objectives(), o -> esc(o.text()));
        if (plan.activities() != null && !plan.activities().isEmpty()) {
            int total = plan.activities().stream().mapToInt(LessonPlan.Activity::minutes).sum();
            b.append("<h2>Activities (").append(total).append(" minutes)</h2>\n<ol>\n");
            for (LessonPlan.Activity a : plan.activities()) {
                b.append("<li><strong>").append(esc(a.title())).append("</strong> (").append(a.minutes()).append(" min): ")
                        .append(esc(a.description())).append("</li>\n");
            }
            b.append("</ol>\n");
        }
        list(b, "Vocabulary", plan.vocabulary(), t -> "<strong>" + esc(t.term()) + "</strong>: " + esc(t.definition()));
        list(b, "Standards", plan.standards(), LessonPage::esc);
        EnvironmentPlan env = pkg.environment();
        if (env != null && env.stations() != null && !env.stations().isEmpty()) {
            list(b, "In the Roblox place", env.stations(), s -> esc(s.name()));
        }
        return b.append("</body>\n</html>\n").toString();
    }

    private static <T> void list(StringBuilder b, String heading, List<T> items, java.util.function.Function<T, String> line) {
        if (items == null || items.isEmpty()) {
            return;
        }
        b.append("<h2>").append(heading).append("</h2>\n<ul>\n");
        items.forEach(i -> b.append("<li>").append(line.apply(i)).append("</li>\n"));
        b.append("</ul>\n");
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + ", " + b;
    }

    /** {@code text} with the characters HTML gives a meaning escaped. */
    public static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
