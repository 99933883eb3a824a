package org.toolboxai.sparc.internal;

import java.util.List;

import org.toolboxai.sparc.model.Cat;
import org.toolboxai.sparc.model.Irt;

/**
 * A question of an item bank, with its key and its IRT parameters.
 *
 * @param id          unique: {@code <run>/<level>/<question>} for generated items
 * @param bank        the subject domain whose ability it measures, e.g. {@code mathematics}
 * @param objective   the learning objective it checks, as written
 * @param skill       the skill whose mastery it traces (the objective as a short key)
 * @param level       its difficulty band, 1 = easiest, of {@code levels}
 * @param a           discrimination
 * @param b           difficulty, on the ability scale
 * @param c           guessing floor (1 / options for multiple choice, 0.5 for true/false, 0 otherwise)
 * @param bandB       the difficulty of its band, before any answer moved it
 * @param calibration {@code band}, {@code elo} or {@code irt}: where {@code b} comes from
 * @param presented   how often a session presented it
 * @param responses   answers to it
 * @param correct     right answers to it
 */
public record Item(String id, String bank, String objective, String skill, String type, String prompt, List<String> options,
        List<String> answer, String explanation, String feedback, int level, int levels, double a, double b, double c, double bandB,
        String calibration, int presented, int responses, int correct, String sourceRun, String createdBy, long createdAt) {

    /** Where {@code b} comes from. */
    static final String BAND = "band";
    static final String ELO = "elo";
    static final String IRT = "irt";

    /** Its parameters as the IRT model takes them. */
    Irt.Item irt() {
        return new Irt.Item(a, b, c);
    }

    /** As the item selection sees it: content balanced by skill. */
    Cat.BankItem bankItem() {
        return new Cat.BankItem(id, irt(), skill);
    }

    /** The same item with a new difficulty and where it comes from (its counts are updated in the store, relatively). */
    Item with(double newB, String newCalibration) {
        return new Item(id, bank, objective, skill, type, prompt, options, answer, explanation, feedback, level, levels, a, newB, c, bandB,
                newCalibration, presented, responses, correct, sourceRun, createdBy, createdAt);
    }
}
