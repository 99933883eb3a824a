package org.toolboxai.agents.internal;

import java.util.List;

import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.ScriptChecker;
import org.toolboxai.api.dictionary.Dictionary;

/**
 * Every check of a whole package, in one place: the integration step runs them on what the
 * agents made, {@code POST /api/v1/content/check} on what a client sends.
 */
final class PackageChecks {

    /** Quiz prompts shorter than this are arithmetic, not prose, for the reading level. */
    private static final int PROSE_WORDS = 8;

    private PackageChecks() {
    }

    /** The findings on the package, judged against the brief (definitions against the dictionary when one is installed); any error fails it. */
    static QualityReport check(ContentPackage p, ContentBrief brief, ScriptChecker checker, Dictionary dictionary) {
        Findings findings = new Findings();
        LessonPlan lesson = p.lessonPlan();
        Quiz quiz = p.quiz();
        if (lesson == null) {
            findings.error("completeness", "lesson_plan", "is missing");
            return report(findings, 0);
        }
        findings.addAll(LessonChecks.check(lesson, brief));
        findings.addAll(TextChecks.check(lesson, quiz, dictionary));
        language(findings, brief, lesson);
        if (p.environment() == null) {
            findings.error("completeness", "environment", "is missing");
        } else {
            findings.addAll(EnvironmentChecks.check(p.environment(), lesson));
        }
        if (quiz != null) {
            findings.addAll(QuizChecks.check(quiz, brief, lesson));
            findings.addAll(AnswerChecks.check(quiz, lesson));
        } else if (brief.includeQuiz()) {
            findings.error("completeness", "quiz", "a quiz was asked for but none was made");
        }
        findings.addAll(ScriptAgent.checkScripts(p.scripts() == null ? List.of() : p.scripts(), checker));
        if (p.provenance() != null && p.provenance().steps() != null) {
            // what a generator said it could not do fails the package, in its own words
            p.provenance().steps().forEach(step -> step.limitations().forEach(
                    limit -> findings.error("generator_limit", "provenance." + step.step(), limit)));
        }
        SwarmFindings.add(findings, p.verification());
        double reading = ReadingLevel.grade(learnerText(lesson, quiz));
        ReadingLevel.judge(findings, reading, brief);
        return report(findings, reading);
    }

    /** A lesson written in another language than the request's objectives is not what was asked for. */
    private static void language(Findings findings, ContentBrief brief, LessonPlan lesson) {
        String asked = Languages.guess(String.join(". ", brief.objectives()));
        StringBuilder text = new StringBuilder();
        (lesson.activities() == null ? List.<LessonPlan.Activity>of() : lesson.activities())
                .forEach(a -> text.append(a.description()).append(' '));
        String written = Languages.guess(text.toString());
        if (!asked.equals(Languages.UNKNOWN) && !written.equals(Languages.UNKNOWN) && !asked.equals(written)) {
            findings.error("language", "lesson_plan", "the objectives are in " + asked + " but the lesson is written in "
                    + written + "; a generator that cannot write " + asked + " must say so, and a model provider can");
        }
    }

    private static QualityReport report(Findings findings, double reading) {
        List<QualityReport.Finding> all = findings.list();
        return new QualityReport(all.stream().noneMatch(QualityReport.Finding::fails), reading, all);
    }

    static String learnerText(LessonPlan lesson, Quiz quiz) {
        StringBuilder text = new StringBuilder();
        if (lesson.activities() != null) {
            lesson.activities().forEach(a -> text.append(a.description()).append(".\n"));
        }
        if (lesson.vocabulary() != null) {
            lesson.vocabulary().forEach(t -> text.append(t.definition()).append(".\n"));
        }
        if (quiz != null && quiz.questions() != null) {
            // prose only: "What is 3/4 + 1/8?" says nothing about reading level
            quiz.questions().stream().filter(q -> q.prompt() != null && q.prompt().split("\\s+").length >= PROSE_WORDS)
                    .forEach(q -> text.append(q.prompt()).append("\n"));
        }
        return text.toString();
    }
}
