package org.toolboxai.agents.internal;

import java.util.List;

import org.toolboxai.api.swarm.Verification;

/**
 * What the swarm's record adds to the quality report: a key the solvers still dispute fails the
 * package, naming the solvers' answers; questions no solver could answer, consensus not reached, and
 * a package nobody verified are warnings the teacher sees.
 */
final class SwarmFindings {

    private SwarmFindings() {
    }

    static void add(Findings f, Verification v) {
        if (v == null) {
            return;
        }
        if (Verification.NOT_VERIFIED.equals(v.status()) && v.questions().isEmpty()) {
            // nothing was checked at all (no swarm, no quiz, an edited quiz); otherwise the unverified questions say it below
            f.warning("verification", "quiz", v.note());
        }
        for (Verification.QuestionCheck q : v.questions()) {
            if (Verification.QuestionCheck.FLAGGED.equals(q.decision())) {
                List<String> answers = q.solvers().stream().filter(a -> !a.answer().isEmpty())
                        .map(a -> a.solver() + " answered " + String.join(" | ", a.answer())).toList();
                f.error("answer_key_disputed", "quiz." + q.questionId(), "the key \"" + String.join(" | ", q.key())
                        + "\" was disputed by independent solvers (agreement " + Math.round(q.agreement() * 100) + "%, "
                        + "after " + Findings.count(q.regenerations(), "regeneration") + "): " + String.join("; ", answers)
                        + ". Check the question and its key before using it.");
            }
        }
        long unverified = v.questions().stream().filter(q -> Verification.QuestionCheck.UNVERIFIED.equals(q.decision())).count();
        if (unverified > 0) {
            f.warning("verification", "quiz", Findings.count(unverified, "question") + " could not be answered by any solver, "
                    + "so " + (unverified == 1 ? "its key was" : "their keys were") + " not verified: "
                    + String.join(", ", v.questions().stream().filter(q -> Verification.QuestionCheck.UNVERIFIED.equals(q.decision()))
                            .map(Verification.QuestionCheck::questionId).toList())
                    + (v.note() == null || v.note().isBlank() ? "" : " (" + v.note() + ")"));
        }
        for (Verification.Decision d : v.decisions()) {
            if (Verification.Decision.NEEDS_REVIEW.equals(d.outcome())) {
                f.warning("needs_review", d.step(), d.reason());
            }
        }
    }
}
