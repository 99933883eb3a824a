package org.toolboxai.sparc.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LearnerModelTest {

    final Bkt.Params params = new Bkt.Params(0.1, 0.3, 0.1, 0.03, 0);

    @Test
    void masteryFollowsBktAndAbilityFollowsTheDomainsAnswers() {
        LearnerModel model = new LearnerModel(Fsrs.standard());
        boolean[] answers = {true, true, false, true, true, true};
        double known = params.prior();
        for (boolean a : answers) {
            known = Bkt.update(known, a, params);
            model.answered("math", "fractions", Irt.Item.twoPl(1.2, 0), a, params, 0);
        }
        assertThat(model.skill("fractions").mastery()).isCloseTo(known, within(1e-12));
        assertThat(model.skill("fractions").answers()).isEqualTo(6);
        List<Irt.Response> same = new ArrayList<>();
        for (boolean a : answers) {
            same.add(new Irt.Response(Irt.Item.twoPl(1.2, 0), a));
        }
        assertThat(model.ability("math").theta()).isEqualTo(Irt.eap(same, 0, 1).theta());
        assertThat(model.ability("reading").theta()).as("no answers: the prior").isCloseTo(0, within(1e-9));
    }

    @Test
    void aMasteredSkillGetsAReviewScheduleThatGrowsWithRightAnswersAndShrinksWithAWrongOne() {
        LearnerModel model = new LearnerModel(Fsrs.standard());
        Irt.Item item = Irt.Item.twoPl(1, 0);
        double day = 0;
        while (!model.skills().containsKey("ratios") || !model.skill("ratios").mastered()) {
            model.answered("math", "ratios", item, true, params, day);
        }
        LearnerModel.Skill mastered = model.skill("ratios");
        assertThat(mastered.mastery()).isGreaterThanOrEqualTo(LearnerModel.MASTERED);
        assertThat(model.dueDay("ratios")).isEqualTo(2.0); // FSRS-6: first Good, S = 2.3065, due in 2 days
        assertThat(model.dueForReview(1)).isEmpty();
        assertThat(model.dueForReview(2)).containsExactly("ratios");

        model.answered("math", "ratios", item, true, params, 2);
        double afterGood = model.dueDay("ratios");
        assertThat(afterGood).isGreaterThan(4);
        model.answered("math", "ratios", item, false, params, afterGood);
        assertThat(model.dueDay("ratios") - afterGood).as("a lapse shortens the next interval")
                .isLessThan(afterGood - 2);
    }

    @Test
    void practicePicksTheItemClosestToTheTargetSuccessAndSkipsSeenOnes() {
        List<Cat.BankItem> bank = List.of(new Cat.BankItem("easy", Irt.Item.twoPl(1, -3), "s"),
                new Cat.BankItem("fit", Irt.Item.twoPl(1, -1.2), "s"), new Cat.BankItem("hard", Irt.Item.twoPl(1, 2), "s"),
                new Cat.BankItem("other", Irt.Item.twoPl(1, -1.2), "t"));
        assertThat(Tutor.practiceItem(bank, "s", 0, Set.of(), Tutor.PRACTICE_TARGET)).get().extracting(Cat.BankItem::id)
                .isEqualTo("fit"); // P = 0.769
        assertThat(Tutor.practiceItem(bank, "s", 0, Set.of("fit"), Tutor.PRACTICE_TARGET)).get().extracting(Cat.BankItem::id)
                .isEqualTo("easy");
        assertThat(Tutor.practiceItem(bank, "u", 0, Set.of(), Tutor.PRACTICE_TARGET)).isEmpty();
        assertThat(Tutor.context(null, false)).isEqualTo("new");
        assertThat(Tutor.context(new LearnerModel.Skill(0.9, 5, null, Double.NaN), true)).isEqualTo("nearly-mastered+review-due");
    }
}
