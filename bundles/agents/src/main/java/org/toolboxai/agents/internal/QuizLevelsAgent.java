package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.content.Difficulty;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Provenance;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.model.LessonFacts;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * {@code agent.quiz_levels}: multi-level question generation for an item bank. For each difficulty
 * band the calibration step planned ({@code bands}: level, b), the quiz agent writes
 * {@code questions_per_level} questions at that band's difficulty, checked by the same quality
 * checks as a lesson's quiz (answer keys recomputed, repeats, objectives). Output {@code levels}:
 * one entry per band with its quiz.
 */
@Component(service = StepHandler.class)
public class QuizLevelsAgent implements StepHandler {

    static final String TYPE = "agent.quiz_levels";

    private final QuizAgent quiz;

    /** Uses the active model provider, as the quiz agent does. */
    @Activate
    public QuizLevelsAgent(@Reference ModelProviders providers) {
        this.quiz = new QuizAgent(providers);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StepResult execute(StepContext context) throws Exception {
        ContentBrief base = ContentBrief.of(context.parameters());
        Upstream upstream = Upstream.of(context.inputs());
        List<Map<String, Object>> bands = bands(upstream.outputs().get("bands"));
        int perLevel = context.parameters().get("questions_per_level") instanceof Number n ? n.intValue() : 5;
        List<LessonPlan.Objective> objectives = new ArrayList<>();
        for (int i = 0; i < base.objectives().size(); i++) {
            objectives.add(new LessonPlan.Objective("obj" + (i + 1), base.objectives().get(i)));
        }
        // the objectives the questions name: a plan with only those, so the checks hold each question to one
        LessonPlan plan = new LessonPlan("Adaptive assessment: " + base.subject(), base.subject(), base.gradeLevel(), null, objectives,
                List.of(), List.of(), base.standards());
        Upstream withPlan = new Upstream(plan, null, null, List.of(), upstream.provenance(), upstream.outputs());
        List<Map<String, Object>> levels = new ArrayList<>();
        List<Object> provenance = new ArrayList<>();
        upstream.provenance().forEach(p -> provenance.add(Json.map(p)));
        int count = bands.size();
        for (Map<String, Object> band : bands) {
            if (context.cancelled()) {
                throw new InterruptedException("cancelled");
            }
            int level = ((Number) band.get("level")).intValue();
            Shift shift = shift(level, count);
            ContentBrief brief = new ContentBrief(base.subject(), base.gradeLevel(), base.gradeNumber(), base.objectives(),
                    base.environment(), base.minutes(), true, perLevel, base.questionTypes(), shift.difficulty(), base.standards());
            LessonFacts facts = new LessonFacts(brief.asRequest(), new LessonFacts.CoursePlace(level, count, shift.rank()), plan, null,
                    null);
            AgentStep.Produced<Quiz> produced = quiz.produce(context, brief, withPlan, facts);
            // a bank takes only questions the checks passed: one with a finding of its own is left out,
            // with the finding, for the teacher to see in the run
            List<Quiz.Question> kept = new ArrayList<>();
            List<Map<String, Object>> excluded = new ArrayList<>();
            for (Quiz.Question q : produced.value().questions() == null ? List.<Quiz.Question>of() : produced.value().questions()) {
                List<String> findings = produced.failing().stream()
                        .filter(f -> f.part() != null && (f.part().equals("quiz." + q.id()) || f.part().startsWith("quiz." + q.id() + ".")))
                        .map(f -> f.check() + ": " + f.message()).toList();
                if (findings.isEmpty()) {
                    kept.add(q);
                } else {
                    excluded.add(Map.of("id", String.valueOf(q.id()), "findings", findings));
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("level", level);
            entry.put("b", band.get("b"));
            entry.put("difficulty", shift.difficulty().toString());
            entry.put("quiz", Json.map(new Quiz(produced.value().title(), kept)));
            entry.put("excluded", excluded);
            levels.add(entry);
            provenance.add(Json.map(produced.provenance()));
        }
        Map<String, Object> out = new LinkedHashMap<>(upstream.outputs());
        out.put("objectives", Json.convert(objectives, new com.fasterxml.jackson.core.type.TypeReference<List<Object>>() { }));
        out.put("levels", levels);
        out.put("provenance", provenance);
        return StepResult.of(out);
    }

    /** A band's difficulty and course rank for the generators: monotone from easy to hard over the levels. */
    record Shift(Difficulty difficulty, int rank) {
    }

    /**
     * The difficulty of level {@code level} of {@code levels}: a grade shift from -1 to +5 spread
     * over the levels, written as easy / medium / hard plus a rank (a generator without a language
     * model reads the grade shift from both; a language model reads the band in the prompt).
     */
    static Shift shift(int level, int levels) {
        int s = levels <= 1 ? 0 : (int) Math.round(-1 + 6.0 * (level - 1) / (levels - 1));
        return switch (s) {
            case -1 -> new Shift(Difficulty.EASY, 0);
            case 0 -> new Shift(Difficulty.MEDIUM, 0);
            case 1 -> new Shift(Difficulty.MEDIUM, 2);
            case 2 -> new Shift(Difficulty.HARD, 0);
            case 3 -> new Shift(Difficulty.HARD, 2);
            case 4 -> new Shift(Difficulty.HARD, 3);
            default -> new Shift(Difficulty.HARD, 4);
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> bands(Object raw) {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw FailureException.invalidOutput("the difficulty calibration handed over no bands");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("level") instanceof Number)) {
                throw FailureException.invalidOutput("a difficulty band without a level: " + o);
            }
            out.add((Map<String, Object>) m);
        }
        return out;
    }
}
