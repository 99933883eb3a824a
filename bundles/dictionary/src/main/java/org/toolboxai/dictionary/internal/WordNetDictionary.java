package org.toolboxai.dictionary.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.dictionary.Dictionary;
import org.toolboxai.api.dictionary.Sense;

/**
 * WordNet 3.1, embedded, through extJWNL. The dictionary is opened on the first lookup (about a
 * second and a half) and kept; extJWNL's caches are not documented as thread-safe, so lookups
 * take turns.
 */
@Component(service = Dictionary.class)
public class WordNetDictionary implements Dictionary {

    private static final Logger LOG = LoggerFactory.getLogger(WordNetDictionary.class);
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private static final Pattern WORD = Pattern.compile("\\p{L}{4,}");
    private static final Set<String> COMMON = Set.of("that", "this", "with", "from", "they", "their", "have", "which", "when",
            "what", "into", "about", "learners", "able", "will", "explain", "describe", "using", "lesson", "understand");

    /** The dictionary groupings typical of each kind of subject. */
    private static final Map<String, Set<String>> TYPICAL = Map.of(
            "math", Set.of("noun.quantity", "noun.shape", "noun.relation", "noun.cognition", "noun.attribute"),
            "science", Set.of("noun.process", "noun.phenomenon", "noun.body", "noun.plant", "noun.animal", "noun.substance",
                    "noun.object", "noun.cognition"),
            "history", Set.of("noun.event", "noun.act", "noun.group", "noun.communication", "noun.state", "noun.location"),
            "language", Set.of("noun.communication", "noun.cognition", "noun.act"),
            "computing", Set.of("noun.artifact", "noun.communication", "noun.cognition", "noun.act"));

    private net.sf.extjwnl.dictionary.Dictionary wordnet;
    private boolean broken;
    private boolean closed;

    @Override
    public synchronized List<Sense> senses(String word) {
        net.sf.extjwnl.dictionary.Dictionary d = open();
        if (d == null || word == null || word.isBlank()) {
            return List.of();
        }
        try {
            IndexWord index = d.lookupIndexWord(POS.NOUN, word.trim().toLowerCase(Locale.ROOT));
            if (index == null) {
                return List.of();
            }
            List<Sense> senses = new ArrayList<>();
            for (Synset s : index.getSenses()) {
                senses.add(sense(index.getLemma(), s));
            }
            return senses;
        } catch (JWNLException e) {
            LOG.warn("WordNet could not look up '{}': {}", word, e.getMessage());
            return List.of();
        }
    }

    @Override
    public Optional<Sense> meaning(String word, String subject, String context) {
        List<Sense> senses = senses(word);
        if (senses.isEmpty()) {
            return Optional.empty();
        }
        Set<String> contextWords = words(subject + " " + context);
        contextWords.remove(word.toLowerCase(Locale.ROOT));
        senses.forEach(s -> contextWords.remove(s.lemma()));
        Set<String> typical = TYPICAL.getOrDefault(kind(subject), Set.of());
        List<Sense> ranked = new ArrayList<>(senses);
        ranked.sort(Comparator.comparingDouble((Sense s) -> -score(s, senses.indexOf(s), contextWords, typical)));
        return Optional.of(ranked.get(0));
    }

    /** Shared context words count most, then the subject's grouping, then frequency (earlier senses). */
    static double score(Sense sense, int rank, Set<String> context, Set<String> typical) {
        Set<String> own = words(sense.definition() + " " + String.join(" ", sense.examples()));
        long shared = own.stream().filter(context::contains).count();
        return 3.0 * shared + (typical.contains(sense.category()) ? 2.0 : 0.0) - 0.1 * rank;
    }

    static String kind(String subject) {
        String s = subject == null ? "" : subject.toLowerCase(Locale.ROOT);
        if (s.contains("math") || s.contains("algebra") || s.contains("geometry") || s.contains("statistic")) {
            return "math";
        }
        if (s.contains("science") || s.contains("biology") || s.contains("chemistry") || s.contains("physics")
                || s.contains("earth") || s.contains("ecology")) {
            return "science";
        }
        if (s.contains("history") || s.contains("social") || s.contains("civics") || s.contains("geography")
                || s.contains("economics")) {
            return "history";
        }
        if (s.contains("computer") || s.contains("computing") || s.contains("coding") || s.contains("programming")) {
            return "computing";
        }
        return "language";
    }

    static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        Matcher m = WORD.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            if (!COMMON.contains(w)) {
                words.add(w.endsWith("s") && w.length() > 4 ? w.substring(0, w.length() - 1) : w);
            }
        }
        return words;
    }

    /** WordNet's gloss is "definition; \"example\"; \"example\"". */
    static Sense sense(String lemma, Synset s) {
        String gloss = s.getGloss() == null ? "" : s.getGloss();
        int semicolon = gloss.indexOf(';');
        String definition = (semicolon < 0 ? gloss : gloss.substring(0, semicolon)).trim();
        List<String> examples = new ArrayList<>();
        Matcher m = QUOTED.matcher(semicolon < 0 ? "" : gloss.substring(semicolon));
        while (m.find()) {
            examples.add(m.group(1));
        }
        return new Sense(lemma, s.getLexFileName(), definition, examples);
    }

    private net.sf.extjwnl.dictionary.Dictionary open() {
        if (wordnet == null && !broken && !closed) {
            try {
                wordnet = net.sf.extjwnl.dictionary.Dictionary.getDefaultResourceInstance();
            } catch (JWNLException | RuntimeException | LinkageError e) {
                // a class missing from the embedded library is as broken as missing data: tried once
                broken = true;
                LOG.error("WordNet could not be opened; the dictionary answers nothing", e);
            }
        }
        return wordnet;
    }

    @Deactivate
    synchronized void close() {
        // a caller still holding this (dynamic) service gets nothing rather than a copy never closed
        closed = true;
        if (wordnet != null) {
            try {
                wordnet.close();
            } catch (JWNLException e) {
                LOG.debug("closing WordNet", e);
            }
            wordnet = null;
        }
    }
}
