package org.toolboxai.api.content;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The two data modules the quiz scripts read, written from a package's quiz and environment, so
 * that an edited quiz reaches the exported place without new scripts:
 * <ul>
 * <li>{@value #DATA} (a ModuleScript in ReplicatedStorage, which clients can read): the title, the
 * spawn, the DataStore name, the teachers' user ids, the stations and the questions with their
 * options, never their answers or explanations (a matching question's right-hand sides shuffled);</li>
 * <li>{@value #KEYS} (a ModuleScript in ServerStorage, which is never replicated): the answer keys
 * by question id, {@code answers[id] = { kind, accepted, explanation }}.</li>
 * </ul>
 * Luau in the Lua 5.1 subset; the same arguments always give the same text. Both the offline
 * provider's scripts and the Roblox exports use this class, so the modules and the scripts that
 * read them cannot drift apart.
 */
public final class QuizModules {

    /** The name of the module clients may read. */
    public static final String DATA = "QuizData";
    /** The name of the server-only module with the answer keys. */
    public static final String KEYS = "QuizKeys";
    /** How a matching question writes a pair: {@code left => right}. */
    public static final String MATCH = " => ";

    private static final String STORE_PREFIX = "ToolboxProgress_";
    /** Roblox allows 50 characters for a DataStore name. */
    private static final int STORE_MAX = 50;
    private static final Pattern STORE_SAFE = Pattern.compile("[A-Za-z0-9_-]+");

    private QuizModules() {
    }

    /**
     * The DataStore that keeps the progress of one lesson package: {@code ToolboxProgress_} and the
     * package id when that fits in 50 characters of letters, digits, {@code _} and {@code -},
     * otherwise a SHA-256 digest of it (32 hex digits), so two packages never share a store.
     */
    public static String progressStore(String packageId) {
        String id = packageId == null ? "" : packageId;
        if (STORE_SAFE.matcher(id).matches() && STORE_PREFIX.length() + id.length() <= STORE_MAX) {
            return STORE_PREFIX + id;
        }
        return STORE_PREFIX + sha256(id).substring(0, 32);
    }

    /** The module clients can read: stations and questions, no answers and no explanations. */
    public static String quizData(String title, EnvironmentPlan environment, Quiz quiz, String progressStore) {
        List<EnvironmentPlan.Station> stations = environment == null || environment.stations() == null ? List.of()
                : environment.stations().stream().filter(s -> s != null).toList();
        StringBuilder b = new StringBuilder();
        b.append("-- ").append(DATA).append(" (module, in ReplicatedStorage): the quiz as players may see it.\n")
                .append("-- Written from the lesson package's quiz and environment. The answer keys are not in this\n")
                .append("-- module; they are in ServerStorage.").append(KEYS).append(", which clients never receive.\n")
                .append("local QuizData = {}\n\n")
                .append("QuizData.title = ").append(str(title)).append("\n")
                .append("QuizData.spawn = ").append(vector(environment == null ? null : environment.spawn())).append("\n\n")
                .append("-- the DataStore that keeps players' progress (one per lesson package, so lessons do not mix)\n")
                .append("QuizData.progressStore = ").append(str(progressStore)).append("\n")
                .append("-- Roblox user ids that see the class results board, e.g. { 123456, 234567 };\n")
                .append("-- the place's owner (game.CreatorId, when a user owns it) always does\n")
                .append("QuizData.teacherUserIds = {}\n\n")
                .append("QuizData.stations = {\n");
        for (EnvironmentPlan.Station s : stations) {
            b.append("\t{ id = ").append(str(s.id())).append(", name = ").append(str(s.name()))
                    .append(", objectiveId = ").append(str(s.objectiveId())).append(",\n\t\tposition = ")
                    .append(vector(s.position())).append(", size = ").append(vector(s.size())).append(" },\n");
        }
        b.append("}\n\nQuizData.questions = {\n");
        for (Quiz.Question q : questions(quiz)) {
            b.append("\t{ id = ").append(str(q.id())).append(", type = ").append(str(q.type()))
                    .append(", station = ").append(str(stationOf(q, stations))).append(", objectiveId = ")
                    .append(str(q.objectiveId())).append(", points = ").append(q.points()).append(",\n\t\tprompt = ")
                    .append(str(q.prompt())).append(",\n\t\t");
            List<String> options = new ArrayList<>(q.options() == null ? List.of() : q.options());
            options.removeIf(o -> o == null);
            if ("matching".equals(q.type())) {
                List<String> lefts = new ArrayList<>();
                List<String> rights = new ArrayList<>();
                for (String pair : options) {
                    int at = pair.indexOf(MATCH);
                    lefts.add(at < 0 ? pair : pair.substring(0, at));
                    rights.add(at < 0 ? "" : pair.substring(at + MATCH.length()));
                }
                b.append("options = {}, lefts = ").append(strings(lefts)).append(",\n\t\trights = ")
                        .append(strings(shuffle(rights, q.id() + "\n" + q.prompt(), rights))).append(" },\n");
            } else {
                if ("true_false".equals(q.type()) && options.isEmpty()) {
                    options = List.of("true", "false"); // both choices, for the client to show
                } else if ("ordering".equals(q.type())) {
                    // the options of an ordering question may come in the answer's order: never shown so
                    options = shuffle(options, q.id() + "\n" + q.prompt(), q.answer());
                }
                b.append("options = ").append(strings(options)).append(" },\n");
            }
        }
        b.append("}\n\n")
                .append("function QuizData.forStation(stationId)\n")
                .append("\tlocal list = {}\n")
                .append("\tfor _, question in ipairs(QuizData.questions) do\n")
                .append("\t\tif question.station == stationId then\n")
                .append("\t\t\ttable.insert(list, question)\n")
                .append("\t\tend\n")
                .append("\tend\n")
                .append("\treturn list\n")
                .append("end\n\n")
                .append("return QuizData\n");
        return b.toString();
    }

    /** The server-only module: the answer keys by question id, with the explanation shown after answering. */
    public static String quizKeys(Quiz quiz) {
        StringBuilder b = new StringBuilder();
        b.append("-- ").append(KEYS).append(" (module, in ServerStorage, never replicated to clients): the answer keys.\n")
                .append("-- Written from the lesson package's quiz; QuizStation checks every reply against it.\n")
                .append("local QuizKeys = {}\n\n")
                .append("QuizKeys.answers = {\n");
        for (Quiz.Question q : questions(quiz)) {
            List<String> accepted = new ArrayList<>(q.answer() == null ? List.of() : q.answer());
            accepted.removeIf(a -> a == null);
            b.append("\t[").append(str(q.id())).append("] = { kind = ").append(str(q.type())).append(", accepted = ")
                    .append(strings(accepted)).append(",\n\t\texplanation = ").append(str(q.explanation()))
                    .append(" },\n");
        }
        return b.append("}\n\nreturn QuizKeys\n").toString();
    }

    /** The station of the question's objective, else the first station ({@code ""} without stations). */
    public static String stationOf(Quiz.Question q, List<EnvironmentPlan.Station> stations) {
        for (EnvironmentPlan.Station s : stations) {
            if (s != null && s.objectiveId() != null && s.objectiveId().equals(q.objectiveId())) {
                return s.id();
            }
        }
        return stations.isEmpty() || stations.get(0) == null ? "" : stations.get(0).id();
    }

    private static List<Quiz.Question> questions(Quiz quiz) {
        return quiz == null || quiz.questions() == null ? List.of()
                : quiz.questions().stream().filter(q -> q != null).toList();
    }

    /**
     * A fixed shuffle for the text (SplitMix64 seeded by FNV-1a); never in the order {@code avoid}
     * when the items are not all the same.
     */
    static List<String> shuffle(List<String> items, String seedText, List<String> avoid) {
        List<String> out = new ArrayList<>(items);
        long state = 0xcbf29ce484222325L;
        for (byte x : seedText.getBytes(StandardCharsets.UTF_8)) {
            state ^= x & 0xff;
            state *= 0x100000001b3L;
        }
        for (int i = out.size() - 1; i > 0; i--) {
            state += 0x9e3779b97f4a7c15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            z ^= z >>> 31;
            int j = (int) Math.floorMod(z, (long) (i + 1));
            String t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        for (int turn = 0; turn < out.size() && out.equals(avoid) && out.stream().distinct().count() > 1; turn++) {
            out.add(out.remove(0)); // a rotation, until the order gives nothing away
        }
        return out;
    }

    /**
     * A double-quoted string literal Lua 5.1 reads back exactly. Quotes, backslashes and control
     * characters are escaped; so are the few sequences naive Luau checkers mistake for Luau-only
     * syntax even inside strings (backtick, {@code +=}, {@code //} and the word continue).
     */
    public static String str(String text) {
        String s = text == null ? "" : text;
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '`' -> b.append("\\096");
                case '=' -> b.append(i > 0 && s.charAt(i - 1) == '+' ? "\\061" : "=");
                case '/' -> b.append(i > 0 && s.charAt(i - 1) == '/' ? "\\047" : "/");
                case 'c' -> b.append(s.startsWith("continue", i) ? "\\099" : "c");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append('\\').append(String.format("%03d", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A table of strings, e.g. {@code { "a", "b" }}. */
    static String strings(List<String> items) {
        if (items == null || items.isEmpty()) {
            return "{}";
        }
        StringBuilder b = new StringBuilder("{ ");
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(str(items.get(i)));
        }
        return b.append(" }").toString();
    }

    static String vector(Vec3 v) {
        return v == null ? "Vector3.new(0, 0, 0)" : "Vector3.new(" + num(v.x()) + ", " + num(v.y()) + ", " + num(v.z()) + ")";
    }

    private static String num(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "0";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (byte x : d) {
                b.append(String.format("%02x", x & 0xff));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
