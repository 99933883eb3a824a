package org.toolboxai.provider.offline.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.toolboxai.api.content.LessonPlan.Term;
import org.toolboxai.api.dictionary.Dictionary;

/** Key terms with short definitions (from {@code glossary.txt}), and the vocabulary of a lesson. */
final class Glossary {

    static final int MIN_TERMS = 3;
    static final int MAX_TERMS = 8;

    private record Entry(String term, List<String> related, String definition, Pattern pattern) {
    }

    private static final Map<String, Entry> ENTRIES = load();

    private static final List<Term> GENERIC = List.of(
            new Term("evidence", "Facts or examples that show something is true."),
            new Term("example", "One case that shows what a general idea looks like."),
            new Term("summary", "A short telling of the most important points."));

    private Glossary() {
    }

    /** The definition of a known term, or {@code null}. */
    static String definition(String term) {
        Entry e = ENTRIES.get(term.toLowerCase(Locale.ROOT));
        return e == null ? null : e.definition();
    }

    /** Words of an objective worth looking up: four letters or more, not the small words of any sentence. */
    private static final Pattern CANDIDATE = Pattern.compile("\\p{L}{4,}");
    private static final java.util.Set<String> SMALL_WORDS = java.util.Set.of("about", "after", "again", "their", "there",
            "these", "those", "which", "while", "with", "within", "from", "into", "over", "under", "what", "when", "where",
            "why", "how", "learn", "learners", "students", "able", "will", "understand", "explain", "describe", "identify",
            "solve", "find", "use", "using", "make", "know", "simple", "basic", "main", "different", "other", "some",
            "more", "most", "many", "each", "every", "your", "this", "that", "them", "they", "have", "does", "work");

    static List<Term> vocabulary(String subject, List<String> objectives) {
        return vocabulary(subject, objectives, null);
    }

    /**
     * 3-8 terms for a lesson: known terms named by the objectives and subject, then (when a
     * dictionary is installed) the objectives' other words with the dictionary meaning that fits
     * the lesson, then the known terms' related terms, then general ones (evidence, example, summary). A word neither this
     * glossary nor the dictionary knows gets no invented definition.
     */
    static List<Term> vocabulary(String subject, List<String> objectives, Dictionary dictionary) {
        Map<String, Term> terms = new LinkedHashMap<>();
        List<String> related = new ArrayList<>();
        List<String> texts = new ArrayList<>(objectives);
        texts.add(subject);
        for (String text : texts) {
            for (Entry e : found(text)) {
                if (terms.size() < MAX_TERMS && terms.putIfAbsent(e.term(), new Term(e.term(), e.definition())) == null) {
                    related.addAll(e.related());
                }
            }
        }
        if (dictionary != null) {
            int wanted = Math.max(MIN_TERMS, Math.min(MAX_TERMS, objectives.size() + 3));
            for (String objective : objectives) {
                Matcher words = CANDIDATE.matcher(objective.toLowerCase(Locale.ROOT));
                while (words.find() && terms.size() < wanted) {
                    String word = words.group();
                    if (SMALL_WORDS.contains(word) || terms.containsKey(word)) {
                        continue;
                    }
                    dictionary.meaning(word, subject, objective)
                            .filter(sense -> !terms.containsKey(sense.lemma()) && !sense.definition().isBlank()
                                    && !sense.definition().toLowerCase(Locale.ROOT).contains(sense.lemma()))
                            .ifPresent(sense -> terms.put(sense.lemma(), new Term(sense.lemma(), sentence(sense.definition()))));
                }
            }
        }
        for (String r : related) {
            Entry e = ENTRIES.get(r);
            if (e != null && terms.size() < MAX_TERMS) {
                terms.putIfAbsent(e.term(), new Term(e.term(), e.definition()));
            }
        }
        for (Term g : GENERIC) {
            if (terms.size() < MIN_TERMS) {
                terms.putIfAbsent(g.term(), g);
            }
        }
        return List.copyOf(terms.values());
    }

    /** "an organelle containing enzymes" as a sentence: "An organelle containing enzymes." */
    static String sentence(String definition) {
        String d = definition.trim();
        return Character.toUpperCase(d.charAt(0)) + d.substring(1) + (d.endsWith(".") ? "" : ".");
    }

    /** The terms a known term is related to (empty for unknown terms). */
    static List<String> related(String term) {
        Entry e = ENTRIES.get(term.toLowerCase(Locale.ROOT));
        return e == null ? List.of() : e.related();
    }

    /** Known terms occurring in the text, in the order they occur. */
    static List<String> termsIn(String text) {
        return found(text).stream().map(Entry::term).toList();
    }

    private static List<Entry> found(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Map<Integer, Entry> byPosition = new java.util.TreeMap<>();
        for (Entry e : ENTRIES.values()) {
            Matcher m = e.pattern().matcher(lower);
            if (m.find()) {
                Entry previous = byPosition.get(m.start());
                if (previous == null || previous.term().length() < e.term().length()) {
                    byPosition.put(m.start(), e);
                }
            }
        }
        return List.copyOf(byPosition.values());
    }

    private static Map<String, Entry> load() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (InputStream in = Glossary.class.getResourceAsStream("glossary.txt")) {
            if (in == null) {
                throw new IllegalStateException("glossary.txt is missing from the bundle");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\|", 3);
                String term = parts[0].trim().toLowerCase(Locale.ROOT);
                List<String> related = new ArrayList<>();
                for (String r : parts[1].split(",")) {
                    if (!r.isBlank()) {
                        related.add(r.trim().toLowerCase(Locale.ROOT));
                    }
                }
                Pattern pattern = Pattern.compile("\\b" + Pattern.quote(term) + "(s|es)?\\b");
                entries.put(term, new Entry(term, List.copyOf(related), parts[2].trim(), pattern));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Collections.unmodifiableMap(entries);
    }
}
