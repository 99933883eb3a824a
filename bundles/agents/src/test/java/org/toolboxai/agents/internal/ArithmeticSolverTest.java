package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.Quiz;

class ArithmeticSolverTest {

    private final ArithmeticSolver solver = new ArithmeticSolver();

    private static Quiz.Question q(String type, String prompt, List<String> options) {
        return new Quiz.Question("q1", type, "o1", prompt, options, List.of(), 1, null);
    }

    @Test
    void answersWhatItCanComputeInTheQuestionsForm() {
        assertThat(solver.solve(q("multiple_choice", "What is 3/4 + 1/8?", List.of("4/12", "7/8", "1", "5/8")))).hasValue(List.of("7/8"));
        assertThat(solver.solve(q("short_answer", "Solve for x: 10(x + 8) = 160", List.of()))).hasValue(List.of("8"));
        assertThat(solver.solve(q("true_false", "True or false: 6 × 7 = 42", List.of()))).hasValue(List.of("true"));
        assertThat(solver.solve(q("fill_blank", "What is 12% of 50?", List.of()))).hasValue(List.of("6"));
        // no option is right: the value itself, which no key can match
        assertThat(solver.solve(q("multiple_choice", "What is 2 + 2?", List.of("3", "5")))).hasValue(List.of("4"));
    }

    @Test
    void leavesToTheModelsWhatItCannotRead() {
        assertThat(solver.solve(q("multiple_choice", "Which planet is largest?", List.of("Mars", "Jupiter")))).isEmpty();
        assertThat(solver.solve(q("ordering", "Order 3, 1, 2", List.of("1", "2", "3")))).isEmpty();
    }

    @Test
    void theSameNumberWrittenAnotherWayAgrees() {
        assertThat(solver.agrees(List.of("7/8"), List.of("0.875"))).isTrue();
        assertThat(solver.agrees(List.of("6"), List.of("$6.00"))).isTrue();
        assertThat(solver.agrees(List.of("true"), List.of("True"))).isTrue();
        assertThat(solver.agrees(List.of("7/8"), List.of("0.87"))).isFalse();
    }
}
