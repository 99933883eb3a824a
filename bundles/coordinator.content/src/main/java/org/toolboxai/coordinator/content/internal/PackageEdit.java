package org.toolboxai.coordinator.content.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.swarm.Verification;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.content.QuestionType;
import org.toolboxai.api.content.ScriptKind;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.Severity;
import org.toolboxai.api.http.FieldError;

/**
 * A teacher's edit of a package: what makes a body a package (every problem found at once), which
 * parts it replaces, and what the quality checks cannot see by themselves: scripts that were
 * generated for a quiz or an environment that the edit changed.
 */
final class PackageEdit {

    /** The check of the finding this class adds to a report. */
    static final String SCRIPTS_OUTDATED = "scripts_outdated";

    private PackageEdit() {
    }

    /** Every reason {@code edited} is not an edit of content {@code id}; empty when it is one. */
    static List<FieldError> problems(String id, ContentPackage edited) {
        List<FieldError> errors = new ArrayList<>();
        if (edited == null) {
            errors.add(new FieldError("", "required: the package as GET /api/v1/content/{id} returns it"));
            return errors;
        }
        if (edited.id() != null && !edited.id().equals(id)) {
            errors.add(new FieldError("id", "must be " + id + " (the content edited) or left out"));
        }
        if (edited.lessonPlan() == null && edited.environment() == null && edited.quiz() == null && edited.scripts() == null) {
            errors.add(new FieldError("", "nothing to edit: send lesson_plan, environment, quiz or scripts"));
        }
        LessonPlan lesson = edited.lessonPlan();
        if (lesson != null) {
            if (blank(lesson.title())) {
                errors.add(new FieldError("lesson_plan.title", "required"));
            }
            if (lesson.objectives() == null || lesson.objectives().isEmpty()) {
                errors.add(new FieldError("lesson_plan.objectives", "required: at least one objective"));
            } else {
                for (int i = 0; i < lesson.objectives().size(); i++) {
                    LessonPlan.Objective o = lesson.objectives().get(i);
                    if (o == null || blank(o.id()) || blank(o.text())) {
                        errors.add(new FieldError("lesson_plan.objectives[" + i + "]", "needs an id and a text"));
                    }
                }
            }
        }
        if (edited.environment() != null && (edited.environment().stations() == null || edited.environment().stations().isEmpty())) {
            errors.add(new FieldError("environment.stations", "required: at least one station"));
        }
        if (edited.quiz() != null) {
            questionProblems(edited.quiz(), errors);
        }
        if (edited.scripts() != null) {
            for (int i = 0; i < edited.scripts().size(); i++) {
                LuauScript s = edited.scripts().get(i);
                if (s == null || blank(s.name()) || s.kind() == null || s.source() == null) {
                    errors.add(new FieldError("scripts[" + i + "]", "needs a name, a kind (server, client or module) and a source"));
                }
            }
        }
        return errors;
    }

    private static void questionProblems(Quiz quiz, List<FieldError> errors) {
        if (quiz.questions() == null || quiz.questions().isEmpty()) {
            errors.add(new FieldError("quiz.questions", "required: at least one question (to drop every question, ask for a new lesson)"));
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < quiz.questions().size(); i++) {
            Quiz.Question q = quiz.questions().get(i);
            String at = "quiz.questions[" + i + "]";
            if (q == null) {
                errors.add(new FieldError(at, "required"));
                continue;
            }
            if (blank(q.id())) {
                errors.add(new FieldError(at + ".id", "required"));
            } else if (!ids.add(q.id())) {
                errors.add(new FieldError(at + ".id", "'" + q.id() + "' is the id of an earlier question"));
            }
            if (q.type() == null || QuestionType.fromWire(q.type()).isEmpty()) {
                errors.add(new FieldError(at + ".type", "one of " + QuestionType.wireNames()));
            }
            if (blank(q.prompt())) {
                errors.add(new FieldError(at + ".prompt", "required"));
            }
            if (q.answer() == null || q.answer().isEmpty() || q.answer().stream().anyMatch(PackageEdit::blank)) {
                errors.add(new FieldError(at + ".answer", "required: at least one answer, none blank"));
            }
            if (q.points() < 1 || q.points() > 10) {
                errors.add(new FieldError(at + ".points", "1-10"));
            }
        }
    }

    /** The newest package with the parts {@code edited} sends; no report yet, the generation's provenance. */
    static ContentPackage merge(ContentPackage newest, ContentPackage edited) {
        return new ContentPackage(newest.id(), or(edited.lessonPlan(), newest.lessonPlan()),
                or(edited.environment(), newest.environment()), or(edited.quiz(), newest.quiz()),
                or(edited.scripts(), newest.scripts()), null, newest.provenance(), verification(newest, edited));
    }

    /** The generation's verification, unless the teacher edited the quiz: edited keys were checked by no solver. */
    static Verification verification(ContentPackage newest, ContentPackage edited) {
        Verification was = newest.verification();
        if (edited.quiz() == null || was == null || edited.quiz().equals(newest.quiz())) {
            return was;
        }
        Verification now = Verification.notVerified("The quiz was edited by a teacher after generation; the edited keys "
                + "were not verified by the swarm's solvers (the quality checks recomputed the arithmetic ones).");
        for (Verification.Decision d : was.decisions()) {
            now = now.with(d);
        }
        return now;
    }

    /**
     * A line of Luau that loads the answer keys from ServerStorage, e.g.
     * {@code local QuizKeys = require(ServerStorage:WaitForChild("QuizKeys"))} or
     * {@code require(game:GetService("ServerStorage").QuizKeys)}.
     */
    private static final Pattern REQUIRES_KEYS = Pattern.compile(
            "\\brequire\\s*\\(.*\\bServerStorage\\b.*(\\.\\s*QuizKeys\\b|[\"']QuizKeys[\"'])");

    /**
     * Whether the scripts read the quiz from the data modules the exports write again from the
     * package ({@code QuizData}, and {@code QuizKeys} in ServerStorage): the server script
     * {@code QuizStation} requires {@code QuizKeys} instead of holding answer keys of its own.
     */
    static boolean readsQuizModules(List<LuauScript> scripts) {
        if (scripts == null) {
            return false;
        }
        for (LuauScript s : scripts) {
            if (s != null && "QuizStation".equals(s.name()) && s.kind() == ScriptKind.SERVER && s.source() != null) {
                for (String line : s.source().split("\\R")) {
                    int comment = line.indexOf("--");
                    if (REQUIRES_KEYS.matcher(comment < 0 ? line : line.substring(0, comment)).find()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The report with an error when the scripts were made for another quiz or environment and carry
     * them themselves (a QuizStation with its own answer keys): a place built from them would still
     * ask the old questions and judge by the old keys. Scripts that read the data modules need
     * nothing: the exports write QuizData and QuizKeys from the edited package.
     */
    static QualityReport withOutdatedScripts(QualityReport report, ContentPackage previous, ContentPackage next) {
        if (next.scripts() == null || next.scripts().isEmpty() || !Objects.equals(previous.scripts(), next.scripts())) {
            return report; // no scripts, or scripts sent with the edit: the checks judge them
        }
        if (readsQuizModules(next.scripts())) {
            return report; // the exports write the edited quiz and environment into QuizData and QuizKeys
        }
        boolean wasOutdated = previous.quality() != null && previous.quality().findings() != null
                && previous.quality().findings().stream().anyMatch(f -> SCRIPTS_OUTDATED.equals(f.check()));
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(previous.quiz(), next.quiz())) {
            changed.add("quiz");
        }
        if (!Objects.equals(previous.environment(), next.environment())) {
            changed.add("environment");
        }
        if (changed.isEmpty() && !wasOutdated) {
            return report;
        }
        List<QualityReport.Finding> findings = new ArrayList<>(report.findings() == null ? List.of() : report.findings());
        findings.add(new QualityReport.Finding(SCRIPTS_OUTDATED, Severity.ERROR, "scripts",
                "The scripts were generated for an earlier " + (changed.isEmpty() ? "quiz or environment" : String.join(" and ", changed))
                        + ": QuizData and QuizStation still hold the earlier questions and answer keys (QuizStation does not"
                        + " require ServerStorage.QuizKeys). Send scripts made for this version with the edit (or scripts"
                        + " that read QuizData and QuizKeys), or ask for a new lesson with the changes."));
        return new QualityReport(false, report.readingGrade(), findings);
    }

    private static <T> T or(T sent, T kept) {
        return sent != null ? sent : kept;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
