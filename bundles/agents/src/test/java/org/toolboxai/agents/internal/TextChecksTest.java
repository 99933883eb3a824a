package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.QualityReport;

/** Definitions and text: what is a defect and, as much, what is not. */
class TextChecksTest {

    private static List<String> definitionFindings(String term, String definition) {
        LessonPlan plan = new LessonPlan("T", "Science", "5", "s", List.of(new LessonPlan.Objective("obj1", "Identify cells")),
                List.of(), List.of(new LessonPlan.Term(term, definition)), List.of());
        return TextChecks.check(plan, null).list().stream().map(QualityReport.Finding::message).toList();
    }

    @Test
    void realDefinitionsPassEvenWhenTheyShareAWordWithTheTerm() {
        assertThat(definitionFindings("cell", "The smallest unit of a living thing.")).isEmpty();
        assertThat(definitionFindings("decimal", "A number written with a decimal point to show parts of a whole, like 0.75."))
                .isEmpty();
        assertThat(definitionFindings("evaporation", "When a liquid turns into a gas, like water drying in the sun.")).isEmpty();
        assertThat(definitionFindings("litre", "A metric measure: this unit is used to measure liquids.")).isEmpty();
        assertThat(definitionFindings("microscope", "A tool that shows tiny things under the objective lens.")).isEmpty();
        assertThat(definitionFindings("decimal", "A number with a decimal point.")).isEmpty();
    }

    @Test
    void circularAndLessonTalkDefinitionsAreFound() {
        assertThat(definitionFindings("evaporation", "When evaporation happens.")).singleElement()
                .satisfies(m -> assertThat(m).contains("circular"));
        assertThat(definitionFindings("mitochondria", "A key idea of this Biology lesson.")).singleElement()
                .satisfies(m -> assertThat(m).contains("talks about the lesson"));
        assertThat(definitionFindings("law", "A word learners use to talk about the goal: laws of motion.")).singleElement()
                .satisfies(m -> assertThat(m).contains("talks about the lesson"));
    }

    @Test
    void textCutOffIsFoundButAFinishedSentenceIsNot() {
        LessonPlan cut = new LessonPlan("T", "Math", "5", "Add the first two numbers and fiv...",
                List.of(new LessonPlan.Objective("obj1", "Solve one-step equations.")), List.of(), List.of(), List.of());
        assertThat(TextChecks.check(cut, null).list()).extracting(QualityReport.Finding::check).containsExactly("truncated_text");
        LessonPlan done = new LessonPlan("T", "Math", "5", "Add the first two numbers.",
                List.of(new LessonPlan.Objective("obj1", "Solve one-step equations.")), List.of(), List.of(), List.of());
        assertThat(TextChecks.check(done, null).list()).isEmpty();
    }

    @Test
    void aDefinitionThatMatchesNoDictionaryMeaningIsAWarning() {
        org.toolboxai.api.dictionary.Dictionary dictionary = new org.toolboxai.api.dictionary.Dictionary() {
            @Override
            public List<org.toolboxai.api.dictionary.Sense> senses(String word) {
                return word.equals("law") ? List.of(new org.toolboxai.api.dictionary.Sense("law", "noun.cognition",
                        "a generalization that describes recurring facts or events in nature", List.of("the laws of thermodynamics")))
                        : List.of();
            }

            @Override
            public java.util.Optional<org.toolboxai.api.dictionary.Sense> meaning(String word, String subject, String context) {
                return senses(word).stream().findFirst();
            }
        };
        LessonPlan wrongSense = new LessonPlan("T", "Physics", "9", "s", List.of(new LessonPlan.Objective("obj1", "Explain laws")),
                List.of(), List.of(new LessonPlan.Term("law", "A rule that everyone in a place must follow."),
                        new LessonPlan.Term("unknownword", "Something nobody can look up.")), List.of());
        assertThat(TextChecks.check(wrongSense, null, dictionary).list()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(org.toolboxai.api.content.Severity.WARNING);
            assertThat(f.part()).isEqualTo("lesson_plan.vocabulary.law");
        });
        LessonPlan rightSense = new LessonPlan("T", "Physics", "9", "s", List.of(new LessonPlan.Objective("obj1", "Explain laws")),
                List.of(), List.of(new LessonPlan.Term("law", "A statement that describes events in nature that always recur.")),
                List.of());
        assertThat(TextChecks.check(rightSense, null, dictionary).list()).isEmpty();
    }
}
