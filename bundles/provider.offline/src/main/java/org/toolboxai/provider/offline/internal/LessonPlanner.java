package org.toolboxai.provider.offline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LessonPlan.Activity;
import org.toolboxai.api.content.LessonPlan.Objective;

/**
 * The curriculum task: objectives phrased as outcomes, timed activities that add up to the
 * lesson's length exactly (at least one per objective), vocabulary, and only the teacher's standards.
 */
final class LessonPlanner {

    /** Below this many minutes per activity, optional activities are left out. */
    private static final int MIN_MINUTES_PER_ACTIVITY = 4;

    private static final Set<String> VERBS = Set.of("add", "analyze", "analyse", "apply", "build", "calculate", "classify",
            "compare", "compute", "construct", "contrast", "convert", "count", "create", "define", "demonstrate", "describe",
            "design", "determine", "discuss", "distinguish", "divide", "draw", "estimate", "evaluate", "examine", "explain",
            "explore", "find", "graph", "identify", "interpret", "investigate", "label", "list", "locate", "measure",
            "model", "multiply", "name", "order", "plan", "predict", "read", "recognize", "recognise", "represent", "recall",
            "simplify", "solve", "sort", "subtract", "summarize", "summarise", "understand", "use", "write");

    private enum Kind {
        WARMUP(2), LEARN(3), STATION(4), PRACTICE(3), CLOSE(3);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    private record Slot(Kind kind, int objective) {
    }

    /** From this grade on, the lesson speaks to older learners (longer sentences, academic words). */
    static final int ACADEMIC_GRADE = 8;

    private LessonPlanner() {
    }

    static LessonPlan plan(Brief brief, Rng rng) {
        return plan(brief, rng, null);
    }

    /** The plan; its vocabulary takes the dictionary's meanings for words the glossary lacks. */
    static LessonPlan plan(Brief brief, Rng rng, org.toolboxai.api.dictionary.Dictionary dictionary) {
        Themes.Theme theme = Themes.of(brief.environment());
        List<Objective> objectives = objectives(brief);
        List<Activity> activities = activities(brief, objectives, theme, rng);
        return new LessonPlan(title(brief, theme), brief.subject(), brief.gradeLevel(), summary(brief, theme),
                objectives, activities, Glossary.vocabulary(brief.subject(), brief.objectives(), dictionary), brief.standards());
    }

    static List<Objective> objectives(Brief brief) {
        List<Objective> objectives = new ArrayList<>();
        for (int i = 0; i < brief.objectives().size(); i++) {
            String objective = brief.objectives().get(i);
            boolean skill = !MathExercises.topics(objective, brief.mathSubject()).isEmpty();
            objectives.add(new Objective("obj" + (i + 1), outcome(objective, skill)));
        }
        return objectives;
    }

    /**
     * A measurable outcome: something learners do and how well. "Fractions" (a skill the generator
     * has exercises for) becomes "Learners will be able to solve exercises on fractions, getting at
     * least 4 of 5 right."; "Photosynthesis" "Learners will be able to describe and explain
     * photosynthesis in their own words."
     */
    static String outcome(String objective, boolean skill) {
        String text = objective.trim().replaceAll("[.!]+$", "");
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("students will") || lower.startsWith("learners will") || lower.startsWith("i can")) {
            return text + ".";
        }
        String criterion = skill ? ", getting at least 4 of 5 right." : " in their own words.";
        String first = lower.split("\\s+")[0];
        if (VERBS.contains(first)) {
            return "Learners will be able to " + lower.charAt(0) + text.substring(1) + criterion;
        }
        return "Learners will be able to " + (skill ? "solve exercises on " : "describe and explain ") + sentenceCase(text)
                + criterion;
    }

    /**
     * Lower-cases the first letter for use inside a sentence, unless the first word is an acronym
     * or starts a name ("World War II", "Newton's Laws"); articles are always lower-cased.
     */
    static String sentenceCase(String text) {
        String[] words = text.split("\\s+");
        String first = words[0];
        boolean article = Set.of("The", "A", "An").contains(first) && words.length > 1;
        boolean acronym = first.length() > 1 && Character.isUpperCase(first.charAt(1));
        boolean name = words.length > 1 && !words[1].isEmpty() && Character.isUpperCase(words[1].charAt(0));
        return article || !(acronym || name) ? Character.toLowerCase(text.charAt(0)) + text.substring(1) : text;
    }

    /** The objective as a name: never cut (a cut word reads as a mistake), only its final full stop dropped. */
    static String shortName(String objective) {
        return objective.trim().replaceAll("[.!]+$", "");
    }

    private static List<Activity> activities(Brief brief, List<Objective> objectives, Themes.Theme theme, Rng rng) {
        int n = objectives.size();
        int total = brief.minutes();
        List<Slot> slots = slots(n, total);
        int[] weights = slots.stream().mapToInt(s -> s.kind().weight).toArray();
        int[] minutes = allocate(total, weights);
        List<Activity> activities = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            String goal = shortName(brief.objectives().get(slot.objective()));
            String inSentence = sentenceCase(goal);
            String id = objectives.get(slot.objective()).id();
            int station = slot.objective() + 1;
            List<MathExercises.Topic> topics = MathExercises.topics(brief.objectives().get(slot.objective()), brief.mathSubject());
            Rng exercises = rng.fork("exercises " + i);
            boolean academic = brief.gradeNumber() >= ACADEMIC_GRADE;
            String lobby = theme.lobby().toLowerCase(Locale.ROOT);
            String stationName = theme.stationName().toLowerCase(Locale.ROOT);
            activities.add(switch (slot.kind()) {
                case WARMUP -> new Activity("Warm-up: " + goal, id, minutes[i], academic
                        ? "Activate prior knowledge at the " + lobby + " in " + theme.place() + ": summarize individually what "
                                + "you already understand about " + inSentence + ", then formulate one question you would like "
                                + "to investigate during the lesson."
                        : rng.pick(List.of("Meet at the " + lobby + " in " + theme.place() + ". Share what you already know about "
                                + inSentence + " and one question you have.",
                        "Look around " + theme.place() + " and predict what you will learn today. Tell a partner one idea about "
                                + inSentence + ".")));
                case LEARN -> new Activity("Mini-lesson " + station + ": " + goal, id, minutes[i], topics.isEmpty()
                        ? (academic ? "Following a concise explanation of " + inSentence + ", identify two significant facts and "
                                + "paraphrase them accurately in your own notes."
                                : "Listen to a short explanation of " + inSentence + " and write down two key facts in your own words.")
                        : workedExample(MathExercises.problem(topics.get(0), brief.level(), exercises), academic));
                case STATION -> new Activity(theme.stationName() + " " + station + ": " + goal, id, minutes[i], academic
                        ? "Proceed to " + stationName + " " + station + " in " + theme.place() + ", activate its prompt and complete "
                                + "the challenge about " + inSentence + "; every correct response contributes points to your "
                                + "individual total."
                        : "Walk to " + stationName + " " + station + " in " + theme.place() + ", open its prompt and solve the "
                                + "challenge about " + inSentence + ". Each correct answer earns points.");
                case PRACTICE -> new Activity("Practice " + station + ": " + goal, id, minutes[i], topics.isEmpty()
                        ? (academic ? "Collaboratively construct an original example illustrating " + inSentence
                                + ", then evaluate each other's reasoning."
                                : "With a partner, write one example of " + inSentence + " and check each other's work.")
                        : practice(topics, brief.level(), exercises, academic));
                case CLOSE -> new Activity(brief.includeQuiz() ? "Quiz challenge and exit ticket" : "Exit ticket", id, minutes[i],
                        (brief.includeQuiz() ? academic ? "Complete the quiz questions at the stations and reflect on your "
                                + "overall performance. " : "Answer the quiz questions at the stations and look at your points. " : "")
                                + exitTicket(topics, brief.level(), exercises, inSentence, academic));
            });
        }
        return activities;
    }

    /** The demonstration of a skill: one exercise worked through, its answer and why. */
    static String workedExample(Problem p, boolean academic) {
        return academic
                ? "Worked example, demonstrated and annotated step by step: " + p.question() + " " + p.explanation()
                        + " Afterwards, attempt an analogous exercise independently and justify every step to a partner."
                : "Worked example, step by step on the board: " + p.question() + " " + p.explanation()
                        + " Then try the same kind of exercise with a partner.";
    }

    /** Three exercises of the objective's skills, written out, to solve alone and then compare. */
    static String practice(List<MathExercises.Topic> topics, int level, Rng rng, boolean academic) {
        StringBuilder s = new StringBuilder(academic ? "Independent practice, followed by a comparison with a partner and a "
                + "discussion of any discrepancies:" : "Solve on your own, then compare answers with a partner:");
        for (int k = 1; k <= 3; k++) {
            s.append(" (").append(k).append(") ").append(MathExercises.problem(topics.get((k - 1) % topics.size()), level, rng).question());
        }
        return s.toString();
    }

    /** One last question each learner answers alone before leaving, so the teacher sees who got it. */
    static String exitTicket(List<MathExercises.Topic> topics, int level, Rng rng, String goal, boolean academic) {
        String ticket = academic ? "Exit ticket, completed individually and collected for formative assessment: "
                : "Exit ticket: before you leave, answer on a card and hand it in: ";
        return topics.isEmpty()
                ? ticket + (academic ? "summarize " + goal + " in one precise sentence." : "write one sentence about " + goal + ".")
                : ticket + MathExercises.problem(topics.get(0), level, rng).question();
    }

    /** The activities' order: optional ones only when each activity still gets a few minutes. */
    private static List<Slot> slots(int n, int total) {
        boolean close = (n + 1) * MIN_MINUTES_PER_ACTIVITY <= total;
        boolean warmup = close && (n + 2) * MIN_MINUTES_PER_ACTIVITY <= total;
        boolean learn = warmup && (2 * n + 2) * MIN_MINUTES_PER_ACTIVITY <= total;
        boolean practice = learn && (3 * n + 2) * MIN_MINUTES_PER_ACTIVITY <= total;
        List<Slot> slots = new ArrayList<>();
        if (warmup) {
            slots.add(new Slot(Kind.WARMUP, 0));
        }
        for (int i = 0; i < n; i++) {
            if (learn) {
                slots.add(new Slot(Kind.LEARN, i));
            }
            slots.add(new Slot(Kind.STATION, i));
            if (practice) {
                slots.add(new Slot(Kind.PRACTICE, i));
            }
        }
        if (close) {
            slots.add(new Slot(Kind.CLOSE, n - 1));
        }
        return slots;
    }

    /**
     * Splits the minutes by weight (largest remainder), at least 1 each; the parts add up to the
     * total whenever it is at least the number of parts.
     */
    static int[] allocate(int total, int[] weights) {
        int n = weights.length;
        int[] minutes = new int[n];
        java.util.Arrays.fill(minutes, 1);
        int rest = total - n;
        if (rest <= 0) {
            return minutes;
        }
        long weightSum = java.util.Arrays.stream(weights).sum();
        long[] remainders = new long[n];
        int given = 0;
        for (int i = 0; i < n; i++) {
            long share = (long) rest * weights[i];
            minutes[i] += (int) (share / weightSum);
            given += (int) (share / weightSum);
            remainders[i] = share % weightSum;
        }
        for (int left = rest - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            minutes[best]++;
            remainders[best] = -1;
        }
        return minutes;
    }

    private static String title(Brief brief, Themes.Theme theme) {
        List<String> objectives = brief.objectives();
        String topic = objectives.size() == 1 ? shortName(objectives.get(0))
                : objectives.size() == 2 ? shortName(objectives.get(0)) + " and " + sentenceCase(shortName(objectives.get(1)))
                : brief.subject() + ": " + shortName(objectives.get(0)) + " and More";
        String place = theme.place().replaceFirst("^the ", "");
        String title = topic + " in the " + titleCase(place);
        if (title.length() > 90) {
            title = brief.subject() + " in the " + titleCase(place);
        }
        String capitalised = Character.toUpperCase(title.charAt(0)) + title.substring(1);
        return brief.instance() > 0 ? "Lesson " + brief.instance() + ": " + capitalised : capitalised;
    }

    private static String titleCase(String text) {
        StringBuilder b = new StringBuilder();
        for (String w : text.split(" ")) {
            b.append(b.length() == 0 ? "" : " ").append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return b.toString();
    }

    private static String summary(Brief brief, Themes.Theme theme) {
        int n = brief.objectives().size();
        StringBuilder s = new StringBuilder();
        s.append("A ").append(brief.minutes()).append("-minute ").append(brief.subject()).append(" lesson for ")
                .append(brief.gradeName()).append(" learners, set in ").append(theme.place()).append(". Learners visit ")
                .append(n).append(n == 1 ? " station" : " stations").append(", one per objective, covering ")
                .append(String.join("; ", brief.objectives().stream().map(LessonPlanner::shortName).toList())).append(".");
        if (brief.includeQuiz()) {
            String count = Integer.toString(brief.questionCount());
            // "an 8-question quiz", "an 11-question quiz", "a 5-question quiz"
            boolean vowelSound = count.startsWith("8") || count.equals("11") || count.equals("18");
            s.append(vowelSound ? " An " : " A ").append(count).append("-question ").append(brief.difficulty())
                    .append(" quiz checks understanding at the stations.");
        }
        if (brief.instance() > 0) {
            s.append(" Lesson ").append(brief.instance()).append(" of a course");
            s.append(brief.difficultyRank() > 0 ? " (difficulty rank " + brief.difficultyRank() + ")." : ".");
        }
        if (brief.minutes() < n) {
            s.append(" Note: ").append(brief.minutes()).append(" minutes are fewer than the ").append(n)
                    .append(" objectives, so each objective gets a 1-minute activity.");
        }
        return s.toString();
    }
}
