package org.toolboxai.api.dictionary;

import java.util.List;

/**
 * One meaning of a word.
 *
 * @param lemma      the dictionary form, e.g. {@code mitochondrion} for "mitochondria"
 * @param category   the dictionary's grouping of the meaning, e.g. {@code noun.quantity} or {@code noun.process}
 * @param definition the meaning, e.g. "an organelle containing enzymes responsible for producing energy"
 * @param examples   sentences that use the word in this meaning, possibly none
 */
public record Sense(String lemma, String category, String definition, List<String> examples) {

    /** Copies the examples. */
    public Sense {
        examples = examples == null ? List.of() : List.copyOf(examples);
    }
}
