package org.toolboxai.sparc.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One student's model: an ability per subject domain (EAP over the domain's answers, prior
 * N(0, 1)), a mastery per skill (BKT), and for each mastered skill a review schedule (FSRS: a
 * right answer counts as Good, a wrong one as Again). A skill counts as mastered once its BKT
 * mastery reaches {@value #MASTERED}; from then on its answers are reviews. Not thread-safe:
 * the service rebuilds one from the student's answer log, in order, wherever it needs it.
 */
public final class LearnerModel {

    /** BKT mastery at which a skill counts as mastered (a common threshold in the literature). */
    public static final double MASTERED = 0.95;

    /** A skill's state: BKT mastery, answers so far, and once mastered its FSRS memory and last review (in days). */
    public record Skill(double mastery, int answers, Fsrs.Memory memory, double lastReviewDay) {

        /** Whether the skill is mastered (it has a review schedule). */
        public boolean mastered() {
            return memory != null;
        }
    }

    private final Map<String, List<Irt.Response>> byDomain = new HashMap<>();
    private final Map<String, Skill> skills = new TreeMap<>();
    private final Fsrs fsrs;

    public LearnerModel(Fsrs fsrs) {
        this.fsrs = fsrs;
    }

    /**
     * Applies one answer: the domain's responses, the skill's BKT mastery (with that skill's
     * parameters), and for a mastered skill its FSRS memory, on day {@code day} (days since any
     * fixed origin, fractions allowed).
     */
    public Skill answered(String domain, String skill, Irt.Item item, boolean correct, Bkt.Params params, double day) {
        byDomain.computeIfAbsent(domain, d -> new ArrayList<>()).add(new Irt.Response(item, correct));
        Skill before = skills.getOrDefault(skill, new Skill(params.prior(), 0, null, Double.NaN));
        double mastery = Bkt.update(before.mastery(), correct, params);
        Fsrs.Memory memory = before.memory();
        double last = before.lastReviewDay();
        if (memory != null) {
            memory = fsrs.review(memory, correct ? 3 : 1, day - last);
            last = day;
        } else if (mastery >= MASTERED) {
            memory = fsrs.first(3);
            last = day;
        }
        Skill after = new Skill(mastery, before.answers() + 1, memory, last);
        skills.put(skill, after);
        return after;
    }

    /** The ability estimate of a domain (the prior without answers). */
    public Irt.Estimate ability(String domain) {
        return Irt.eap(byDomain.getOrDefault(domain, List.of()), 0, 1);
    }

    /** A skill's state, or {@code null} before its first answer. */
    public Skill skill(String skill) {
        return skills.get(skill);
    }

    /** Every skill answered so far, by name. */
    public Map<String, Skill> skills() {
        return Collections.unmodifiableMap(skills);
    }

    /** The day a mastered skill is due for review ({@code NaN} for one not mastered). */
    public double dueDay(String skill) {
        Skill s = skills.get(skill);
        return s == null || !s.mastered() ? Double.NaN : s.lastReviewDay() + fsrs.intervalDays(s.memory());
    }

    /** The mastered skills due for review on {@code day}, most overdue first. */
    public List<String> dueForReview(double day) {
        List<String> due = new ArrayList<>();
        for (String skill : skills.keySet()) {
            if (dueDay(skill) <= day) {
                due.add(skill);
            }
        }
        due.sort((x, y) -> Double.compare(dueDay(x), dueDay(y)));
        return due;
    }
}
