package org.toolboxai.sparc.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What to present next. Practice aims at a success probability of {@value #PRACTICE_TARGET}
 * (inside the 0.75-0.8 band where practice teaches best: hard enough to need thought, easy
 * enough to succeed); assessment aims at information ({@link Cat}). The pedagogical action
 * (worked example, hint, practice, challenge, review) is the {@link Bandit}'s, in the context
 * {@link #context} names.
 */
public final class Tutor {

    /** The success probability practice items are chosen for. */
    public static final double PRACTICE_TARGET = 0.775;

    private Tutor() {
    }

    /** The unseen item of the skill whose predicted success at {@code theta} is closest to {@code target}. */
    public static Optional<Cat.BankItem> practiceItem(List<Cat.BankItem> items, String skill, double theta, Set<String> seen,
            double target) {
        return items.stream().filter(i -> skill.equals(i.objective()) && !seen.contains(i.id()))
                .min(Comparator.comparingDouble((Cat.BankItem i) -> Math.abs(Irt.p(theta, i.item()) - target))
                        .thenComparing(Cat.BankItem::id));
    }

    /**
     * The bandit's context for a skill: its mastery band, and whether some mastered skill is due
     * for review (then a review can be worth more than new work).
     */
    public static String context(LearnerModel.Skill skill, boolean reviewDue) {
        double mastery = skill == null ? Bkt.DEFAULTS.prior() : skill.mastery();
        String band = mastery < 0.4 ? "new" : mastery < 0.8 ? "learning" : "nearly-mastered";
        return band + (reviewDue ? "+review-due" : "");
    }
}
