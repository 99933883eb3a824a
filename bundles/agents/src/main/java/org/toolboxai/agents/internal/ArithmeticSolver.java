package org.toolboxai.agents.internal;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.agents.internal.Arithmetic.Rational;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.swarm.QuestionSolver;

/**
 * The swarm's deterministic solver for arithmetic: the questions {@link AnswerChecks} can
 * recompute (expressions, linear equations, percentages of, true/false equalities) are answered
 * exactly, without a model. Registered for the swarm, used only while it is installed.
 */
@Component(service = QuestionSolver.class)
public class ArithmeticSolver implements QuestionSolver {

    @Override
    public String name() {
        return "arithmetic";
    }

    @Override
    public Optional<List<String>> solve(Quiz.Question question) {
        if (question == null || question.prompt() == null || question.type() == null) {
            return Optional.empty();
        }
        if (question.type().equals("true_false")) {
            return AnswerChecks.truth(question.prompt()).map(t -> List.of(t.toString()));
        }
        if (!question.type().equals("multiple_choice") && !question.type().equals("short_answer")
                && !question.type().equals("fill_blank")) {
            return Optional.empty();
        }
        Optional<Rational> value = AnswerChecks.expected(question.prompt());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (question.type().equals("multiple_choice") && question.options() != null) {
            List<String> right = question.options().stream().filter(o -> Arithmetic.agrees(o, value.get())).toList();
            // no option (or several) equal to the value: the answer is the value itself, which no key matches
            return Optional.of(right.size() == 1 ? right : List.of(value.get().toString()));
        }
        return Optional.of(List.of(value.get().toString()));
    }

    @Override
    public boolean agrees(List<String> answer, List<String> key) {
        if (answer == null || key == null || answer.size() != key.size()) {
            return false;
        }
        for (int i = 0; i < answer.size(); i++) {
            if (answer.get(i) == null || key.get(i) == null) {
                return false;
            }
            String a = answer.get(i).trim();
            String k = key.get(i).trim();
            Optional<Rational> n = Arithmetic.number(a);
            boolean same = n.isPresent() ? Arithmetic.agrees(k, n.get()) || a.equalsIgnoreCase(k) : a.equalsIgnoreCase(k);
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
