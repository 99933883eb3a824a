package org.toolboxai.provider.offline.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.dictionary.Dictionary;
import org.toolboxai.api.model.ChatModelProvider;
import org.toolboxai.api.model.LessonFacts;
import org.toolboxai.api.model.ModelException;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;

/**
 * The embedded default model provider: needs no network and no key. It generates from the
 * structured facts ({@link LessonFacts}), not from the prompt text, deterministically: randomness is seeded from a
 * hash of the task, the facts and the feedback, so the same request gets the same answer.
 */
@Component(service = ChatModelProvider.class, property = "provider.name=offline")
public class OfflineChatModelProvider implements ChatModelProvider {

    static final String NAME = "offline";
    static final String MODEL = "offline-1";

    @Override
    public String name() {
        return NAME;
    }

    /** Real meanings for the vocabulary, when the dictionary bundle is installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Dictionary dictionary;

    @Override
    public String model() {
        return MODEL;
    }

    /** The tasks this generator was made for; it cannot solve or rate (the swarm's tasks). */
    static final java.util.Set<String> TASKS = java.util.Set.of("curriculum", "environment", "quiz", "script", "review",
            "course_outline");

    @Override
    public boolean answers(String task) {
        return task != null && TASKS.contains(task.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public ModelReply complete(ModelRequest request) throws ModelException {
        if (request == null || request.task() == null) {
            throw new ModelException("the request names no task", false, null);
        }
        String task = request.task().trim().toLowerCase(Locale.ROOT);
        LessonFacts facts = request.facts();
        String answer;
        List<String> limitations = List.of();
        try {
            Rng rng = Rng.of(task + "\n" + Json.write(facts) + "\n" + (request.feedback() == null ? "" : request.feedback()));
            Brief brief = Brief.of(facts);
            if (task.equals("curriculum")) {
                limitations = limitations(brief);
            }
            LessonPlan plan = facts.lessonPlan();
            answer = Json.write(switch (task) {
                case "curriculum" -> LessonPlanner.plan(brief, rng, dictionary);
                case "environment" -> EnvironmentPlanner.plan(brief, plan, rng);
                case "quiz" -> QuizMaker.quiz(brief, plan, rng);
                case "script" -> {
                    EnvironmentPlan environment = facts.environment();
                    if (environment == null) {
                        environment = EnvironmentPlanner.plan(brief, plan, rng.fork("environment"));
                    }
                    Quiz quiz = facts.quiz();
                    yield LuauScripts.scripts(environment, quiz, plan != null && plan.title() != null ? plan.title()
                            : brief.subject());
                }
                case "review" -> Reviewer.review(brief, plan, facts.environment(), facts.quiz(), request.feedback());
                case "course_outline" -> CourseOutliner.outline(brief, facts.course() == null ? 1 : facts.course().instances());
                default -> throw new ModelException("The offline provider cannot do the task '" + request.task()
                        + "'; it answers curriculum, environment, quiz, script, review and course_outline.", false, null);
            });
        } catch (RuntimeException e) {
            // facts this generator cannot use; trying the same request again gives the same result
            throw new ModelException("The offline provider could not generate '" + task + "': " + e.getMessage(), false, e);
        }
        return new ModelReply(answer, MODEL, tokens(request.system()) + tokens(request.prompt()), tokens(answer), limitations);
    }

    /**
     * What this generator cannot teach in the request: a subject other than mathematics (a
     * scaffold), or a mathematics objective whose skill it has no exercises for (its questions are
     * then vocabulary, never exercises of another skill).
     */
    static List<String> limitations(Brief brief) {
        if (!brief.mathSubject()) {
            return List.of(scaffold(brief));
        }
        return brief.objectives().stream().filter(o -> MathExercises.topics(o, true).isEmpty())
                .map(o -> "The offline generator cannot teach \"" + o + "\": it has exercises for counting, place value, the "
                        + "four operations, fractions, decimals, percentages, ratios, integers, order of operations, powers "
                        + "and roots, equations, inequalities, systems, quadratics, slope, the Pythagorean theorem, area, "
                        + "perimeter, volume, circles, angles, mean/median/mode and probability, and this objective names none "
                        + "of them. Rephrase it with its skill, or configure a model provider.")
                .toList();
    }

    /** Why a lesson outside mathematics is only a scaffold, and what to do about it. */
    static String scaffold(Brief brief) {
        return "Scaffold only: the offline generator knows no " + brief.subject() + "; the lesson has its structure, "
                + "timing and stations, but its vocabulary and questions come from the objectives' words, not from "
                + "subject knowledge. Configure a model provider for real content: provider = openai in "
                + "etc/org.toolboxai.agents.cfg (README: The OpenAI-compatible provider).";
    }

    /** About four characters per token. */
    static long tokens(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }
}
