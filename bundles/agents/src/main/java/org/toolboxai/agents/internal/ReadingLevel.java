package org.toolboxai.agents.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Flesch-Kincaid grade level, with the usual vowel-group syllable estimate. */
final class ReadingLevel {

    private static final Pattern WORD = Pattern.compile("[A-Za-z]+(?:'[A-Za-z]+)?");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]+|\\n");
    private static final Pattern VOWELS = Pattern.compile("[aeiouy]+");

    private ReadingLevel() {
    }

    /** The grade a reader needs for the text; 0 for empty text. */
    static double grade(String text) {
        Matcher words = WORD.matcher(text);
        int wordCount = 0;
        int syllables = 0;
        while (words.find()) {
            wordCount++;
            syllables += syllables(words.group());
        }
        if (wordCount == 0) {
            return 0;
        }
        int sentences = Math.max(1, (int) SENTENCE_END.matcher(text.trim()).results().count());
        double grade = 0.39 * wordCount / sentences + 11.8 * syllables / wordCount - 15.59;
        return Math.round(Math.max(0, grade) * 10) / 10.0;
    }

    /**
     * Flags a reading grade outside the learners' band: three grades off is a warning; an error
     * takes six grades above or seven below (the formula is rough on short texts, and tops out
     * around grade 12, so university lessons are judged against grade 12).
     */
    static void judge(Findings f, double reading, ContentBrief brief) {
        int grade = Math.min(brief.gradeNumber(), 12);
        if (brief.gradeNumber() <= 12 && reading > grade + 6) {
            f.error("reading_level", "lesson_plan", "reads at grade " + reading + ", far above grade " + brief.gradeLevel());
        } else if (brief.gradeNumber() <= 12 && reading > grade + 3) {
            f.warning("reading_level", "lesson_plan", "reads at grade " + reading + ", above grade " + brief.gradeLevel());
        } else if (reading < grade - 7) {
            f.error("reading_level", "lesson_plan", "reads at grade " + reading + ", far below grade " + brief.gradeLevel());
        } else if (reading < grade - 3) {
            f.warning("reading_level", "lesson_plan", "reads at grade " + reading + ", below grade " + brief.gradeLevel());
        }
    }

    static int syllables(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.length() <= 3) {
            return 1;
        }
        w = w.replaceAll("(?:[^laeiouy]es|ed|[^laeiouy]e)$", "").replaceAll("^y", "");
        int count = (int) VOWELS.matcher(w).results().count();
        return Math.max(1, count);
    }
}
