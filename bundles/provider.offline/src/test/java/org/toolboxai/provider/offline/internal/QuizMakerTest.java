package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.Quiz.Question;

class QuizMakerTest {

    static final List<String> ALL_TYPES = List.of("multiple_choice", "true_false", "short_answer", "fill_blank", "matching",
            "ordering");
    private static final List<List<String>> MATH_OBJECTIVES = List.of(List.of("Fractions", "Decimals"),
            List.of("Add and subtract fractions with unlike denominators"), List.of("Percentages", "Ratios and rates"),
            List.of("Solve one-step and two-step equations"), List.of("Area and perimeter of rectangles"),
            List.of("Angles in a triangle", "Place value"), List.of("Convert fractions to decimals and percent"),
            List.of("Fractions", "Decimals", "Percent", "Ratio", "Equations", "Area", "Perimeter", "Angles"));
    private static final List<List<String>> OTHER_OBJECTIVES = List.of(List.of("Explain photosynthesis", "The water cycle"),
            List.of("Causes of World War II"), List.of("Identify nouns, verbs and adjectives", "Write a narrative"),
            List.of("Zyx qwv"), List.of("Describe forces and motion", "Gravity", "Friction", "Energy"));

    /** A varied request for a seed. */
    static Map<String, Object> request(int seed, boolean math) {
        List<List<String>> pool = math ? MATH_OBJECTIVES : OTHER_OBJECTIVES;
        List<String> types = new ArrayList<>();
        for (int i = 0; i < ALL_TYPES.size(); i++) {
            if (((seed * 7 + 3) >> i & 1) == 1) {
                types.add(ALL_TYPES.get((i + seed) % ALL_TYPES.size()));
            }
        }
        types = types.stream().distinct().toList();
        String difficulty = List.of("easy", "medium", "hard").get(seed % 3);
        return Requests.request(math ? "Mathematics" : List.of("Science", "History", "English").get(seed % 3), seed % 14,
                pool.get(seed % pool.size()), org.toolboxai.api.content.EnvironmentType.wireNames().get(seed % 6), 30 + seed % 60, 1 + seed % 24, types, difficulty,
                List.of());
    }

    static Quiz quiz(Map<String, Object> request, int seed, boolean withPlan) throws Exception {
        Map<String, Object> context = Requests.context(request);
        if (seed % 5 > 0) {
            context.put("instance", 1 + seed % 4);
            context.put("instances", 4);
            context.put("difficulty_rank", 1 + seed % 4);
        }
        if (withPlan) {
            context.put("lesson_plan", Requests.asJson(Requests.curriculum(context)));
        }
        return Requests.answer("quiz", context, Quiz.class);
    }

    @Test
    void exactCountTypesCycledOptionsWellFormed() throws Exception {
        for (int seed = 0; seed < 300; seed++) {
            boolean math = seed % 2 == 0;
            Map<String, Object> request = request(seed, math);
            Brief brief = Brief.of(Requests.facts(Map.of("request", request)));
            Quiz quiz = quiz(request, seed, seed % 3 != 0);
            String at = "seed " + seed;
            assertThat(quiz.questions()).as(at).hasSize(brief.questionCount());
            for (int i = 0; i < quiz.questions().size(); i++) {
                Question q = quiz.questions().get(i);
                assertThat(q.id()).isEqualTo("q" + (i + 1));
                assertThat(q.type()).as(at).isEqualTo(brief.questionTypes().get(i % brief.questionTypes().size()));
                wellFormed(q, at + " " + q.id());
                assertThat(q.objectiveId()).matches("obj[1-9][0-9]?");
                assertThat(Integer.parseInt(q.objectiveId().substring(3))).isLessThanOrEqualTo(brief.objectives().size());
            }
            if (brief.questionCount() >= brief.objectives().size()) {
                for (int o = 1; o <= brief.objectives().size(); o++) {
                    String id = "obj" + o;
                    assertThat(quiz.questions()).as(at + " covers " + id).anyMatch(q -> q.objectiveId().equals(id));
                }
            }
        }
    }

    @Test
    void defaultTypesAreMultipleChoiceAndTrueFalse() throws Exception {
        Quiz quiz = quiz(Requests.request("Science", 5, List.of("Photosynthesis"), "outdoor", 30, 5, List.of(), "medium",
                List.of()), 0, false);
        assertThat(quiz.questions()).extracting(Question::type).containsExactly("multiple_choice", "true_false",
                "multiple_choice", "true_false", "multiple_choice");
    }

    @Test
    void pointsFollowDifficulty() {
        Map<String, Object> easy = Requests.request("Science", 5, List.of("Cells"), "outdoor", 30, 5, List.of(), "easy", List.of());
        Map<String, Object> hard = Requests.request("Science", 5, List.of("Cells"), "outdoor", 30, 5, List.of(), "hard", List.of());
        for (String type : ALL_TYPES) {
            assertThat(QuizMaker.points(Brief.of(Requests.facts(Map.of("request", easy))), type))
                    .isLessThan(QuizMaker.points(Brief.of(Requests.facts(Map.of("request", hard))), type));
        }
    }

    /** The mathematics is checked by the independent oracle, options and all, for every type. */
    @Test
    void mathAnswerKeysAreRightByIndependentComputation() throws Exception {
        int verified = 0;
        for (int seed = 0; seed < 400; seed++) {
            Map<String, Object> request = request(seed, true);
            @SuppressWarnings("unchecked")
            Map<String, Object> quizSpec = (Map<String, Object>) request.get("quiz");
            quizSpec.put("question_types", ALL_TYPES);
            quizSpec.put("question_count", 6 + seed % 7);
            Quiz quiz = quiz(request, seed, seed % 2 == 0);
            for (Question q : quiz.questions()) {
                verifyMath(q, "seed " + seed + " " + q.id() + " " + q.prompt());
                verified++;
            }
        }
        assertThat(verified).isGreaterThan(3000);
    }

    static void verifyMath(Question q, String at) {
        switch (q.type()) {
            case "multiple_choice" -> {
                MathOracle.Q right = MathOracle.solve(q.prompt()).orElseThrow(() -> new AssertionError("unknown: " + at));
                assertThat(MathOracle.value(q.answer().get(0)).compare(right)).as(at).isZero();
                assertThat(MathOracle.lowestTerms(q.answer().get(0))).as(at).isTrue();
                long correct = q.options().stream().filter(o -> MathOracle.value(o).compare(right) == 0).count();
                assertThat(correct).as(at + " options " + q.options()).isEqualTo(1);
            }
            case "true_false" -> {
                String[] parts = MathOracle.split(q.prompt().substring("True or false: ".length()));
                MathOracle.Q right = MathOracle.solve(parts[0]).orElseThrow(() -> new AssertionError("unknown: " + at));
                boolean truth = MathOracle.value(parts[1]).compare(right) == 0;
                assertThat(q.answer()).as(at).containsExactly(Boolean.toString(truth));
            }
            case "short_answer", "fill_blank" -> {
                MathOracle.Q right = MathOracle.solve(q.prompt()).orElseThrow(() -> new AssertionError("unknown: " + at));
                assertThat(MathOracle.value(q.answer().get(0)).compare(right)).as(at).isZero();
                assertThat(MathOracle.lowestTerms(q.answer().get(0))).as(at).isTrue();
            }
            case "matching" -> {
                for (String pair : q.answer()) {
                    String[] lr = pair.split(" => ");
                    MathOracle.Q right = MathOracle.solve(lr[0]).orElseThrow(() -> new AssertionError("unknown: " + pair + " " + at));
                    assertThat(MathOracle.value(lr[1]).compare(right)).as(at + " " + pair).isZero();
                }
            }
            case "ordering" -> {
                List<MathOracle.Q> values = new ArrayList<>();
                for (String item : q.answer()) {
                    values.add(MathOracle.solve(item).or(() -> java.util.Optional.of(MathOracle.orderValue(item))).get());
                }
                for (int i = 1; i < values.size(); i++) {
                    assertThat(values.get(i - 1).compare(values.get(i))).as(at + " " + q.answer()).isNegative();
                }
            }
            default -> throw new AssertionError("unexpected type " + q.type());
        }
    }

    /** Checks that hold for every question, maths or not. */
    static void wellFormed(Question q, String at) {
        assertThat(q.prompt()).as(at).isNotBlank();
        assertThat(q.explanation()).as(at).isNotBlank();
        assertThat(q.points()).as(at).isBetween(1, 10);
        assertThat(q.answer()).as(at).isNotEmpty();
        switch (q.type()) {
            case "multiple_choice" -> {
                assertThat(q.options()).as(at).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();
                assertThat(q.answer()).as(at).hasSize(1);
                assertThat(q.options().stream().filter(o -> o.equals(q.answer().get(0))).count()).as(at).isEqualTo(1);
            }
            case "true_false" -> {
                assertThat(q.options()).as(at).isEmpty();
                assertThat(q.answer()).as(at).hasSize(1).first().isIn("true", "false");
            }
            case "fill_blank" -> {
                assertThat(q.prompt()).as(at).contains("___");
                assertThat(q.options()).isEmpty();
                assertThat(q.answer()).hasSize(1);
            }
            case "short_answer" -> {
                assertThat(q.options()).isEmpty();
                assertThat(q.answer()).hasSize(1);
            }
            case "matching" -> {
                assertThat(q.options()).as(at).hasSizeGreaterThanOrEqualTo(2).allMatch(o -> o.contains(" => "));
                assertThat(q.answer()).as(at).containsExactlyInAnyOrderElementsOf(q.options());
                assertThat(q.options().stream().map(o -> o.split(" => ")[0]).distinct().count()).isEqualTo(q.options().size());
                assertThat(q.options().stream().map(o -> o.split(" => ")[1]).distinct().count()).isEqualTo(q.options().size());
            }
            case "ordering" -> {
                assertThat(q.options()).as(at).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
                assertThat(q.answer()).as(at).containsExactlyInAnyOrderElementsOf(q.options());
                assertThat(q.answer()).as(at).isNotEqualTo(q.options());
            }
            default -> throw new AssertionError("unexpected type " + q.type());
        }
    }

    @Test
    void otherSubjectsAskAboutTheLessonsVocabulary() throws Exception {
        Map<String, Object> request = Requests.request("Science", 5, List.of("Explain photosynthesis", "The water cycle"),
                "laboratory", 45, 12, ALL_TYPES, "medium", List.of());
        Map<String, Object> context = Requests.context(request);
        LessonPlan plan = Requests.curriculum(context);
        context.put("lesson_plan", Requests.asJson(plan));
        Quiz quiz = Requests.answer("quiz", context, Quiz.class);
        List<String> terms = plan.vocabulary().stream().map(LessonPlan.Term::term).toList();
        for (Question q : quiz.questions()) {
            switch (q.type()) {
                case "multiple_choice" -> assertThat(plan.vocabulary()).anyMatch(t -> t.definition().equals(q.answer().get(0)));
                case "short_answer", "fill_blank" -> assertThat(terms).contains(q.answer().get(0));
                case "ordering" -> assertThat(plan.activities().stream().map(LessonPlan.Activity::title).toList())
                        .containsSubsequence(q.answer());
                default -> { }
            }
        }
        assertThat(quiz.questions().get(0).prompt()).isEqualTo("Which statement best describes \"photosynthesis\"?");
    }
}
