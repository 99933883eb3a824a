package org.toolboxai.coordinator.content.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.toolboxai.api.content.ContentChecker;
import org.toolboxai.api.content.ContentJob;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.ContentService;
import org.toolboxai.api.content.ContentVersion;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.content.StaleVersionException;
import org.toolboxai.api.store.Store;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.workflow.RunQuery;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.RunSummary;
import org.toolboxai.api.workflow.StepView;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowService;

/**
 * The content service on the workflow engine: a request becomes an {@code educational_content}
 * run, whose last step's package is the content's version 1; teachers' edits are the next versions,
 * kept in this bundle's own table, and the newest is the content. The engine's run events give back
 * generation slots and complete the waiters, so nothing polls.
 */
@Component(service = {ContentService.class, EventHandler.class}, configurationPid = ContentConfig.PID,
        property = EventConstants.EVENT_TOPIC + "=" + WorkflowContentService.RUN_TOPIC + "*")
@Designate(ocd = ContentConfig.class)
public class WorkflowContentService implements ContentService, EventHandler {

    /** The workflow template content requests run. */
    static final String TEMPLATE = "educational_content";
    static final String PACKAGE_STEP = "integration_qa";
    static final String RUN_TOPIC = "org/toolboxai/workflow/run/";
    private static final long RETRY_AFTER_SECONDS = 10;
    /** How often a full limit may ask the store which runs are still under way (events can be missed). */
    private static final long RECOUNT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final List<RunState> UNDER_WAY = List.of(RunState.QUEUED, RunState.RUNNING, RunState.PAUSED);

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // the API's enums by their snake_case wire names (each constant's toString())
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .build();

    private final WorkflowService workflows;
    private final ContentVersions versions;
    private final GenerationLimit limit;
    private final LongSupplier nanoClock;
    private final Map<String, List<CompletableFuture<ContentJob>>> waiters = new ConcurrentHashMap<>();
    private volatile ContentCache cache;
    private volatile long lastRecount;

    /** Checks edited packages; the agents bundle provides it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ContentChecker checker;

    /**
     * Serves content through the workflow engine, with the version history in schema {@code content};
     * the runs already under way hold their slots.
     */
    @Activate
    public WorkflowContentService(@Reference WorkflowService workflows,
            @Reference(target = "(" + Store.SCHEMA + "=content)") Store store, ContentConfig config) {
        this(workflows, store, config, System::nanoTime);
    }

    WorkflowContentService(WorkflowService workflows, Store store, ContentConfig config, LongSupplier nanoClock) {
        this.workflows = workflows;
        this.versions = new ContentVersions(store, JSON);
        this.nanoClock = nanoClock;
        this.limit = new GenerationLimit(config.max_generations());
        this.cache = new ContentCache(config.cache_size(), config.cache_minutes());
        limit.alsoUnderWay(underWay());
        this.lastRecount = nanoClock.getAsLong();
    }

    /** A new limit and a new cache; the slots taken stay taken. */
    @Modified
    void modified(ContentConfig config) {
        limit.setMax(config.max_generations());
        this.cache = new ContentCache(config.cache_size(), config.cache_minutes());
    }

    @Override
    public ContentJob request(LessonRequest request, String owner) {
        Map<String, Object> parameters = LessonRequestCheck.parameters(LessonRequestCheck.complete(request, List.of()));
        ContentCache known = cache;
        Optional<WorkflowRun> cached = known.find(owner, parameters).flatMap(workflows::find)
                .filter(r -> r.state() == RunState.COMPLETED);
        if (cached.isPresent()) {
            return job(cached.get(), true);
        }
        if (!limit.tryTake() && !(recountDue() && recount() && limit.tryTake())) {
            int busy = limit.taken();
            throw new WorkflowException(WorkflowException.Kind.QUEUE_FULL, (busy == 1 ? "1 generation is" : busy + " generations are")
                    + " under way (at most " + limit.max() + " at once); try again shortly.");
        }
        WorkflowRun run;
        try {
            run = workflows.create(TEMPLATE, parameters, owner);
        } catch (RuntimeException e) {
            limit.giveBack();
            throw e;
        }
        limit.started(run.id());
        known.remember(owner, parameters, run.id());
        return job(run, false);
    }

    @Override
    public Optional<ContentJob> find(String id, String owner) {
        return workflows.find(id).filter(run -> run.template().equals(TEMPLATE) && (owner == null || run.owner().equals(owner)))
                .map(run -> job(run, false));
    }

    @Override
    public Optional<org.toolboxai.api.content.CourseContent> deliverable(String id, String owner) {
        Optional<ContentJob> lesson = find(id, owner);
        if (lesson.isPresent()) {
            return Deliverables.lesson(lesson.get());
        }
        return workflows.find(id).filter(run -> run.template().equals(CourseEndpoint.TEMPLATE) && (owner == null || run.owner().equals(owner)))
                .map(Deliverables::course);
    }

    @Override
    public CompletionStage<ContentJob> await(String id, Duration maxWait) {
        CompletableFuture<ContentJob> done = new CompletableFuture<>();
        waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(done);
        // registered before looking, so a final event after this look cannot be missed
        Optional<ContentJob> now = find(id, null);
        if (now.isEmpty() || now.get().state().isFinal()) {
            stopWaiting(id, done);
            return now.map(CompletableFuture::completedFuture).orElseGet(() -> CompletableFuture.failedFuture(notFound(id)));
        }
        return done.orTimeout(maxWait.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> {
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            if (!(cause instanceof TimeoutException)) {
                throw e instanceof CompletionException c ? c : new CompletionException(e);
            }
            stopWaiting(id, done);
            return find(id, null).orElseThrow(() -> notFound(id));
        });
    }

    @Override
    public List<ContentJob> list(String owner, int offset, int limit) {
        List<ContentJob> jobs = new ArrayList<>();
        for (RunSummary run : workflows.list(new RunQuery(owner, null, TEMPLATE, offset, limit)).runs()) {
            jobs.add(new ContentJob(run.id(), run.owner(), run.state(), false, run.state() == RunState.COMPLETED ? 100 : 0,
                    null, List.of(), null, null, null));
        }
        return jobs;
    }

    @Override
    public ContentJob cancel(String id, String owner) {
        find(id, owner).orElseThrow(() -> notFound(id));
        return job(workflows.cancel(id), false);
    }

    @Override
    public long retryAfterSeconds() {
        return RETRY_AFTER_SECONDS;
    }

    /** A run changed state: a final one gives its slot back and completes whoever waits for it. */
    @Override
    public void handleEvent(Event event) {
        if (!TEMPLATE.equals(event.getProperty("template")) || !(event.getProperty("run_id") instanceof String runId)) {
            return;
        }
        RunState state;
        try {
            state = RunState.valueOf(event.getTopic().substring(RUN_TOPIC.length()));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return;
        }
        if (!state.isFinal()) {
            return;
        }
        limit.finished(runId);
        List<CompletableFuture<ContentJob>> waiting = waiters.remove(runId);
        if (waiting != null) {
            try {
                ContentJob job = find(runId, null).orElseThrow(() -> notFound(runId));
                waiting.forEach(w -> w.complete(job));
            } catch (RuntimeException e) {
                waiting.forEach(w -> w.completeExceptionally(e));
            }
        }
    }

    @Override
    public ContentJob edit(String id, String owner, String editor, ContentPackage edited, int expectedVersion) {
        ContentJob current = find(id, owner).orElseThrow(() -> notFound(id));
        if (current.state() != RunState.COMPLETED) {
            throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Content " + id + " is " + current.state()
                    + "; only COMPLETED content can be edited.");
        }
        List<FieldError> problems = PackageEdit.problems(id, edited);
        if (!problems.isEmpty()) {
            throw new WorkflowException(WorkflowException.Kind.INVALID, problems.size() == 1 ? "1 field is invalid."
                    : problems.size() + " fields are invalid.", problems);
        }
        if (current.version() != expectedVersion) {
            throw new StaleVersionException(id, expectedVersion, current.version());
        }
        ContentChecker checks = checker;
        if (checks == null) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE,
                    "The content checks are not installed (the agents bundle provides them); edits wait for them.");
        }
        ContentPackage merged = PackageEdit.merge(current.contentPackage(), edited);
        // judged by what the package says of itself: a teacher may drop questions the request asked for
        QualityReport report = PackageEdit.withOutdatedScripts(checks.check(merged, null), current.contentPackage(), merged);
        ContentPackage next = new ContentPackage(merged.id(), merged.lessonPlan(), merged.environment(), merged.quiz(),
                merged.scripts(), report, merged.provenance(), merged.verification());
        int number = expectedVersion + 1;
        versions.add(id, expectedVersion, new ContentVersion(number, Instant.now(), editor, report.passed(), next));
        return current.withVersion(next, number);
    }

    @Override
    public List<ContentVersion> versions(String id, String owner) {
        WorkflowRun run = visibleRun(id, owner);
        if (run.state() != RunState.COMPLETED) {
            return List.of();
        }
        List<ContentVersion> all = new ArrayList<>();
        ContentVersion first = first(run);
        all.add(new ContentVersion(1, first.createdAt(), first.author(), first.passed(), null));
        all.addAll(versions.list(id));
        return all;
    }

    @Override
    public Optional<ContentVersion> version(String id, String owner, int number) {
        WorkflowRun run = visibleRun(id, owner);
        if (run.state() != RunState.COMPLETED || number < 1) {
            return Optional.empty();
        }
        return number == 1 ? Optional.of(first(run)) : versions.find(id, number);
    }

    /** The package of a completed content run: version 1. */
    static ContentPackage contentPackage(WorkflowRun run) {
        StepView last = run.steps().stream().filter(s -> s.id().equals(PACKAGE_STEP)).findFirst()
                .orElseThrow(() -> new IllegalStateException("run " + run.id() + " has no " + PACKAGE_STEP + " step"));
        return JSON.convertValue(last.output().get("package"), ContentPackage.class);
    }

    private static ContentVersion first(WorkflowRun run) {
        ContentPackage made = contentPackage(run);
        Instant at = run.finishedAt() != null ? run.finishedAt() : run.createdAt();
        return new ContentVersion(1, at, run.owner(), made.quality() != null && made.quality().passed(), made);
    }

    private WorkflowRun visibleRun(String id, String owner) {
        return workflows.find(id).filter(run -> run.template().equals(TEMPLATE) && (owner == null || run.owner().equals(owner)))
                .orElseThrow(() -> notFound(id));
    }

    /** The content as its run is, with its newest version once it is complete (one query when it was edited or not). */
    private ContentJob job(WorkflowRun run, boolean fromCache) {
        ContentJob job = new ContentJob(run.id(), run.owner(), run.state(), fromCache, run.progress(), run.etaSeconds(),
                run.waitingFor(), run.error(), run.failure(), run.state() == RunState.COMPLETED ? contentPackage(run) : null);
        if (run.state() != RunState.COMPLETED) {
            return job;
        }
        return versions.newest(run.id()).map(v -> job.withVersion(v.contentPackage(), v.number())).orElse(job);
    }

    /** Content ids somebody waits for. */
    int waiters() {
        return waiters.size();
    }

    private void stopWaiting(String id, CompletableFuture<ContentJob> done) {
        waiters.computeIfPresent(id, (k, list) -> {
            list.remove(done);
            return list.isEmpty() ? null : list;
        });
    }

    private boolean recountDue() {
        return nanoClock.getAsLong() - lastRecount >= RECOUNT_NANOS;
    }

    /** Frees the slots of runs whose final event was missed; true when it freed one. */
    private boolean recount() {
        lastRecount = nanoClock.getAsLong();
        // only runs that held a slot before the store was asked: one started since is not in the answer
        Set<String> gone = limit.holders();
        gone.removeAll(underWay());
        limit.missedFinishes(gone);
        return !gone.isEmpty();
    }

    private List<String> underWay() {
        List<String> ids = new ArrayList<>();
        for (RunState state : UNDER_WAY) {
            int offset = 0;
            List<RunSummary> page;
            do {
                page = workflows.list(new RunQuery(null, state, TEMPLATE, offset, 200)).runs();
                page.forEach(r -> ids.add(r.id()));
                offset += page.size();
            } while (page.size() == 200);
        }
        return ids;
    }

    private static WorkflowException notFound(String id) {
        return new WorkflowException(WorkflowException.Kind.NOT_FOUND, "No content " + id + " is visible to you.");
    }
}
