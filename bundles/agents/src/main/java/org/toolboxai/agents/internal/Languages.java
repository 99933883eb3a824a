package org.toolboxai.agents.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rough guess of the language a text is written in: by script for the languages that have their
 * own (Chinese, Japanese, Korean, Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai), by the share
 * of very common words for the Latin-script ones this project meets most. Enough to notice a
 * French or Japanese request answered in English; "unknown" when the text says too little.
 */
final class Languages {

    static final String UNKNOWN = "unknown";

    private static final Map<Character.UnicodeScript, String> SCRIPTS = Map.of(
            Character.UnicodeScript.HAN, "Chinese", Character.UnicodeScript.HIRAGANA, "Japanese",
            Character.UnicodeScript.KATAKANA, "Japanese", Character.UnicodeScript.HANGUL, "Korean",
            Character.UnicodeScript.CYRILLIC, "Russian", Character.UnicodeScript.GREEK, "Greek",
            Character.UnicodeScript.ARABIC, "Arabic", Character.UnicodeScript.HEBREW, "Hebrew",
            Character.UnicodeScript.DEVANAGARI, "Hindi", Character.UnicodeScript.THAI, "Thai");

    private static final Map<String, Set<String>> COMMON = new LinkedHashMap<>();

    static {
        COMMON.put("English", Set.of("the", "and", "of", "to", "a", "in", "is", "with", "for", "on", "how", "what", "from"));
        COMMON.put("French", Set.of("le", "la", "les", "des", "et", "du", "de", "un", "une", "est", "pour", "avec", "dans", "en"));
        COMMON.put("Spanish", Set.of("el", "la", "los", "las", "y", "del", "de", "un", "una", "es", "para", "con", "en", "por"));
        COMMON.put("German", Set.of("der", "die", "das", "und", "den", "von", "zu", "ein", "eine", "ist", "mit", "im", "für"));
        COMMON.put("Portuguese", Set.of("o", "os", "as", "e", "do", "da", "dos", "das", "um", "uma", "para", "com", "em"));
        COMMON.put("Italian", Set.of("il", "lo", "gli", "le", "e", "del", "della", "di", "un", "una", "per", "con", "nel"));
    }

    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    private Languages() {
    }

    /** The language the text is most likely in, or {@link #UNKNOWN}. */
    static String guess(String text) {
        if (text == null || text.isBlank()) {
            return UNKNOWN;
        }
        Map<String, Integer> scripts = new LinkedHashMap<>();
        int letters = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                String language = SCRIPTS.get(Character.UnicodeScript.of(c));
                if (language != null) {
                    scripts.merge(language, 1, Integer::sum);
                }
            }
        }
        // kana anywhere makes Han text Japanese
        if (scripts.containsKey("Japanese") && scripts.containsKey("Chinese")) {
            scripts.merge("Japanese", scripts.remove("Chinese"), Integer::sum);
        }
        for (Map.Entry<String, Integer> s : scripts.entrySet()) {
            if (s.getValue() * 3 >= letters) {
                return s.getKey();
            }
        }
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        // a word common to two of the languages ("de", "la", "en") says nothing
        List<String> words = m.results().map(r -> r.group())
                .filter(w -> COMMON.values().stream().filter(set -> set.contains(w)).count() == 1).toList();
        String best = UNKNOWN;
        long bestCount = 0;
        long second = 0;
        for (Map.Entry<String, Set<String>> language : COMMON.entrySet()) {
            long count = words.stream().filter(language.getValue()::contains).count();
            if (count > bestCount) {
                second = bestCount;
                best = language.getKey();
                bestCount = count;
            } else if (count > second) {
                second = count;
            }
        }
        return bestCount >= 2 && bestCount >= 2 * second ? best : UNKNOWN;
    }
}
