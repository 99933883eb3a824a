package org.toolboxai.dictionary.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.dictionary.Sense;

/** Against the real WordNet 3.1 data. */
class WordNetDictionaryTest {

    private static final WordNetDictionary DICTIONARY = new WordNetDictionary();

    @AfterAll
    static void close() {
        DICTIONARY.close();
    }

    @Test
    void inflectedFormsFindTheirWordAndItsMeanings() {
        assertThat(DICTIONARY.senses("mitochondria")).first().satisfies(s -> {
            assertThat(s.lemma()).isEqualTo("mitochondrion");
            assertThat(s.definition()).contains("organelle");
        });
        assertThat(DICTIONARY.senses("treaties")).first().extracting(Sense::definition).asString().contains("agreement");
        assertThat(DICTIONARY.senses("qwzrtx")).isEmpty();
        assertThat(DICTIONARY.senses(" ")).isEmpty();
    }

    @Test
    void theSenseThatFitsTheLessonIsChosen() {
        assertThat(DICTIONARY.meaning("law", "Physics", "Laws of thermodynamics").orElseThrow().definition())
                .contains("recurring facts or events in nature");
        assertThat(DICTIONARY.meaning("law", "Social studies", "How a bill becomes a law").orElseThrow().definition())
                .doesNotContain("nature");
        assertThat(DICTIONARY.meaning("fraction", "Mathematics", "Add fractions").orElseThrow().category())
                .isEqualTo("noun.quantity");
        assertThat(DICTIONARY.meaning("evaporation", "Science", "The water cycle").orElseThrow().definition())
                .contains("vapor");
    }

    @Test
    void examplesAreSeparatedFromTheDefinition() {
        Sense law = DICTIONARY.senses("law").get(0);
        assertThat(law.definition()).doesNotContain(";").doesNotContain("\"");
        assertThat(law.examples()).isNotEmpty().allSatisfy(e -> assertThat(e).doesNotContain("\""));
    }
}
