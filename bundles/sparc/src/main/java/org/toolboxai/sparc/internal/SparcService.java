package org.toolboxai.sparc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.store.Store;
import org.toolboxai.sparc.model.Bandit;
import org.toolboxai.sparc.model.Bkt;
import org.toolboxai.sparc.model.Calibration;
import org.toolboxai.sparc.model.Cat;
import org.toolboxai.sparc.model.Elo;
import org.toolboxai.sparc.model.Fsrs;
import org.toolboxai.sparc.model.Irt;
import org.toolboxai.sparc.model.LearnerModel;
import org.toolboxai.sparc.model.PolicySimulation;
import org.toolboxai.sparc.model.Tutor;

/**
 * SPARC's loop over the store: adaptive sessions (assessment by information, practice by the
 * policy), the answer that is logged before anything else changes (one transaction: the answer,
 * the item's calibration, the session's next item or result, the policy's reward), learner
 * profiles rebuilt from the log, item bank statistics and classes.
 *
 * <p>Access: a student (any caller) sees their own sessions and profile; a teacher also those of
 * the students enrolled in their classes; an admin everyone's. Someone else's session is as
 * absent as one that does not exist (404).
 */
@Component(service = SparcService.class)
public class SparcService {

    private static final Logger LOG = LoggerFactory.getLogger(SparcService.class);

    /** Items a session presents at most. */
    static final int MAX_ITEMS = 100;
    /** Active sessions one student may have at once. */
    static final int MAX_ACTIVE_SESSIONS = 20;
    /** Answers an item needs before its difficulty is estimated by IRT instead of Elo. */
    static final int IRT_CALIBRATION_ANSWERS = 50;
    /** Exposure control: the next item is drawn among this many of the most informative. */
    static final int RANDOMESQUE = 5;
    /** Students whose answers a skill needs before its BKT parameters are fitted by EM. */
    static final int BKT_FIT_STUDENTS = 30;
    /** Hours between two fits of the BKT parameters. */
    static final int REFIT_HOURS = 6;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final Pattern BANK = Pattern.compile("[a-z0-9][a-z0-9_-]{0,99}");
    private static final double DAY_MILLIS = 86_400_000.0;

    private final SparcStore store;
    private final Clock clock;
    private final Fsrs fsrs = Fsrs.standard();
    private final Bandit bandit = new Bandit(PolicySimulation.ACTIONS, 0.1);
    private final Map<String, Bkt.Params> fitted = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService refits = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "toolbox-sparc-fit");
        t.setDaemon(true);
        return t;
    });

    /** Works on the store once SPARC's tables are migrated. */
    @Activate
    public SparcService(@Reference(target = "(" + Store.SCHEMA + "=sparc)") Store store) throws SQLException {
        this(new SparcStore(store.dataSource()), Clock.systemUTC());
    }

    SparcService(SparcStore store, Clock clock) throws SQLException {
        this.store = store;
        this.clock = clock;
        // the policy learned from every decision rewarded so far, on any node
        for (SparcStore.Decision d : store.read(c -> SparcStore.rewarded(c, 1_000_000))) {
            if (PolicySimulation.ACTIONS.contains(d.action())) {
                bandit.reward(d.context(), d.action(), d.reward());
            }
        }
        // BKT parameters are fitted from the whole log: in the background, now and every few hours
        refits.scheduleWithFixedDelay(() -> {
            try {
                refitSkills();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("SPARC could not fit the BKT parameters from the answer log: {}", e.toString());
            }
        }, 0, REFIT_HOURS, java.util.concurrent.TimeUnit.HOURS);
    }

    /** Stops the background fits. */
    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        refits.shutdownNow();
    }

    SparcStore store() {
        return store;
    }

    // ---- sessions

    /** Starts a session and presents its first item. */
    public Wire.SessionView start(Caller caller, Wire.StartRequest request) throws SQLException {
        List<FieldError> problems = new ArrayList<>();
        String student = request.student() == null ? caller.name() : request.student().trim();
        if (!student.equals(caller.name()) && !NAME.matcher(student).matches()) {
            problems.add(new FieldError("student", "a user or token name: letters, digits, '.', '_', '@', '-', at most 100"));
        }
        String bank = request.bank() == null ? "" : request.bank().trim().toLowerCase(java.util.Locale.ROOT);
        if (!BANK.matcher(bank).matches()) {
            problems.add(new FieldError("bank", "required: the item bank (subject), e.g. mathematics; see GET /api/v1/sparc/banks"));
        }
        String mode = request.mode() == null ? Session.ASSESSMENT : request.mode();
        if (!mode.equals(Session.ASSESSMENT) && !mode.equals(Session.PRACTICE)) {
            problems.add(new FieldError("mode", "assessment or practice"));
        }
        int max = request.maxItems() == null ? (mode.equals(Session.PRACTICE) ? 10 : 30) : request.maxItems();
        if (max < 1 || max > MAX_ITEMS) {
            problems.add(new FieldError("max_items", "from 1 to " + MAX_ITEMS));
        }
        int min = request.minItems() == null ? Math.min(5, Math.max(1, max)) : request.minItems();
        if (min < 1 || min > Math.max(1, max)) {
            problems.add(new FieldError("min_items", "from 1 to max_items (" + max + ")"));
        }
        double targetSe = request.targetSe() == null ? 0.3 : request.targetSe();
        if (!(targetSe >= 0.1 && targetSe <= 1)) {
            problems.add(new FieldError("target_se", "from 0.1 to 1"));
        }
        if (request.cutScore() != null && !(request.cutScore() >= -4 && request.cutScore() <= 4)) {
            problems.add(new FieldError("cut_score", "an ability from -4 to 4"));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        if (!student.equals(caller.name()) && !mayTeach(caller, student)) {
            throw new ProblemException(org.toolboxai.api.http.Problem.of(403, "Forbidden",
                    "Only " + student + ", a teacher of one of their classes or an admin may start their session."));
        }
        long now = clock.millis();
        Session session = store.transaction(c -> {
            List<Item> items = SparcStore.items(c, bank);
            if (items.isEmpty()) {
                throw ProblemException.notFound("No item bank " + bank + ": run the adaptive_assessment workflow for that subject first"
                        + " (GET /api/v1/sparc/banks lists the banks).");
            }
            if (SparcStore.activeSessions(c, student) >= MAX_ACTIVE_SESSIONS) {
                throw ProblemException.tooManyRequests(student + " has " + MAX_ACTIVE_SESSIONS
                        + " unfinished sessions; finish one before starting another.", 60);
            }
            String id = UUID.randomUUID().toString();
            Session s = new Session(id, student, bank, mode, Session.ACTIVE, min, max, targetSe, request.cutScore(), 1, null, null, 0, 1,
                    null, new Random().nextLong(), caller.name(), now, now);
            Irt.Estimate prior = new Irt.Estimate(0, 1, false);
            Session first = present(c, s, items, List.of(), prior, null, 1, now);
            SparcStore.insertSession(c, first);
            return first;
        });
        LOG.info("SPARC {} session {} started for {} on bank {}", mode, session.id(), student, bank);
        return view(session);
    }

    /** A session, if the caller may see it. */
    public Wire.SessionView session(Caller caller, String id) throws SQLException {
        return view(visible(caller, id));
    }

    private Session visible(Caller caller, String id) throws SQLException {
        Optional<Session> s = store.read(c -> SparcStore.session(c, id));
        if (s.isEmpty() || !maySee(caller, s.get().student())) {
            throw ProblemException.notFound("No SPARC session " + id + ".");
        }
        return s.get();
    }

    /**
     * Takes an answer to the item presented now: logs it, moves the item's calibration, scores
     * the policy's decision and presents the next item or the result, all in one transaction.
     */
    public Wire.AnswerView answer(Caller caller, String id, Wire.AnswerRequest request) throws SQLException {
        List<FieldError> problems = new ArrayList<>();
        if (request.position() == null || request.position() < 1) {
            problems.add(new FieldError("position", "required: the position of the item answered, as presented"));
        }
        if (request.itemId() == null || request.itemId().isBlank()) {
            problems.add(new FieldError("item_id", "required: the id of the item answered"));
        }
        Optional<List<String>> response = Scoring.values(request.response());
        if (response.isEmpty()) {
            problems.add(new FieldError("response", "required: the answer as text (an option's text, a word, a number) or a list"
                    + " of at most 50 for matching and ordering"));
        } else if (SparcStore.json(response.get()).length() > MAX_RESPONSE_CHARS) {
            problems.add(new FieldError("response", "at most " + MAX_RESPONSE_CHARS + " characters in all"));
        } else if (response.get().stream().anyMatch(SparcService::hasControl)) {
            problems.add(new FieldError("response", "no control characters"));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        Session before = visible(caller, id);
        if (!before.student().equals(caller.name()) && caller.role() != Role.ADMIN) {
            throw new ProblemException(org.toolboxai.api.http.Problem.of(403, "Forbidden",
                    "Only " + before.student() + " answers in their session; their teacher follows it."));
        }
        checkPresented(before, request);
        int position = request.position();
        List<String> given = response.get();
        Item presented = store.read(c -> SparcStore.item(c, before.itemId())).orElseThrow(() -> ProblemException.conflict(
                "The item presented at position " + position + " was removed from the bank."));
        if (!Scoring.isOption(given, presented)) {
            throw ProblemException.invalid(List.of(new FieldError("response", "one of the item's options: "
                    + String.join(" | ", presented.options().isEmpty() ? List.of("true", "false") : presented.options()))));
        }
        long now = clock.millis();
        for (int attempt = 1;; attempt++) {
            double[] reward = {Double.NaN};
            SparcStore.Decision[] decided = {null};
            try {
                Wire.AnswerView view = store.transaction(c -> {
                    Session s = SparcStore.session(c, id).orElseThrow();
                    checkPresented(s, request);
                    // the item's row is locked: two sessions answering it at once calibrate it one after the other
                    Item item = SparcStore.itemForUpdate(c, s.itemId()).orElseThrow(() -> ProblemException.conflict(
                            "The item presented at position " + position + " was removed from the bank."));
                    boolean correct = Scoring.correct(given, item);
                    SparcStore.insertAnswer(c, s.student(), s.id() + "#" + position, s.bank(), item.skill(), item.id(), item.irt(),
                            correct, now / DAY_MILLIS, s.theta(), s.id(), SparcStore.json(given));
                    SparcStore.updateItem(c, calibrated(c, item, s.theta(), correct), correct);
                    List<SparcStore.Logged> answers = SparcStore.answersOfSession(c, s.id());
                    LearnerModel model = model(SparcStore.answersOfStudent(c, s.student()));
                    if (s.mode().equals(Session.PRACTICE)) {
                        Optional<SparcStore.Decision> decision = SparcStore.decision(c, s.id(), position);
                        if (decision.isPresent()) {
                            LearnerModel.Skill after = model.skill(item.skill());
                            reward[0] = (after == null ? 0 : after.mastery()) - decision.get().masteryBefore();
                            decided[0] = decision.get();
                            SparcStore.reward(c, s.id(), position, reward[0]);
                        }
                    }
                    Irt.Estimate estimate = s.mode().equals(Session.PRACTICE) ? model.ability(s.bank())
                            : Irt.eap(answers.stream().map(a -> new Irt.Response(a.item(), a.correct())).toList(), 0, 1);
                    List<Item> items = SparcStore.items(c, s.bank());
                    Session next = present(c, s, items, answers, estimate, model, position + 1, now);
                    if (!SparcStore.advanceSession(c, next, position)) {
                        throw ProblemException.conflict("Position " + position + " of session " + id + " was answered at the same time"
                                + " by another request; GET the session for its current item.");
                    }
                    boolean practice = s.mode().equals(Session.PRACTICE);
                    // an assessment tells right or wrong only: its explanations and keys would give the bank away
                    String feedback = practice ? feedback(item, correct) : correct ? "Right." : "Not quite.";
                    return new Wire.AnswerView(position, item.id(), correct, feedback, practice ? item.answer() : null,
                            view(c, next, model));
                });
                if (decided[0] != null) {
                    // the policy learns from what was committed, once
                    synchronized (bandit) {
                        bandit.reward(decided[0].context(), decided[0].action(), reward[0]);
                    }
                }
                return view;
            } catch (SQLException e) {
                // the same answer arriving twice at once: the unique index (or the database's lock on the
                // session row) refuses the second; whatever the database's word for it, the session moved on
                if (SparcStore.UNIQUE_VIOLATION.equals(e.getSQLState())
                        || store.read(c -> SparcStore.session(c, id)).map(x -> x.answered() >= position).orElse(false)) {
                    throw replayed(id, position);
                }
                if (!SparcStore.retryable(e)) {
                    throw e;
                }
                if (attempt >= 3) {
                    throw new ProblemException(org.toolboxai.api.http.Problem.of(503, "Service Unavailable",
                            "The answer could not be recorded now (the store was busy); nothing was counted. Send it again."),
                            Map.of("Retry-After", "1"));
                }
                LOG.debug("SPARC answer to {} at {} retried after {}", id, position, e.getSQLState());
            }
        }
    }

    /** A response as the log stores it is at most this long (the column holds 4000). */
    static final int MAX_RESPONSE_CHARS = 4000;

    static boolean hasControl(String s) {
        return s.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r');
    }

    private static void checkPresented(Session s, Wire.AnswerRequest request) {
        int position = request.position();
        if (position < s.position() || (!s.active() && position <= s.position())) {
            throw replayed(s.id(), position);
        }
        if (!s.active()) {
            throw ProblemException.conflict("Session " + s.id() + " is finished (" + s.stopReason() + "); start a new one.");
        }
        if (position != s.position() || !request.itemId().equals(s.itemId())) {
            throw ProblemException.conflict("Item " + request.itemId() + " was not presented at position " + position + ": the session"
                    + " presents item " + s.itemId() + " at position " + s.position() + ".");
        }
    }

    private static ProblemException replayed(String id, int position) {
        return ProblemException.conflict("Position " + position + " of session " + id + " was answered already; that answer counted"
                + " once and this one changed nothing. GET /api/v1/sparc/sessions/" + id + " for the current item.");
    }

    /**
     * The item's difficulty after this answer: Elo steps (shrinking as its answers grow) until it
     * has {@value #IRT_CALIBRATION_ANSWERS} answers, then the IRT estimate from all of them with the
     * students' abilities taken as known: the final estimate of a finished session, the estimate
     * before the answer for one still running (re-estimated every 10 answers).
     */
    private static Item calibrated(Connection c, Item item, double theta, boolean correct) throws SQLException {
        int responses = item.responses() + 1;
        if (responses >= IRT_CALIBRATION_ANSWERS && (responses % 10 == 0 || !item.calibration().equals(Item.IRT))) {
            List<Calibration.Observation> observations = new ArrayList<>();
            // this answer is logged already, in this transaction
            for (double[] o : SparcStore.calibrationData(c, item.id())) {
                observations.add(new Calibration.Observation(o[0], o[1] > 0.5));
            }
            double b = Calibration.difficulty(observations, item.a(), item.c(), item.b());
            return item.with(b, Item.IRT);
        }
        if (item.calibration().equals(Item.IRT)) {
            return item;
        }
        double b = Elo.update(theta, item.b(), correct, item.c(), 0, item.responses(), Elo.DEFAULTS).difficulty();
        return item.with(b, Item.ELO);
    }

    /**
     * The session at {@code position}: the next item (assessment: most informative with content
     * balancing and exposure control; practice: the policy's action), or finished by its stop rule.
     */
    private Session present(Connection c, Session s, List<Item> items, List<SparcStore.Logged> answers, Irt.Estimate estimate,
            LearnerModel known, int position, long now) throws SQLException {
        Set<String> given = new HashSet<>();
        Map<String, Integer> perSkill = new HashMap<>();
        for (SparcStore.Logged a : answers) {
            given.add(a.itemId());
            perSkill.merge(a.skill(), 1, Integer::sum);
        }
        boolean left = items.stream().anyMatch(i -> !given.contains(i.id()));
        Random random = new Random(s.seed() * 31 + position);
        if (s.mode().equals(Session.ASSESSMENT)) {
            Cat.Stop stop = Cat.stop(new Cat.StopRule(s.minItems(), s.maxItems(), s.targetSe(), s.cutScore()), answers.size(), estimate,
                    left);
            if (stop != null) {
                return s.finished(estimate.theta(), estimate.se(), stop.name().toLowerCase(java.util.Locale.ROOT), now)
                        .withPosition(position - 1);
            }
            // items this student practised (their keys were shown) are left out while enough others remain
            Set<String> excluded = new HashSet<>(given);
            Set<String> practised = SparcStore.practised(c, s.student(), s.bank());
            if (items.stream().filter(i -> !given.contains(i.id()) && !practised.contains(i.id())).count() >= s.maxItems() - answers.size()) {
                excluded.addAll(practised);
            }
            Cat.BankItem next = Cat.next(items.stream().map(Item::bankItem).toList(), excluded, perSkill, estimate.theta(), RANDOMESQUE,
                    random);
            SparcStore.countPresented(c, next.id());
            return s.next(position, next.id(), null, estimate.theta(), estimate.se(), now);
        }
        if (answers.size() >= s.maxItems() || !left) {
            return s.finished(estimate.theta(), estimate.se(), left ? "max_length" : "bank_exhausted", now).withPosition(position - 1);
        }
        // the model the answer just rebuilt, else (a session's first item) one from the log
        LearnerModel model = known != null ? known : model(SparcStore.answersOfStudent(c, s.student()));
        double today = now / DAY_MILLIS;
        Set<String> bankSkills = new java.util.TreeSet<>();
        items.forEach(i -> bankSkills.add(i.skill()));
        List<String> due = model.dueForReview(today).stream().filter(bankSkills::contains).toList();
        boolean reviewDue = !due.isEmpty();
        // the skill to learn: the least mastered one not mastered yet (else the least mastered)
        String learning = bankSkills.stream().filter(k -> model.skill(k) == null || !model.skill(k).mastered())
                .min(java.util.Comparator.comparingDouble((String k) -> mastery(model, k)).thenComparing(k -> k))
                .orElseGet(() -> bankSkills.stream()
                        .min(java.util.Comparator.comparingDouble((String k) -> mastery(model, k)).thenComparing(k -> k)).orElseThrow());
        String context = Tutor.context(model.skill(learning), reviewDue);
        String action;
        synchronized (bandit) {
            action = bandit.choose(context, random);
        }
        // a review takes the most overdue mastered skill; every other action works on the skill being learnt
        String skill = action.equals("review") && reviewDue ? due.get(0) : learning;
        double target = switch (action) {
            case "worked_example" -> 0.85;
            case "challenge" -> 0.55;
            default -> Tutor.PRACTICE_TARGET;
        };
        double theta = model.ability(s.bank()).theta();
        List<Cat.BankItem> bankItems = items.stream().map(Item::bankItem).toList();
        Cat.BankItem next = Tutor.practiceItem(bankItems, skill, theta, given, target)
                .or(() -> bankItems.stream().filter(i -> !given.contains(i.id()))
                        .min(java.util.Comparator.comparingDouble((Cat.BankItem i) -> Math.abs(Irt.p(theta, i.item()) - target))
                                .thenComparing(Cat.BankItem::id)))
                .orElseThrow();
        String nextSkill = next.objective();
        SparcStore.countPresented(c, next.id());
        SparcStore.insertDecision(c, new SparcStore.Decision(0, s.student(), s.id(), position, nextSkill, context, action, next.id(),
                mastery(model, nextSkill), null, now));
        return s.next(position, next.id(), action, estimate.theta(), estimate.se(), now);
    }

    private double mastery(LearnerModel model, String skill) {
        LearnerModel.Skill k = model.skill(skill);
        return k == null ? params(skill).prior() : k.mastery();
    }

    private static String feedback(Item item, boolean correct) {
        String explanation = item.explanation() == null || item.explanation().isBlank() ? "" : " " + item.explanation().trim();
        if (!correct && item.feedback() != null && !item.feedback().isBlank()) {
            return item.feedback().trim();
        }
        return (correct ? "Right." : "Not quite.") + explanation;
    }

    /** A student's ability in a bank's domain (the prior N(0, 1) without answers), and how many answers it rests on. */
    public Wire.AbilityView ability(String student, String bank) throws SQLException {
        List<SparcStore.Logged> answers = store.read(c -> SparcStore.answersOfStudent(c, student)).stream()
                .filter(a -> a.domain().equals(bank)).toList();
        Irt.Estimate e = Irt.eap(answers.stream().map(a -> new Irt.Response(a.item(), a.correct())).toList(), 0, 1);
        return new Wire.AbilityView(bank, e.theta(), e.se(), answers.size());
    }

    /** A bank name for a subject: lower case, words joined by '-'. */
    public static String bankOf(String subject) {
        String slug = String.valueOf(subject).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        slug = slug.isEmpty() ? "general" : slug;
        return slug.length() > 100 ? slug.substring(0, 100) : slug;
    }

    // ---- views

    private Wire.SessionView view(Session s) throws SQLException {
        return store.read(c -> view(c, s, s.active() ? null : model(SparcStore.answersOfStudent(c, s.student()))));
    }

    private Wire.SessionView view(Connection c, Session s, LearnerModel model) throws SQLException {
        Wire.Presented presented = null;
        Wire.Result result = null;
        if (s.active()) {
            Item item = SparcStore.item(c, s.itemId()).orElse(null);
            if (item != null) {
                presented = presented(c, s, item);
            }
        } else {
            List<SparcStore.Logged> answers = SparcStore.answersOfSession(c, s.id());
            LearnerModel m = model != null ? model : model(SparcStore.answersOfStudent(c, s.student()));
            Set<String> skills = new java.util.TreeSet<>();
            answers.forEach(a -> skills.add(a.skill()));
            List<Wire.SkillView> views = skills.stream().map(k -> skillView(m, k)).toList();
            int right = (int) answers.stream().filter(SparcStore.Logged::correct).count();
            String classification = s.cutScore() == null ? null
                    : s.theta() - 1.96 * s.se() > s.cutScore() ? "above"
                    : s.theta() + 1.96 * s.se() < s.cutScore() ? "below" : "undecided";
            result = new Wire.Result(s.theta(), s.se(), s.stopReason(), answers.size(), right, classification, views,
                    summary(s, right, answers.size(), views));
        }
        return new Wire.SessionView(s.id(), s.student(), s.bank(), s.mode(), s.state(), s.answered(), s.maxItems(), s.theta(), s.se(),
                presented, result, Instant.ofEpochMilli(s.createdAt()).toString());
    }

    private Wire.Presented presented(Connection c, Session s, Item item) throws SQLException {
        String hint = null;
        Wire.WorkedExample example = null;
        if ("hint".equals(s.action())) {
            List<String> wrong = item.options().stream().filter(o -> item.answer().stream().noneMatch(k -> Scoring.same(k, o))).toList();
            hint = "Think about: " + item.objective() + "."
                    + (item.type().equals("multiple_choice") && wrong.size() > 1 ? " It is not \"" + wrong.get(0) + "\"." : "");
        } else if ("worked_example".equals(s.action())) {
            // the example is an item this session already asked (its key is no news), of the same skill if there is one
            Set<String> asked = new HashSet<>();
            SparcStore.answersOfSession(c, s.id()).forEach(a -> asked.add(a.itemId()));
            List<Item> candidates = SparcStore.items(c, s.bank()).stream().filter(i -> asked.contains(i.id())).toList();
            Optional<Item> other = candidates.stream().filter(i -> i.skill().equals(item.skill())).findFirst()
                    .or(() -> candidates.stream().findFirst());
            if (other.isPresent()) {
                example = new Wire.WorkedExample(other.get().prompt(), other.get().answer(), other.get().explanation());
            }
        }
        return new Wire.Presented(s.position(), item.id(), item.type(), item.prompt(), item.options(), item.objective(), s.action(),
                hint, example);
    }

    private static String summary(Session s, int right, int answered, List<Wire.SkillView> skills) {
        String level = s.theta() > 1 ? "well above" : s.theta() > 0.3 ? "above" : s.theta() >= -0.3 ? "around" : s.theta() >= -1
                ? "below" : "well below";
        StringBuilder text = new StringBuilder(right + " of " + answered + " right; ability " + level + " the bank's middle (θ = "
                + String.format(java.util.Locale.ROOT, "%.2f ± %.2f", s.theta(), s.se()) + ").");
        skills.stream().filter(k -> !k.mastered()).min(java.util.Comparator.comparingDouble(Wire.SkillView::mastery))
                .ifPresent(k -> text.append(" Practise next: ").append(k.skill()).append('.'));
        return text.toString();
    }

    private Wire.SkillView skillView(LearnerModel model, String skill) {
        LearnerModel.Skill k = model.skill(skill);
        if (k == null) {
            return new Wire.SkillView(skill, params(skill).prior(), 0, false, null);
        }
        double due = model.dueDay(skill);
        return new Wire.SkillView(skill, k.mastery(), k.answers(), k.mastered(),
                Double.isNaN(due) ? null : LocalDate.ofEpochDay((long) Math.floor(due)).toString());
    }

    // ---- learner model

    /** The learner model from a student's logged answers, in order, with each skill's BKT parameters. */
    LearnerModel model(List<SparcStore.Logged> answers) {
        LearnerModel model = new LearnerModel(fsrs);
        for (SparcStore.Logged a : answers) {
            model.answered(a.domain(), a.skill(), a.item(), a.correct(), params(a.skill()), a.day());
        }
        return model;
    }

    /** A skill's BKT parameters: fitted by EM once enough students answered it, the defaults until then. */
    Bkt.Params params(String skill) {
        return fitted.getOrDefault(skill, Bkt.DEFAULTS);
    }

    /** Fits every skill's BKT parameters that has answers from {@value #BKT_FIT_STUDENTS} students or more. */
    void refitSkills() throws SQLException {
        Map<String, Map<String, List<Boolean>>> bySkill = new TreeMap<>();
        store.read(c -> {
            try (var ps = c.prepareStatement("SELECT skill, student, correct FROM sparc_answer ORDER BY seq"); var rs = ps.executeQuery()) {
                while (rs.next()) {
                    bySkill.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add(rs.getBoolean(3));
                }
            }
            return null;
        });
        bySkill.forEach((skill, students) -> {
            if (students.size() >= BKT_FIT_STUDENTS) {
                List<boolean[]> sequences = new ArrayList<>();
                for (List<Boolean> answers : students.values()) {
                    boolean[] seq = new boolean[answers.size()];
                    for (int i = 0; i < seq.length; i++) {
                        seq[i] = answers.get(i);
                    }
                    sequences.add(seq);
                }
                fitted.put(skill, Bkt.fit(sequences, Bkt.DEFAULTS, false, 200));
            }
        });
    }

    /** A student's profile: abilities, skills, due reviews, sessions and the policy's decisions. */
    public Wire.Profile profile(Caller caller, String student) throws SQLException {
        if (!maySee(caller, student)) {
            throw ProblemException.notFound("No SPARC student " + student + " that you may see.");
        }
        return store.read(c -> {
            List<SparcStore.Logged> answers = SparcStore.answersOfStudent(c, student);
            List<Session> sessions = SparcStore.sessions(c, student, 50);
            if (answers.isEmpty() && sessions.isEmpty()) {
                throw ProblemException.notFound("No SPARC student " + student + ": no session yet.");
            }
            LearnerModel model = model(answers);
            Map<String, Integer> perDomain = new TreeMap<>();
            answers.forEach(a -> perDomain.merge(a.domain(), 1, Integer::sum));
            List<Wire.AbilityView> abilities = new ArrayList<>();
            perDomain.forEach((domain, n) -> {
                Irt.Estimate e = model.ability(domain);
                abilities.add(new Wire.AbilityView(domain, e.theta(), e.se(), n));
            });
            List<Wire.SkillView> skills = model.skills().keySet().stream().map(k -> skillView(model, k)).toList();
            List<String> due = model.dueForReview(clock.millis() / DAY_MILLIS);
            List<Wire.SessionView> views = new ArrayList<>();
            for (Session s : sessions) {
                views.add(view(c, s, model));
            }
            List<Wire.DecisionView> decisions = SparcStore.decisionsOf(c, student, 50).stream()
                    .map(d -> new Wire.DecisionView(d.sessionId(), d.position(), d.skill(), d.context(), d.action(), d.reward(),
                            Instant.ofEpochMilli(d.decidedAt()).toString()))
                    .toList();
            return new Wire.Profile(student, abilities, skills, due, views, decisions);
        });
    }

    /** The ability after each answer in a domain (EAP over the answers so far), for the report. */
    public List<double[]> abilityHistory(Caller caller, String student, String domain) throws SQLException {
        if (!maySee(caller, student)) {
            throw ProblemException.notFound("No SPARC student " + student + " that you may see.");
        }
        List<double[]> out = new ArrayList<>();
        List<Irt.Response> responses = new ArrayList<>();
        for (SparcStore.Logged a : store.read(c -> SparcStore.answersOfStudent(c, student))) {
            if (a.domain().equals(domain)) {
                responses.add(new Irt.Response(a.item(), a.correct()));
                Irt.Estimate e = Irt.eap(responses, 0, 1);
                out.add(new double[] {a.day(), e.theta(), e.se()});
            }
        }
        return out;
    }

    /**
     * Every decision in order as CSV (student, session, position, skill, context, action, item,
     * mastery before, reward, decided at), streamed from the store.
     */
    public void exportDecisions(java.io.OutputStream out) throws Exception {
        java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8));
        w.write("seq,student,session_id,position,skill,context,action,item_id,mastery_before,reward,decided_at\n");
        store.read(c -> {
            try (var ps = c.prepareStatement("SELECT seq, student, session_id, position, skill, context, action, item_id, mastery_before,"
                    + " reward, decided_at FROM sparc_decision ORDER BY seq")) {
                ps.setFetchSize(500);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double reward = rs.getDouble(10);
                        String r = rs.wasNull() ? "" : Double.toString(reward);
                        w.write(rs.getLong(1) + "," + csv(rs.getString(2)) + "," + csv(rs.getString(3)) + "," + rs.getInt(4) + ","
                                + csv(rs.getString(5)) + "," + csv(rs.getString(6)) + "," + csv(rs.getString(7)) + "," + csv(rs.getString(8))
                                + "," + rs.getDouble(9) + "," + r + "," + Instant.ofEpochMilli(rs.getLong(11)) + "\n");
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        });
        w.flush();
    }

    /** A CSV field: quoted when it holds a comma, quote or line break; a leading formula character neutralised. */
    static String csv(String v) {
        String s = v == null ? "" : v;
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        boolean quote = s.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\r' || ch == '\n');
        return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    // ---- item banks

    public Wire.Banks banks() throws SQLException {
        Map<String, Integer> banks = store.read(SparcStore::banks);
        List<Wire.BankSummary> out = new ArrayList<>();
        banks.forEach((k, v) -> out.add(new Wire.BankSummary(k, v)));
        return new Wire.Banks(out);
    }

    /** A bank's items with their keys, exposure, calibration and fit. */
    public Wire.BankStats bank(String bank) throws SQLException {
        return store.read(c -> {
            List<Item> items = SparcStore.items(c, bank);
            if (items.isEmpty()) {
                throw ProblemException.notFound("No item bank " + bank + ".");
            }
            int sessions;
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM sparc_session WHERE bank = ?")) {
                ps.setString(1, bank);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    sessions = rs.getInt(1);
                }
            }
            Map<String, List<Calibration.Observation>> byItem = new HashMap<>();
            for (SparcStore.Logged a : SparcStore.answersOfBank(c, bank)) {
                if (a.thetaBefore() != null) {
                    byItem.computeIfAbsent(a.itemId(), k -> new ArrayList<>()).add(new Calibration.Observation(a.thetaBefore(), a.correct()));
                }
            }
            List<Wire.ItemStats> list = new ArrayList<>();
            int answers = 0;
            double maxExposure = 0;
            for (Item i : items) {
                List<Calibration.Observation> obs = byItem.getOrDefault(i.id(), List.of());
                Calibration.Fit fit = Calibration.fit(obs, i.irt());
                double exposure = sessions == 0 ? 0 : (double) i.presented() / sessions;
                maxExposure = Math.max(maxExposure, exposure);
                answers += i.responses();
                list.add(new Wire.ItemStats(i.id(), i.objective(), i.skill(), i.type(), i.prompt(), i.options(), i.answer(), i.level(), i.a(),
                        i.b(), i.c(), i.bandB(), i.calibration(), i.presented(), exposure, i.responses(),
                        i.responses() == 0 ? null : (double) i.correct() / i.responses(), finite(fit.infit()), finite(fit.outfit())));
            }
            int irt = (int) items.stream().filter(i -> i.calibration().equals(Item.IRT)).count();
            int elo = (int) items.stream().filter(i -> i.calibration().equals(Item.ELO)).count();
            return new Wire.BankStats(bank, items.size(), sessions, answers, irt, elo, maxExposure, list);
        });
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    // ---- classes and access

    /** A class with its teacher and students (administrators: the roster is the school's, not a teacher's). */
    public Wire.ClassView createClass(Caller caller, Wire.ClassRequest request) throws SQLException {
        List<FieldError> problems = new ArrayList<>();
        String name = request.name() == null ? "" : request.name().trim();
        if (name.isEmpty() || name.length() > 200 || hasControl(name)) {
            problems.add(new FieldError("name", "required, at most 200 characters, no control characters"));
        }
        String teacher = request.teacher() == null ? "" : request.teacher().trim();
        if (!NAME.matcher(teacher).matches()) {
            problems.add(new FieldError("teacher", "required: the teacher's user or token name"));
        }
        List<String> students = students(request.students(), problems);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        SparcStore.SchoolClass k = new SparcStore.SchoolClass(UUID.randomUUID().toString(), name, teacher, students, clock.millis());
        store.transaction(c -> {
            SparcStore.insertClass(c, k);
            return null;
        });
        LOG.info("SPARC class {} ({}) created by {} for teacher {} with {} students", k.id(), name, caller.name(), teacher, students.size());
        return new Wire.ClassView(k.id(), k.name(), k.teacher(), students);
    }

    /** Enrols more students in a class (administrators). */
    public Wire.ClassView enrol(Caller caller, String classId, Wire.EnrolRequest request) throws SQLException {
        List<FieldError> problems = new ArrayList<>();
        List<String> students = students(request.students(), problems);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        for (int attempt = 1;; attempt++) {
            try {
                return store.transaction(c -> {
                    SparcStore.SchoolClass k = SparcStore.schoolClass(c, classId)
                            .orElseThrow(() -> ProblemException.notFound("No class " + classId + "."));
                    SparcStore.enrol(c, k.id(), students);
                    SparcStore.SchoolClass now = SparcStore.schoolClass(c, classId).orElseThrow();
                    return new Wire.ClassView(now.id(), now.name(), now.teacher(), now.students());
                });
            } catch (SQLException e) {
                // the same student enrolled by two requests at once: the second sees the first's row when run again
                if (attempt >= 3 || !(SparcStore.UNIQUE_VIOLATION.equals(e.getSQLState()) || SparcStore.retryable(e))) {
                    throw e;
                }
            }
        }
    }

    /** Ends an unfinished session where it is (the student, their teacher or an admin). */
    public Wire.SessionView abandon(Caller caller, String id) throws SQLException {
        Session s = visible(caller, id);
        if (!s.active()) {
            throw ProblemException.conflict("Session " + id + " is already finished (" + s.stopReason() + ").");
        }
        long now = clock.millis();
        Session ended = s.finished(s.theta(), s.se(), "abandoned", now).withPosition(s.position() - 1);
        boolean done = store.transaction(c -> SparcStore.advanceSession(c, ended, s.position()));
        if (!done) {
            throw ProblemException.conflict("Session " + id + " moved on meanwhile; GET it and try again.");
        }
        return view(ended);
    }

    public Wire.Classes classes(Caller caller) throws SQLException {
        return new Wire.Classes(store.read(c -> SparcStore.classes(c, caller.role() == Role.ADMIN ? null : caller.name())).stream()
                .map(k -> new Wire.ClassView(k.id(), k.name(), k.teacher(), k.students())).toList());
    }

    private static List<String> students(List<String> given, List<FieldError> problems) {
        List<String> students = given == null ? List.of() : given;
        if (students.size() > 500) {
            problems.add(new FieldError("students", "at most 500 per request"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < students.size(); i++) {
            String s = students.get(i) == null ? "" : students.get(i).trim();
            if (!NAME.matcher(s).matches()) {
                problems.add(new FieldError("students[" + i + "]", "a user or token name: letters, digits, '.', '_', '@', '-'"));
            } else if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether the caller may see a student's sessions and profile. */
    boolean maySee(Caller caller, String student) throws SQLException {
        return caller.name().equals(student) || mayTeach(caller, student);
    }

    /**
     * Whether a run's owner (a user or token name, its role not known here) may read a student's
     * data: the student, their teacher, or an administrator of the roster (a JAAS admin is not
     * known by name here, so an administrator enrols themselves as a teacher to read through runs).
     */
    boolean maySee(String owner, String student) throws SQLException {
        return owner.equals(student) || store.read(c -> SparcStore.teaches(c, owner, student));
    }

    private boolean mayTeach(Caller caller, String student) throws SQLException {
        if (caller.role() == Role.ADMIN) {
            return true;
        }
        return caller.has(Role.TEACHER) && store.read(c -> SparcStore.teaches(c, caller.name(), student));
    }

    /** Numbers for the health report. */
    Map<String, Object> counts() throws SQLException {
        return store.read(c -> {
            Map<String, Object> out = new TreeMap<>();
            out.put("banks", SparcStore.banks(c).size());
            out.put("answers", SparcStore.answerCount(c));
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM sparc_session WHERE state = 'active'"); var rs = ps.executeQuery()) {
                rs.next();
                out.put("active_sessions", rs.getInt(1));
            }
            return out;
        });
    }
}
