package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.LessonPlan.Term;
import org.toolboxai.api.dictionary.Dictionary;
import org.toolboxai.api.dictionary.Sense;

/** The vocabulary takes real meanings only: the glossary's own, then the dictionary's, never invented ones. */
class GlossaryTest {

    /** A dictionary that knows a few words, and records which meaning was asked for in which context. */
    private static final class Words implements Dictionary {
        private final Map<String, Sense> known = Map.of(
                "mitochondria", new Sense("mitochondrion", "noun.body", "an organelle containing enzymes responsible for producing energy", List.of()),
                "energy", new Sense("energy", "noun.phenomenon", "the capacity of a physical system to do work", List.of()),
                "cell", new Sense("cell", "noun.body", "the basic structural and functional unit of all organisms", List.of()),
                "circular", new Sense("circular", "noun.artifact", "a circular thing", List.of()));

        @Override
        public List<Sense> senses(String word) {
            return Optional.ofNullable(known.get(word)).map(List::of).orElse(List.of());
        }

        @Override
        public Optional<Sense> meaning(String word, String subject, String context) {
            return Optional.ofNullable(known.get(word));
        }
    }

    @Test
    void wordsTheGlossaryLacksGetTheDictionaryMeaningAndNothingIsInvented() {
        List<Term> vocabulary = Glossary.vocabulary("Biology", List.of("Mitochondria and cell energy in circular systems"), new Words());

        assertThat(vocabulary).extracting(Term::term).contains("mitochondrion", "energy", "cell").doesNotContain("circular", "systems");
        assertThat(vocabulary).filteredOn(t -> t.term().equals("mitochondrion")).singleElement()
                .extracting(Term::definition).isEqualTo("An organelle containing enzymes responsible for producing energy.");
        assertThat(vocabulary).allSatisfy(t -> assertThat(t.definition()).doesNotContain("lesson").doesNotContain("goal"));
    }

    @Test
    void withoutADictionaryOnlyGlossaryAndGeneralTermsAppear() {
        List<Term> vocabulary = Glossary.vocabulary("Biology", List.of("Mitochondria and cell energy"), null);

        assertThat(vocabulary).hasSizeGreaterThanOrEqualTo(Glossary.MIN_TERMS)
                .allSatisfy(t -> assertThat(Glossary.definition(t.term()) != null
                        || List.of("evidence", "example", "summary").contains(t.term())).isTrue());
    }
}
