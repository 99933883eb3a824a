package org.toolboxai.agents.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.dictionary.Dictionary;
import org.toolboxai.api.dictionary.Sense;

/**
 * The learner-facing text: nothing cut off, definitions that define (not the term itself, not one
 * filler shape for every term), objectives a teacher can observe.
 */
final class TextChecks {

    /** Text that stops mid-word ("and fiv...") or trails off. */
    private static final Pattern TRUNCATED = Pattern.compile("\\p{L}(?:\\.\\.\\.|…)\\s*$");
    /** Verbs whose result a teacher can see (Bloom's taxonomy, the observable ones). */
    private static final Pattern OBSERVABLE = Pattern.compile("\\b(?:identify|name|list|label|define|state|describe|explain|"
            + "compare|contrast|classify|sort|order|calculate|compute|solve|measure|estimate|round|add|subtract|multiply|"
            + "divide|simplify|convert|graph|plot|draw|construct|build|design|write|summari[sz]e|predict|justify|evaluate|"
            + "argue|analy[sz]e|apply|use|demonstrate|model|count|recognize|recognise|match|find|determine|interpret|read|"
            + "create|program|debug|test|locate|map|translate|conjugate|balance|factor|prove|represent|show)\\b");

    /** A "definition" that describes the lesson instead of the word. */
    private static final Pattern ABOUT_THE_LESSON = Pattern.compile(
            "(?i)\\b(?:this|our|today's)\\s+(?:\\p{L}+\\s+){0,2}(?:lesson|class)\\b|\\b(?:the|this|our)\\s+(?:goal|objective)\\s*[:.,;]");
    private static final java.util.Set<String> FILLER = java.util.Set.of("the", "and", "that", "when", "this", "with",
            "which", "what", "something", "thing", "things", "happens", "means", "called", "word", "for");

    private TextChecks() {
    }

    static Findings check(LessonPlan plan, Quiz quiz) {
        return check(plan, quiz, null);
    }

    /** The checks, with each definition compared to the dictionary's meanings when one is installed. */
    static Findings check(LessonPlan plan, Quiz quiz, Dictionary dictionary) {
        Findings f = new Findings();
        truncated(f, "lesson_plan.title", plan.title());
        truncated(f, "lesson_plan.summary", plan.summary());
        for (LessonPlan.Objective o : plan.objectives() == null ? List.<LessonPlan.Objective>of() : plan.objectives()) {
            truncated(f, "lesson_plan.objectives." + o.id(), o.text());
            if (o.text() != null && !OBSERVABLE.matcher(o.text().toLowerCase(Locale.ROOT)).find()) {
                f.warning("measurable_objective", "lesson_plan.objectives." + o.id(), "\"" + o.text()
                        + "\" names nothing a learner does that a teacher can observe (identify, solve, explain ...)");
            }
        }
        for (LessonPlan.Activity a : plan.activities() == null ? List.<LessonPlan.Activity>of() : plan.activities()) {
            truncated(f, "lesson_plan.activities." + a.title(), a.description());
        }
        definitions(f, plan.vocabulary() == null ? List.of() : plan.vocabulary());
        if (dictionary != null && plan.vocabulary() != null) {
            plan.vocabulary().forEach(t -> againstDictionary(f, t, dictionary));
        }
        if (quiz != null && quiz.questions() != null) {
            for (Quiz.Question q : quiz.questions()) {
                truncated(f, "quiz." + q.id(), q.prompt());
                truncated(f, "quiz." + q.id() + ".explanation", q.explanation());
                if (q.options() != null) {
                    q.options().forEach(o -> truncated(f, "quiz." + q.id() + ".options", o));
                }
            }
        }
        return f;
    }

    private static void truncated(Findings f, String part, String text) {
        if (text != null && TRUNCATED.matcher(text).find()) {
            f.error("truncated_text", part, "is cut off: \"" + tail(text) + "\"");
        }
    }

    private static void definitions(Findings f, List<LessonPlan.Term> terms) {
        Map<String, String> shapes = new HashMap<>();
        for (LessonPlan.Term t : terms) {
            if (t.term() == null || t.term().isBlank() || t.definition() == null || t.definition().isBlank()) {
                f.error("definition", "lesson_plan.vocabulary", "a term needs a word and a definition, got "
                        + t.term() + ": " + t.definition());
                continue;
            }
            String part = "lesson_plan.vocabulary." + t.term();
            truncated(f, part, t.definition());
            if (ABOUT_THE_LESSON.matcher(t.definition()).find()) {
                f.error("definition", part, "talks about the lesson, not what the word means (\"" + t.definition() + "\")");
                continue;
            }
            String stem = stem(t.term());
            String definition = t.definition().toLowerCase(Locale.ROOT);
            // "a number written with a decimal point ..." uses the word but says more; "when evaporation happens" does not
            String rest = definition.replaceAll("\\b" + Pattern.quote(stem) + "\\p{L}*", " ");
            long otherWords = Pattern.compile("\\p{L}{3,}").matcher(rest).results()
                    .filter(m -> !FILLER.contains(m.group())).count();
            if (!rest.equals(definition) && otherWords < 2) {
                f.error("definition", part, "is circular: the definition uses the term itself (\"" + t.definition() + "\")");
            }
            String shape = definition.replaceAll("\\b" + Pattern.quote(stem) + "\\p{L}*", "~").replaceAll("[^\\p{L}~]+", " ").trim();
            String other = shapes.putIfAbsent(shape, t.term());
            if (other != null && !other.equalsIgnoreCase(t.term())) {
                f.error("definition", part, "has the same definition as \"" + other + "\" (\"" + t.definition()
                        + "\"): filler, not a meaning");
            }
        }
    }

    /**
     * A definition that shares no word with any of the dictionary's meanings of its term is
     * probably another sense or made up ("law: a rule everyone in a place must follow" in a physics
     * lesson); a warning, since good definitions paraphrase.
     */
    private static void againstDictionary(Findings f, LessonPlan.Term t, Dictionary dictionary) {
        if (t.term() == null || t.definition() == null) {
            return;
        }
        List<Sense> senses = dictionary.senses(t.term());
        if (senses.isEmpty()) {
            return;
        }
        java.util.Set<String> meanings = new java.util.HashSet<>();
        for (Sense s : senses) {
            meanings.addAll(contentWords(s.definition() + " " + String.join(" ", s.examples())));
        }
        java.util.Set<String> given = contentWords(t.definition());
        given.remove(stem(t.term()));
        if (!given.isEmpty() && given.stream().noneMatch(meanings::contains)) {
            f.warning("definition", "lesson_plan.vocabulary." + t.term(), "\"" + t.definition() + "\" matches none of the "
                    + "dictionary's meanings of \"" + t.term() + "\", e.g. \"" + senses.get(0).definition() + "\"");
        }
    }

    /** Words of four letters or more, singular, lower case, without the small words of any sentence. */
    static java.util.Set<String> contentWords(String text) {
        java.util.Set<String> words = new java.util.HashSet<>();
        java.util.regex.Matcher m = Pattern.compile("\\p{L}{4,}").matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (!FILLER.contains(m.group())) {
                words.add(stem(m.group()));
            }
        }
        return words;
    }

    /** The term without a plural or verb ending, lower case: "fractions" -> "fraction". */
    static String stem(String term) {
        String t = term.trim().toLowerCase(Locale.ROOT);
        for (String ending : List.of("ing", "es", "ed", "s")) {
            if (t.length() > ending.length() + 3 && t.endsWith(ending)) {
                return t.substring(0, t.length() - ending.length());
            }
        }
        return t;
    }

    private static String tail(String text) {
        return text.length() <= 40 ? text : "..." + text.substring(text.length() - 40);
    }
}
