package org.toolboxai.api.dictionary;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A dictionary of English nouns (WordNet 3.1 in the dictionary bundle). Lookups take plurals and
 * other inflected forms; results are the same for the same word every time.
 */
@ProviderType
public interface Dictionary {

    /** Every meaning of the word as a noun, most frequent first; empty when the word is not in it. */
    List<Sense> senses(String word);

    /**
     * The meaning that fits a lesson: the sense whose definition and examples share the most words
     * with the context (the subject and the objective), in the grouping typical of the subject,
     * the most frequent one breaking ties.
     *
     * @param word    e.g. {@code law}
     * @param subject e.g. {@code Physics}
     * @param context e.g. the objective "Laws of thermodynamics"
     */
    Optional<Sense> meaning(String word, String subject, String context);
}
