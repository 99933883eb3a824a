package org.toolboxai.swarm.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.model.LessonFacts;
import org.toolboxai.api.model.ModelException;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;
import org.toolboxai.api.model.ResponseSchema;
import org.toolboxai.api.swarm.CandidateMaker;
import org.toolboxai.api.swarm.Choice;
import org.toolboxai.api.swarm.QuestionSolver;
import org.toolboxai.api.swarm.Swarm;
import org.toolboxai.api.swarm.SwarmTask;
import org.toolboxai.api.swarm.Verification;

/**
 * The swarm. Verification: every question is answered, without its key, by the first installed
 * deterministic solver that can read it (it alone decides), else by K model solvers in parallel,
 * and its key is accepted when at least the configured share of the K give the key's answer.
 * Consensus: a marked step's candidates are made in parallel, every reviewer scores each against the
 * rubric and votes for its best, and the step's strategy decides. The solvers' and reviewers' calls
 * run on the swarm's bounded, priority-fair pool, through the agents' guarded path (the resource
 * coordinator's permits and budgets); they and the candidates (one call each, counted before a
 * round is made) stay within the package's limit of swarm calls. A candidate's own retries and
 * the quiz's regenerations are the agent's calls, bounded by its attempts and the regenerations.
 */
@Component(service = {Swarm.class, SwarmService.class}, configurationPid = SwarmConfig.PID)
@Designate(ocd = SwarmConfig.class)
public class SwarmService implements Swarm {

    private static final Logger LOG = LoggerFactory.getLogger(SwarmService.class);
    /** How long one swarm task may take before it counts as failed: far above any model's time-out. */
    static final long TASK_TIMEOUT_SECONDS = 600;
    /** Packages whose call counts are remembered; older ones are forgotten (their runs are long done). */
    static final int REMEMBERED_PACKAGES = 10_000;

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final List<QuestionSolver> solvers = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> callsByPackage = lastUsed();
    final Stats stats = new Stats();
    private volatile Settings settings;
    private volatile PriorityPool pool;
    /** Pools replaced by a configuration change: they finish their work, and stop with the swarm. */
    private final List<PriorityPool> retired = new CopyOnWriteArrayList<>();
    /** Where candidates are made: each is a whole generation of the step, beside the pool. */
    private final java.util.concurrent.ExecutorService makers = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "toolbox-swarm-candidate");
        t.setDaemon(true);
        return t;
    });
    private final Clock clock;

    /** Reads the configuration and starts the pool. */
    @Activate
    public SwarmService(SwarmConfig config) {
        this(config, Clock.systemUTC());
    }

    SwarmService(SwarmConfig config, Clock clock) {
        this.clock = clock;
        this.settings = Settings.of(config);
        this.pool = new PriorityPool(Math.max(1, config.pool_size()), Math.max(1, config.queue_size()), clock);
    }

    @Modified
    void modified(SwarmConfig config) {
        Settings next = Settings.of(config);
        PriorityPool old = pool;
        if (old.threads() != Math.max(1, config.pool_size())) {
            pool = new PriorityPool(Math.max(1, config.pool_size()), Math.max(1, config.queue_size()), clock);
            // what the old pool was given still runs there; then its threads end
            old.finish();
            retired.add(old);
        }
        settings = next;
    }

    @Deactivate
    void stop() {
        pool.shutdown();
        retired.forEach(PriorityPool::shutdown);
        makers.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSolver(QuestionSolver solver) {
        solvers.add(solver);
    }

    void removeSolver(QuestionSolver solver) {
        solvers.remove(solver);
    }

    Settings settings() {
        return settings;
    }

    PriorityPool pool() {
        return pool;
    }

    List<String> solverNames() {
        return solvers.stream().map(QuestionSolver::name).toList();
    }

    /** Configuration, pool and counts, for the shell and the health report. */
    public Map<String, Object> status() {
        return SwarmHealth.details(this);
    }

    /** The latest verifications and decisions, newest first. */
    public List<String> recent() {
        return stats.recent();
    }

    @Override
    public int maxRegenerations() {
        return settings.maxRegenerations();
    }

    @Override
    public int candidates(Map<String, Object> stepConfig) {
        if (settings.reviewers().isEmpty() || stepConfig == null || !(stepConfig.get("swarm") instanceof Map<?, ?> mark)) {
            return 0;
        }
        return mark.get("candidates") instanceof Number n ? Math.max(2, Math.min(10, n.intValue())) : 0;
    }

    // ---------------------------------------------------------------- verification

    @Override
    public Verification verify(Quiz quiz, SwarmTask task, Verification previous) throws InterruptedException {
        Settings s = settings;
        List<Quiz.Question> questions = quiz == null || quiz.questions() == null ? List.of() : quiz.questions();
        Map<String, Verification.QuestionCheck> before = new HashMap<>();
        if (previous != null) {
            previous.questions().forEach(q -> before.put(q.questionId(), q));
        }
        Set<String> unable = ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();
        List<CompletableFuture<Verification.QuestionCheck>> checks = new ArrayList<>();
        List<CompletableFuture<?>> submitted = new CopyOnWriteArrayList<>();
        long deadline = deadline();
        for (Quiz.Question raw : questions) {
            Quiz.Question q = clean(raw);
            Verification.QuestionCheck was = before.get(q.id());
            // a question that is as it was (prompt, options and key) keeps its answers: regenerating a quiz costs
            // solver calls only for the questions that changed
            String signature = task.packageId() + "\n" + task.stepId() + "\n" + signature(q);
            List<Verification.SolverAnswer> known = answered.get(signature);
            CompletableFuture<List<Verification.SolverAnswer>> answers = known != null ? CompletableFuture.completedFuture(known)
                    : answers(q, task, s, unable, calls, submitted).thenApply(a -> {
                        if (a.stream().anyMatch(x -> !x.answer().isEmpty())) {
                            answered.put(signature, a);
                        }
                        return a;
                    });
            checks.add(answers.thenApply(a -> decide(q, a, s, was)));
        }
        List<Verification.QuestionCheck> done = new ArrayList<>();
        try {
            for (CompletableFuture<Verification.QuestionCheck> c : checks) {
                done.add(await(c, deadline));
            }
        } catch (InterruptedException | RuntimeException e) {
            cancelAll(submitted);
            throw e;
        } catch (Exception e) {
            cancelAll(submitted);
            throw new IllegalStateException(e.getMessage(), e);
        }
        long confirmed = done.stream().filter(c -> c.decision().equals(Verification.QuestionCheck.ACCEPTED)
                || c.decision().equals(Verification.QuestionCheck.REGENERATED)).count();
        String status = done.isEmpty() || confirmed == 0 && done.stream().noneMatch(c -> c.decision().equals(Verification.QuestionCheck.FLAGGED))
                ? Verification.NOT_VERIFIED
                : confirmed == done.size() ? Verification.VERIFIED : Verification.PARTLY_VERIFIED;
        String note = note(done, unable, s);
        int total = calls.get() + (previous == null ? 0 : previous.modelCalls());
        Verification v = new Verification(status, note, done, total, List.of());
        stats.verified(task, v, calls.get());
        return v;
    }

    /** Recent questions' answers by package, step and question (type, prompt, options, key). */
    private final Map<String, List<Verification.SolverAnswer>> answered = lastUsed();

    /** A map that keeps the most recently used {@value #REMEMBERED_PACKAGES} entries. */
    private static <V> Map<String, V> lastUsed() {
        return java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED_PACKAGES;
            }
        });
    }

    /** A question with its lists never null and free of null elements, as real answers may come. */
    static Quiz.Question clean(Quiz.Question q) {
        return new Quiz.Question(q.id(), q.type(), q.objectiveId(), q.prompt() == null ? "" : q.prompt(), texts(q.options()),
                texts(q.answer()), q.points(), q.explanation());
    }

    private static List<String> texts(List<String> list) {
        return list == null ? List.of() : list.stream().filter(java.util.Objects::nonNull).toList();
    }

    private static String signature(Quiz.Question q) {
        return q.type() + "\n" + q.prompt() + "\n" + q.options() + "\n" + q.answer();
    }

    private String note(List<Verification.QuestionCheck> done, Set<String> unable, Settings s) {
        List<String> parts = new ArrayList<>();
        long deterministic = done.stream().filter(c -> c.solvers().stream().anyMatch(Verification.SolverAnswer::deterministic)).count();
        if (deterministic > 0) {
            parts.add(deterministic + " checked by a deterministic solver");
        }
        long byModels = done.size() - deterministic;
        if (byModels > 0) {
            parts.add(byModels + " put to " + s.solvers() + " model solvers (" + Math.round(s.agreement() * 100) + "% must agree with the key)");
        }
        if (!unable.isEmpty()) {
            parts.add(String.join(", ", unable) + " cannot solve questions: name a model provider in solver.providers ("
                    + "etc/" + SwarmConfig.PID + ".cfg) to verify the ones no deterministic solver reads");
        }
        return String.join("; ", parts);
    }

    /** The answers of the first deterministic solver that reads the question, else of the K model solvers. */
    private CompletableFuture<List<Verification.SolverAnswer>> answers(Quiz.Question q, SwarmTask task, Settings s, Set<String> unable,
            AtomicInteger calls, List<CompletableFuture<?>> submitted) {
        Quiz.Question blind = new Quiz.Question(q.id(), q.type(), q.objectiveId(), q.prompt(), q.options(), List.of(), q.points(), null);
        for (QuestionSolver solver : solvers) {
            Optional<List<String>> answer;
            try {
                answer = solver.solve(blind);
            } catch (RuntimeException e) {
                LOG.warn("Deterministic solver {} failed on a question; the model solvers answer it", solver.name(), e);
                continue;
            }
            if (answer.isPresent()) {
                boolean agrees;
                try {
                    agrees = solver.agrees(answer.get(), q.answer());
                } catch (RuntimeException e) {
                    LOG.warn("Deterministic solver {} failed to compare an answer; the model solvers answer it", solver.name(), e);
                    continue;
                }
                return CompletableFuture.completedFuture(List.of(new Verification.SolverAnswer(solver.name(), true, answer.get(), agrees,
                        null)));
            }
        }
        String active = task.models().activeProvider();
        List<CompletableFuture<Verification.SolverAnswer>> each = new ArrayList<>();
        for (int i = 0; i < s.solvers(); i++) {
            String provider = s.solverProvider(i, active);
            String name = provider + "#" + (i + 1);
            if (unable.contains(provider) || !task.models().answers(provider, "solve")) {
                // a provider that cannot solve is not called (the offline one): no call, no failure for its circuit
                unable.add(provider);
                each.add(CompletableFuture.completedFuture(new Verification.SolverAnswer(name, false, List.of(), false,
                        provider + " cannot solve questions (it does not do the task 'solve')")));
                continue;
            }
            try {
                CompletableFuture<Verification.SolverAnswer> one = pool.submit(task.priority(),
                        () -> solve(name, provider, q, blind, task, s, unable, calls));
                submitted.add(one);
                each.add(one);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                each.add(CompletableFuture.completedFuture(new Verification.SolverAnswer(name, false, List.of(), false, e.getMessage())));
            }
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .handle((ok, e) -> each.stream().map(f -> f.isCompletedExceptionally()
                        ? new Verification.SolverAnswer("?", false, List.of(), false, "the swarm stopped") : f.join()).toList());
    }

    private Verification.SolverAnswer solve(String name, String provider, Quiz.Question q, Quiz.Question blind, SwarmTask task,
            Settings s, Set<String> unable, AtomicInteger calls) {
        if (!unable.contains(provider) && !task.models().answers(provider, "solve")) {
            unable.add(provider);
        }
        if (unable.contains(provider)) {
            return new Verification.SolverAnswer(name, false, List.of(), false, provider + " cannot solve questions (it does not "
                    + "do the task 'solve', or an earlier call said it cannot)");
        }
        if (!takeCall(task.packageId(), s)) {
            return new Verification.SolverAnswer(name, false, List.of(), false, "the package's limit of " + s.callsPerPackage()
                    + " swarm model calls was reached");
        }
        calls.incrementAndGet();
        try {
            ModelReply reply = task.models().ask(provider, "solve", solveRequest(blind, task));
            List<String> answer = parseAnswer(reply.text());
            return new Verification.SolverAnswer(name, false, answer, Answers.agree(q, answer, q.answer()), null);
        } catch (ModelException e) {
            FailureKind kind = e.failure().kind();
            if (!kind.retryable()) {
                unable.add(provider);
            }
            return new Verification.SolverAnswer(name, false, List.of(), false, e.getMessage());
        } catch (Exception e) {
            return new Verification.SolverAnswer(name, false, List.of(), false, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    static final ResponseSchema SOLVE_SCHEMA = new ResponseSchema("answer", "{\"type\":\"object\",\"properties\":{\"answer\":"
            + "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"required\":[\"answer\"],\"additionalProperties\":false}");

    static ModelRequest solveRequest(Quiz.Question blind, SwarmTask task) throws Exception {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("type", blind.type());
        shown.put("prompt", blind.prompt());
        shown.put("options", blind.options() == null ? List.of() : blind.options());
        String system = "You are a careful student solving one quiz question on your own. Work it out step by step in your "
                + "head, then answer with one JSON object only: {\"answer\": [...]}, in the form of the question's type: "
                + "multiple_choice: [the text of the one correct option, exactly as written]; true_false: [\"true\"] or "
                + "[\"false\"]; short_answer and fill_blank: [the answer]; matching: the 'left => right' pairs; ordering: the "
                + "options in the correct order.";
        String prompt = "Question (JSON): " + JSON.writeValueAsString(shown) + "\n\nFacts (JSON): " + facts("solve", task);
        return new ModelRequest("solve", system, prompt, withoutQuiz(task.facts()), null, SOLVE_SCHEMA);
    }

    /** The lesson's facts without a quiz: a solver must never see a key. */
    static LessonFacts withoutQuiz(LessonFacts facts) {
        return facts == null ? null : new LessonFacts(facts.lesson(), facts.course(), facts.lessonPlan(), facts.environment(), null);
    }

    /** The facts as the agents show them: the task and the lesson's facts (never a quiz), snake_case. */
    static String facts(String taskName, SwarmTask task) throws Exception {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("task", taskName);
        if (task.facts() != null) {
            JsonNode facts = JSON.valueToTree(withoutQuiz(task.facts()));
            facts.fields().forEachRemaining(e -> shown.put(e.getKey(), e.getValue()));
        }
        return JSON.writeValueAsString(shown);
    }

    /** {@code {"answer": ["x"]}}, {@code {"answer": "x"}} or a bare list, fenced or not. */
    static List<String> parseAnswer(String text) throws Exception {
        JsonNode node = JSON.readTree(stripFences(text));
        JsonNode answer = node.isArray() ? node : node.path("answer");
        if (answer.isTextual() || answer.isNumber() || answer.isBoolean()) {
            return List.of(answer.asText());
        }
        if (!answer.isArray() || answer.isEmpty()) {
            throw new IllegalArgumentException("the solver's reply has no answer");
        }
        List<String> out = new ArrayList<>();
        answer.forEach(a -> out.add(a.asText()));
        return out;
    }

    static String stripFences(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("```")) {
            t = t.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```\\s*$", "");
        }
        return t;
    }

    /** Takes one of the package's model calls, false when they are used up. */
    boolean takeCall(String packageId, Settings s) {
        return takeCalls(packageId, s, 1);
    }

    /** Takes n of the package's model calls at once, or none when fewer are left. */
    boolean takeCalls(String packageId, Settings s, int n) {
        AtomicInteger used = callsByPackage.computeIfAbsent(packageId, k -> new AtomicInteger());
        while (true) {
            int had = used.get();
            if (had + n > s.callsPerPackage()) {
                stats.limited.incrementAndGet();
                return false;
            }
            if (used.compareAndSet(had, had + n)) {
                stats.modelCalls.addAndGet(n);
                return true;
            }
        }
    }

    /** The package's swarm model calls so far. */
    int callsOf(String packageId) {
        AtomicInteger n = callsByPackage.get(packageId);
        return n == null ? 0 : n.get();
    }

    /** Accepted, regenerated, flagged or unverified, from the answers and what the question was before. */
    static Verification.QuestionCheck decide(Quiz.Question q, List<Verification.SolverAnswer> answers, Settings s,
            Verification.QuestionCheck was) {
        boolean wasDisputed = was != null && (Verification.QuestionCheck.FLAGGED.equals(was.decision())
                || Verification.QuestionCheck.REGENERATED.equals(was.decision()) && was.regenerations() > 0);
        int regenerations = was == null ? 0 : was.regenerations() + (Verification.QuestionCheck.FLAGGED.equals(was.decision()) ? 1 : 0);
        String decision;
        double agreement;
        Optional<Verification.SolverAnswer> deterministic = answers.stream().filter(Verification.SolverAnswer::deterministic).findFirst();
        if (deterministic.isPresent()) {
            agreement = deterministic.get().agrees() ? 1 : 0;
            decision = deterministic.get().agrees() ? Verification.QuestionCheck.ACCEPTED : Verification.QuestionCheck.FLAGGED;
        } else {
            long agreeing = answers.stream().filter(Verification.SolverAnswer::agrees).count();
            long answered = answers.stream().filter(a -> !a.answer().isEmpty()).count();
            agreement = answered == 0 ? 0 : (double) agreeing / answered;
            // as many answers must dispute a key as must confirm it: one dissent among failed solvers proves nothing
            long required = Math.max(1, (long) Math.ceil(s.agreement() * s.solvers() - 1e-9));
            if (agreeing >= required) {
                decision = Verification.QuestionCheck.ACCEPTED;
            } else if (answered - agreeing >= required) {
                decision = Verification.QuestionCheck.FLAGGED;
            } else {
                decision = Verification.QuestionCheck.UNVERIFIED;
            }
        }
        if (decision.equals(Verification.QuestionCheck.ACCEPTED) && wasDisputed) {
            decision = Verification.QuestionCheck.REGENERATED;
        }
        return new Verification.QuestionCheck(q.id(), q.answer(), answers, agreement, decision, regenerations);
    }

    /** The end of a call's time: one deadline for everything it waits for. */
    static long deadline() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(TASK_TIMEOUT_SECONDS);
    }

    /**
     * Waits for a task until the call's deadline; its failure is rethrown as it was (a model's
     * {@link org.toolboxai.api.failure.FailureException} keeps its kind).
     */
    private static <T> T await(CompletableFuture<T> future, long deadline) throws Exception {
        try {
            return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception x) {
                throw x;
            }
            throw new IllegalStateException(String.valueOf(cause), cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IllegalStateException("the swarm's work for this step took longer than " + TASK_TIMEOUT_SECONDS + " s");
        }
    }

    /** Cancels what is still queued or running, when the caller stops waiting for it. */
    private static void cancelAll(java.util.Collection<? extends CompletableFuture<?>> futures) {
        futures.forEach(f -> f.cancel(true));
    }

    // ---------------------------------------------------------------- consensus

    @Override
    public Choice choose(SwarmTask task, Map<String, Object> stepConfig, CandidateMaker maker) throws Exception {
        Settings s = settings;
        int count = candidates(stepConfig);
        if (count < 2) {
            throw new IllegalStateException("the step is not marked for candidates, or no reviewers are configured");
        }
        Map<?, ?> mark = (Map<?, ?>) stepConfig.get("swarm");
        Consensus.Strategy strategy = mark.get("strategy") instanceof String name ? Consensus.Strategy.of(name) : s.strategy();
        List<Verification.Score> scores = new ArrayList<>();
        List<Verification.Vote> votes = new ArrayList<>();
        Map<Integer, String> made = new LinkedHashMap<>();
        String feedback = null;
        Consensus.Outcome outcome = null;
        int round = 0;
        long deadline = deadline();
        List<CompletableFuture<?>> submitted = new ArrayList<>();
        try {
            while (round < s.rounds()) {
                // a round's candidates count against the package's calls, one each, before they are made
                if (!takeCalls(task.packageId(), s, count)) {
                    if (round == 0) {
                        throw new java.util.concurrent.RejectedExecutionException("the package's limit of " + s.callsPerPackage()
                                + " swarm model calls leaves no room for " + count + " candidates");
                    }
                    break;
                }
                int first = round * count;
                round++;
                Map<Integer, CompletableFuture<String>> jobs = new LinkedHashMap<>();
                for (int i = first; i < first + count; i++) {
                    int index = i;
                    String why = feedback;
                    // a candidate is a whole generation (its attempts, back-offs, permits): made beside the pool, not on it,
                    // so that it never holds a thread the solvers and reviewers of other runs wait for
                    CompletableFuture<String> job = CompletableFuture.supplyAsync(() -> {
                        try {
                            return maker.make(index, why);
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    }, makers);
                    submitted.add(job);
                    jobs.put(index, job);
                }
                Map<Integer, String> thisRound = new LinkedHashMap<>();
                Exception failure = null;
                for (Map.Entry<Integer, CompletableFuture<String>> job : jobs.entrySet()) {
                    try {
                        thisRound.put(job.getKey(), await(job.getValue(), deadline));
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Exception e) {
                        failure = e;
                    }
                }
                if (thisRound.isEmpty()) {
                    throw failure == null ? new IllegalStateException("no candidate was made") : failure;
                }
                made.putAll(thisRound);
                List<Verification.Score> roundScores = review(task, s, thisRound, deadline, submitted);
                scores.addAll(roundScores);
                List<Verification.Vote> roundVotes = votes(roundScores, s);
                votes.addAll(roundVotes);
                outcome = Consensus.decide(strategy, roundVotes, s.threshold(), s.minVotes(), s.minAgreement());
                if (outcome.accepted()) {
                    break;
                }
                feedback = "Reviewers did not agree on the earlier candidates (" + outcome.reason() + "); make this one clearly "
                        + "aligned with the objectives, accessible to the learners and of high quality.";
            }
        } finally {
            cancelAll(submitted);
        }
        Verification.Decision decision;
        int chosen;
        if (outcome != null && outcome.accepted()) {
            chosen = outcome.winner();
            decision = new Verification.Decision(task.stepId(), strategy.wire(), made.size(), round, scores, votes, chosen,
                    outcome.agreement(), Verification.Decision.CHOSEN, outcome.reason());
        } else {
            chosen = bestScored(scores, made.keySet());
            decision = new Verification.Decision(task.stepId(), strategy.wire(), made.size(), round, scores, votes, chosen,
                    outcome == null ? 0 : outcome.agreement(), Verification.Decision.NEEDS_REVIEW,
                    "No consensus after " + round + " round(s) (" + (outcome == null ? "no votes" : outcome.reason())
                            + "); candidate " + (chosen + 1) + ", the best scored, was taken: a teacher should review it.");
        }
        stats.decided(task, decision);
        return new Choice(chosen, made.get(chosen), decision);
    }

    /** The candidate with the highest mean total score (the first made when nothing was scored). */
    static int bestScored(List<Verification.Score> scores, Set<Integer> made) {
        Map<Integer, double[]> sums = new HashMap<>();
        for (Verification.Score sc : scores) {
            double[] sum = sums.computeIfAbsent(sc.candidate(), k -> new double[2]);
            sum[0] += sc.total();
            sum[1]++;
        }
        int best = made.iterator().next();
        double top = -1;
        for (int c : made) {
            double[] sum = sums.get(c);
            double mean = sum == null ? -1 : sum[0] / sum[1];
            if (mean > top) {
                top = mean;
                best = c;
            }
        }
        return best;
    }

    /** Each reviewer votes for its best scored candidate (the lowest index on a tie), with that score's confidence. */
    static List<Verification.Vote> votes(List<Verification.Score> scores, Settings s) {
        Map<String, Verification.Score> best = new LinkedHashMap<>();
        for (Verification.Score sc : scores) {
            Verification.Score top = best.get(sc.reviewer());
            if (top == null || sc.total() > top.total() + 1e-12 || Math.abs(sc.total() - top.total()) <= 1e-12 && sc.candidate() < top.candidate()) {
                best.put(sc.reviewer(), sc);
            }
        }
        List<Verification.Vote> votes = new ArrayList<>();
        for (Verification.Score sc : best.values()) {
            int reviewer = Integer.parseInt(sc.reviewer().substring(sc.reviewer().lastIndexOf('#') + 1)) - 1;
            votes.add(new Verification.Vote(sc.reviewer(), sc.candidate(), s.weight(reviewer), sc.confidence()));
        }
        return votes;
    }

    /** Every configured reviewer scores every candidate of the round, in parallel; a reviewer that fails gives no scores. */
    private List<Verification.Score> review(SwarmTask task, Settings s, Map<Integer, String> candidates, long deadline,
            List<CompletableFuture<?>> submitted) throws InterruptedException {
        List<CompletableFuture<List<Verification.Score>>> each = new ArrayList<>();
        for (int r = 0; r < s.reviewers().size(); r++) {
            String provider = s.reviewers().get(r);
            String name = provider + "#" + (r + 1);
            CompletableFuture<List<Verification.Score>> one = pool.submit(task.priority(), () -> score(name, provider, task, s, candidates));
            submitted.add(one);
            each.add(one);
        }
        List<Verification.Score> all = new ArrayList<>();
        for (CompletableFuture<List<Verification.Score>> f : each) {
            try {
                all.addAll(await(f, deadline));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.debug("A reviewer gave no scores: {}", e.getMessage());
            }
        }
        return all;
    }

    private List<Verification.Score> score(String name, String provider, SwarmTask task, Settings s, Map<Integer, String> candidates)
            throws Exception {
        if (!task.models().answers(provider, "rate")) {
            throw new IllegalStateException(provider + " does not rate candidates (or is not installed)");
        }
        if (!takeCall(task.packageId(), s)) {
            throw new IllegalStateException("the package's limit of " + s.callsPerPackage() + " swarm model calls was reached");
        }
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Map.Entry<Integer, String> c : candidates.entrySet()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("candidate", c.getKey() + 1);
            one.put("content", JSON.readTree(c.getValue()));
            shown.add(one);
        }
        String system = "You are a reviewer of educational content for " + task.kind() + ". Score every candidate from 0 to 1 on "
                + "three criteria: curriculum_alignment (it teaches and checks exactly the objectives in the facts, at the "
                + "grade), accessibility (learners at the grade can read and use it; clear, inclusive, no barriers) and quality "
                + "(correct, complete, engaging, no errors), and say how confident you are (0-1). Answer with one JSON "
                + "object only: {\"scores\": [{\"candidate\": n, \"curriculum_alignment\", \"accessibility\", \"quality\", "
                + "\"confidence\"}]}, one entry per candidate.";
        String prompt = "Candidates (JSON): " + JSON.writeValueAsString(shown) + "\n\nFacts (JSON): " + facts("rate", task);
        ModelReply reply = task.models().ask(provider, "rate", new ModelRequest("rate", system, prompt, task.facts(), null, RATE_SCHEMA));
        JsonNode list = JSON.readTree(stripFences(reply.text())).path("scores");
        double[] w = s.rubric();
        List<Verification.Score> out = new ArrayList<>();
        for (JsonNode sc : list) {
            int candidate = sc.path("candidate").asInt() - 1;
            if (!candidates.containsKey(candidate)) {
                continue;
            }
            double alignment = unit(sc.path("curriculum_alignment").asDouble());
            double accessibility = unit(sc.path("accessibility").asDouble());
            double quality = unit(sc.path("quality").asDouble());
            double confidence = unit(sc.path("confidence").asDouble(1));
            out.add(new Verification.Score(name, candidate, alignment, accessibility, quality,
                    w[0] * alignment + w[1] * accessibility + w[2] * quality, confidence));
        }
        return out;
    }

    static final ResponseSchema RATE_SCHEMA = new ResponseSchema("scores", "{\"type\":\"object\",\"properties\":{\"scores\":{\"type\":"
            + "\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"candidate\":{\"type\":\"integer\"},\"curriculum_alignment\":"
            + "{\"type\":\"number\"},\"accessibility\":{\"type\":\"number\"},\"quality\":{\"type\":\"number\"},\"confidence\":"
            + "{\"type\":\"number\"}},\"required\":[\"candidate\",\"curriculum_alignment\",\"accessibility\",\"quality\",\"confidence\"],"
            + "\"additionalProperties\":false}}},\"required\":[\"scores\"],\"additionalProperties\":false}");

    private static double unit(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }

    // ---------------------------------------------------------------- what the swarm did

    /** Counts since the swarm started, and its latest work. */
    static final class Stats {
        final AtomicLong questions = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong regenerated = new AtomicLong();
        final AtomicLong flagged = new AtomicLong();
        final AtomicLong unverified = new AtomicLong();
        final AtomicLong deterministic = new AtomicLong();
        final AtomicLong modelCalls = new AtomicLong();
        final AtomicLong limited = new AtomicLong();
        final AtomicLong decisions = new AtomicLong();
        final AtomicLong needsReview = new AtomicLong();
        private final Deque<String> recent = new ArrayDeque<>();

        void verified(SwarmTask task, Verification v, int calls) {
            Map<String, Long> by = new HashMap<>();
            v.questions().forEach(q -> by.merge(q.decision(), 1L, Long::sum));
            questions.addAndGet(v.questions().size());
            accepted.addAndGet(by.getOrDefault(Verification.QuestionCheck.ACCEPTED, 0L));
            regenerated.addAndGet(by.getOrDefault(Verification.QuestionCheck.REGENERATED, 0L));
            flagged.addAndGet(by.getOrDefault(Verification.QuestionCheck.FLAGGED, 0L));
            unverified.addAndGet(by.getOrDefault(Verification.QuestionCheck.UNVERIFIED, 0L));
            deterministic.addAndGet(v.questions().stream().filter(q -> q.solvers().stream().anyMatch(Verification.SolverAnswer::deterministic)).count());
            remember(Instant.now() + " " + task.packageId() + " " + task.stepId() + ": " + v.status() + " " + by + ", " + calls + " model calls");
        }

        void decided(SwarmTask task, Verification.Decision d) {
            decisions.incrementAndGet();
            if (Verification.Decision.NEEDS_REVIEW.equals(d.outcome())) {
                needsReview.incrementAndGet();
            }
            remember(Instant.now() + " " + task.packageId() + " " + task.stepId() + ": " + d.outcome() + " candidate " + (d.chosen() + 1)
                    + " of " + d.candidates() + " by " + d.strategy() + " (" + d.reason() + ")");
        }

        private synchronized void remember(String line) {
            recent.addFirst(line);
            while (recent.size() > 20) {
                recent.removeLast();
            }
        }

        synchronized List<String> recent() {
            return List.copyOf(recent);
        }
    }
}
