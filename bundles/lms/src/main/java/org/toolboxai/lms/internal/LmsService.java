package org.toolboxai.lms.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.content.ContentService;
import org.toolboxai.api.content.CourseContent;
import org.toolboxai.api.content.ExportFormat;
import org.toolboxai.api.error.ErrorCoordinator;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.guard.ResourceGuard;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.lms.LmsCourse;
import org.toolboxai.api.lms.LmsDelivery;
import org.toolboxai.api.lms.LmsFile;
import org.toolboxai.api.lms.LmsIssue;
import org.toolboxai.api.lms.LmsObject;
import org.toolboxai.api.lms.LmsProvider;
import org.toolboxai.api.lms.LmsPushResult;
import org.toolboxai.api.lms.LmsTarget;
import org.toolboxai.api.registry.RankedRegistry;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.store.Store;
import org.toolboxai.api.workflow.WorkflowException;

/**
 * Delivery to the installed LMSs: the providers by name, pushes run on a small bounded pool with
 * their progress and result in the store, and teachers' credentials sealed with AES-GCM. Every
 * remote call a provider makes goes through the resource and error coordinators when they are installed.
 */
@Component(service = LmsService.class, configurationPid = LmsService.PID)
@Designate(ocd = LmsService.Config.class)
public class LmsService {

    static final String PID = "org.toolboxai.lms";
    private static final Logger LOG = LoggerFactory.getLogger(LmsService.class);

    /** The LMS bundle's settings. */
    @ObjectClassDefinition(name = "Toolbox LMS", description = "LMS pushes and teachers' LMS credentials")
    public @interface Config {
        @AttributeDefinition(description = "Key that seals teachers' LMS credentials: base64 of 32 random bytes (the same on every node); "
                + "empty: one is made once and kept in data/toolbox/lms-credentials.key")
        String credentials_key() default "";

        @AttributeDefinition(description = "Pushes that run at once on this node")
        int push_threads() default 2;

        @AttributeDefinition(description = "Pushes that may wait for a thread; more are refused (429)")
        int push_queue() default 50;

        @AttributeDefinition(description = "Largest file a push carries, in megabytes; a larger export is left out and said")
        int max_file_mb() default 50;

        @AttributeDefinition(description = "Longest wait for a rate limit's permit per LMS call, in seconds")
        int permit_wait_seconds() default 30;

        @AttributeDefinition(description = "A push whose node has not touched it for this long was interrupted (a stop, a crash) and is "
                + "marked failed; a running push is touched every quarter of it")
        int stale_seconds() default 60;
    }

    /** A provider as {@code GET /api/v1/lms} lists it. */
    public record ProviderView(String name, String title, List<String> credentialFields, List<String> credentialsStored, HealthCheck health) {
    }

    private final LmsStore store;
    private final ContentService content;
    private final Clock clock;
    private final RankedRegistry<String, LmsProvider> providers = new RankedRegistry<>();
    private final List<ExportFormat> formats = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<PushView>> running = new ConcurrentHashMap<>();
    private volatile ResourceGuard guard;
    private volatile ErrorCoordinator errors;
    private volatile Config config;
    private volatile CredentialCipher cipher;
    private volatile String cipherProblem;
    private volatile ThreadPoolExecutor pool;

    @Activate
    public LmsService(@Reference(target = "(" + Store.SCHEMA + "=lms)") Store store, @Reference ContentService content, Config config) {
        this(new LmsStore(store.dataSource()), content, config, Clock.systemUTC(),
                Path.of(System.getProperty("karaf.data", "data"), "toolbox", "lms-credentials.key"));
    }

    LmsService(LmsStore store, ContentService content, Config config, Clock clock, Path keyFile) {
        this.store = store;
        this.content = content;
        this.clock = clock;
        this.keyFile = keyFile;
        modified(config);
        sweep(true);
        long every = Math.max(1, config.stale_seconds() / 4);
        heartbeat.scheduleWithFixedDelay(this::touchRunning, every, every, TimeUnit.SECONDS);
    }

    private final java.util.concurrent.ScheduledExecutorService heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lms-push-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastSweep;

    /** This node's pushes under way are alive: their rows are touched, so no other node (nor a restart) takes them for dead. */
    private void touchRunning() {
        try {
            store.touch(List.copyOf(running.keySet()), clock.millis());
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Cannot touch the LMS pushes under way: {}", e.toString());
        }
    }

    /** Marks pushes nobody touched for {@code stale.seconds} failed: their node stopped or crashed (at most every few seconds). */
    private void sweep(boolean now) {
        long at = clock.millis();
        if (!now && at - lastSweep < 5_000) {
            return;
        }
        lastSweep = at;
        try {
            int failed = store.failInterrupted(at - config.stale_seconds() * 1000L, at);
            if (failed > 0) {
                LOG.info("{} LMS push(es) interrupted by a stop or a crash are marked failed", failed);
            }
        } catch (SQLException e) {
            LOG.warn("Cannot mark interrupted LMS pushes: {}", e.toString());
        }
    }

    private final Path keyFile;

    @Modified
    void modified(Config changed) {
        this.config = changed;
        try {
            cipher = CredentialCipher.of(changed.credentials_key(), keyFile);
            cipherProblem = null;
        } catch (IOException | RuntimeException e) {
            cipher = null;
            cipherProblem = "teachers' LMS credentials cannot be used: " + e.getMessage();
            LOG.error("{}", cipherProblem);
        }
        ThreadPoolExecutor old = pool;
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor fresh = new ThreadPoolExecutor(Math.max(1, changed.push_threads()), Math.max(1, changed.push_threads()), 60,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, changed.push_queue())),
                r -> new Thread(r, "lms-push-" + n.incrementAndGet()));
        fresh.allowCoreThreadTimeOut(true);
        pool = fresh;
        if (old != null) {
            old.shutdown(); // what it runs or holds finishes there
        }
    }

    @Deactivate
    void deactivate() {
        heartbeat.shutdownNow();
        ThreadPoolExecutor p = pool;
        p.shutdown();
        try {
            if (!p.awaitTermination(10, TimeUnit.SECONDS)) {
                p.shutdownNow();
            }
        } catch (InterruptedException e) {
            p.shutdownNow();
            Thread.currentThread().interrupt();
        }
        // pushes still waiting (or not stopping in time) end here, saying so, instead of looking alive until the sweep
        for (String id : List.copyOf(running.keySet())) {
            try {
                store.finish(id, null, "stopped: the LMS bundle stopped before this push ended; push again (a push updates what an "
                        + "earlier one made, it does not duplicate it)", "CANCELLED", clock.millis());
            } catch (SQLException e) {
                LOG.warn("Cannot mark LMS push {} stopped: {}", id, e.toString());
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(LmsProvider provider, Map<String, Object> properties) {
        String name = safe(provider::name);
        if (name != null) {
            providers.add(name, provider, properties);
        }
    }

    void removeProvider(LmsProvider provider) {
        providers.removeEverywhere(provider);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFormat(ExportFormat format) {
        formats.add(format);
    }

    void removeFormat(ExportFormat format) {
        formats.remove(format);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setGuard(ResourceGuard guard) {
        this.guard = guard;
    }

    void unsetGuard(ResourceGuard old) {
        if (this.guard == old) {
            this.guard = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setErrors(ErrorCoordinator errors) {
        this.errors = errors;
    }

    void unsetErrors(ErrorCoordinator old) {
        if (this.errors == old) {
            this.errors = null;
        }
    }

    // --- providers ---

    /** The installed providers, by name, with what {@code user} stored for each. */
    public List<ProviderView> providers(String user) throws SQLException {
        List<ProviderView> list = new ArrayList<>();
        for (Map.Entry<String, LmsProvider> e : new java.util.TreeMap<>(providers.serving()).entrySet()) {
            LmsProvider p = e.getValue();
            HealthCheck health;
            try {
                health = p.health();
            } catch (RuntimeException ex) {
                health = HealthCheck.down(e.getKey() + " cannot say how it is: " + ex);
            }
            String title = safe(p::title);
            List<String> fields = fields(p);
            list.add(new ProviderView(e.getKey(), title == null ? e.getKey() : title, fields,
                    fields.isEmpty() ? List.of() : store.credentialFields(user, e.getKey()), health));
        }
        return list;
    }

    /** The provider of this name, or a 404 naming the installed ones. */
    LmsProvider provider(String name) {
        return providers.get(name).orElseThrow(() -> ProblemException.notFound("no LMS provider named " + name + " is installed"
                + (providers.serving().isEmpty() ? "" : " (installed: " + String.join(", ", new java.util.TreeSet<>(providers.serving().keySet())) + ")")));
    }

    /** The courses the caller may deliver to in the provider's LMS. */
    List<LmsCourse> courses(String name, Caller caller, String requestId) throws Exception {
        LmsProvider provider = provider(name);
        return provider.courses(connection(name, caller.name(), requestId, null));
    }

    // --- credentials ---

    /** Stores the caller's credentials for a provider (every field checked first); returns the fields stored. */
    List<String> storeCredentials(String name, String owner, Map<String, Object> values) throws SQLException {
        LmsProvider provider = provider(name);
        List<String> fields = fields(provider);
        List<org.toolboxai.api.http.FieldError> problems = new ArrayList<>();
        if (fields.isEmpty()) {
            throw ProblemException.badRequest(name + " takes no credentials from teachers (its configuration has what it needs).");
        }
        if (values.isEmpty()) {
            problems.add(new org.toolboxai.api.http.FieldError("", "at least one of " + fields));
        }
        values.forEach((field, value) -> {
            if (!fields.contains(field)) {
                problems.add(new org.toolboxai.api.http.FieldError(field, "unknown field; " + name + " takes " + fields));
            } else if (!(value instanceof String s) || s.isBlank() || s.length() > 4096) {
                problems.add(new org.toolboxai.api.http.FieldError(field, "text of 1-4096 characters"));
            }
        });
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        CredentialCipher c = cipher();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            store.putCredential(owner, name, e.getKey(), c.seal(((String) e.getValue()).trim(), owner, name, e.getKey()), clock.millis());
        }
        return store.credentialFields(owner, name);
    }

    List<String> storedCredentials(String name, String owner) throws SQLException {
        provider(name);
        return store.credentialFields(owner, name);
    }

    int deleteCredentials(String name, String owner) throws SQLException {
        return store.deleteCredentials(owner, name); // also for a provider no longer installed
    }

    private CredentialCipher cipher() {
        CredentialCipher c = cipher;
        if (c == null) {
            throw ProblemException.unavailable(cipherProblem);
        }
        return c;
    }

    // --- pushes ---

    /**
     * Starts a push of a lesson or course the caller may see (any for an admin).
     *
     * @throws ProblemException 404 for an unknown provider or content, 409 for content not finished,
     *                          429 when too many pushes wait
     */
    public PushView push(String name, String contentId, LmsTarget target, Caller caller, String requestId) throws SQLException {
        LmsProvider provider = provider(name);
        CourseContent deliverable;
        try {
            deliverable = content.deliverable(contentId, caller.role() == Role.ADMIN ? null : caller.name())
                    .orElseThrow(() -> ProblemException.notFound("No content or course " + contentId + "."));
        } catch (WorkflowException e) {
            throw e.toProblem(30);
        }
        String key = name + '\n' + caller.name() + '\n' + contentId + '\n' + target.course() + '\n' + target.section();
        synchronized (sameContent) {
            String already = sameContent.get(key);
            if (already != null) {
                // the same push asked again while it runs (a double click, a client retrying): that push, not a second one
                Optional<PushView> running = store.push(already);
                if (running.isPresent() && !running.get().ended()) {
                    return running.get();
                }
            }
            Instant now = clock.instant();
            PushView queued = new PushView(UUID.randomUUID().toString(), name, contentId, deliverable.course() ? "course" : "lesson",
                    target, caller.name(), PushView.QUEUED, new PushView.Progress(0, 0, "waiting for a free push thread"), List.of(),
                    List.of(), null, null, now, now);
            store.insertPush(queued);
            CompletableFuture<PushView> done = new CompletableFuture<>();
            running.put(queued.id(), done);
            sameContent.put(key, queued.id());
            try {
                pool.execute(() -> run(queued, provider, deliverable, requestId, done, key));
            } catch (RejectedExecutionException e) {
                running.remove(queued.id());
                sameContent.remove(key, queued.id());
                store.finish(queued.id(), null, "refused: " + config.push_queue() + " pushes are waiting already", "RATE_LIMITED",
                        clock.millis());
                throw ProblemException.tooManyRequests("Too many LMS pushes are under way on this server; try again in a minute.", 60);
            }
            return queued;
        }
    }

    /** The push under way of each provider, owner, content and target, on this node. */
    private final Map<String, String> sameContent = new java.util.HashMap<>();

    private void run(PushView push, LmsProvider provider, CourseContent deliverable, String requestId, CompletableFuture<PushView> done,
            String key) {
        String id = push.id();
        try {
            store.progress(id, PushView.RUNNING, 0, 0, "making the files", clock.millis());
            List<LmsIssue> issues = new ArrayList<>();
            List<LmsFile> files = files(deliverable, issues);
            LmsDelivery delivery = new LmsDelivery(deliverable, push.target(), files);
            LmsPushResult result = provider.push(delivery, connection(push.provider(), push.owner(), requestId, id));
            if (result == null) {
                result = new LmsPushResult(List.of(), List.of());
            }
            issues.addAll(result.issues());
            store.finish(id, new LmsPushResult(result.objects(), issues), null, null, clock.millis());
            LOG.info("LMS push {} of {} to {} by {}: {} objects, {} issues", id, push.contentId(), push.provider(), push.owner(),
                    result.objects().size(), issues.size());
        } catch (Exception | LinkageError e) {
            Failure failure = Failure.of(e);
            LOG.info("LMS push {} of {} to {} failed: {}", id, push.contentId(), push.provider(), failure.message());
            try {
                store.finish(id, null, failure.message(), failure.kind().name(), clock.millis());
            } catch (SQLException ex) {
                LOG.warn("Cannot record the end of LMS push {}: {}", id, ex.toString());
            }
        } finally {
            running.remove(id);
            synchronized (sameContent) {
                sameContent.remove(key, id);
            }
            try {
                done.complete(store.push(id).orElse(push));
            } catch (SQLException e) {
                done.completeExceptionally(e);
            }
        }
    }

    /** Every installed format's file of this content, largest allowed size kept; what fails is said, not fatal. */
    private List<LmsFile> files(CourseContent deliverable, List<LmsIssue> issues) {
        long max = config.max_file_mb() * 1024L * 1024L;
        List<LmsFile> files = new ArrayList<>();
        for (ExportFormat f : formats.stream().sorted(Comparator.comparing(f -> String.valueOf(safe(f::id)))).toList()) {
            String fileName = safe(f::fileName);
            if (fileName == null) {
                continue;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                f.exportCourse(deliverable, out);
            } catch (IOException | RuntimeException e) {
                issues.add(new LmsIssue("warning", fileName, fileName + " was not made: " + e.getMessage()));
                continue;
            }
            if (out.size() > max) {
                issues.add(new LmsIssue("warning", fileName, fileName + " is " + out.size() / (1024 * 1024) + " MB, over the "
                        + config.max_file_mb() + " MB a push carries; it was left out"));
                continue;
            }
            files.add(new LmsFile(fileName, safe(f::contentType), out.toByteArray()));
        }
        return files;
    }

    private LmsConnectionImpl connection(String provider, String user, String requestId, String pushId) {
        return new LmsConnectionImpl(provider, user, requestId, pushId, this);
    }

    /** Completes with the push once it ended, or as it is after {@code maxWait}. */
    public CompletionStage<PushView> await(String id, Duration maxWait) throws SQLException {
        CompletableFuture<PushView> done = running.get(id);
        PushView now = store.push(id).orElseThrow(() -> ProblemException.notFound("No push " + id + "."));
        if (done == null || now.ended()) {
            return CompletableFuture.completedFuture(now);
        }
        // a copy times out, never the push's own future, which other waiters share
        return done.copy().completeOnTimeout(null, maxWait.toMillis(), TimeUnit.MILLISECONDS).thenApply(v -> {
            try {
                return v != null ? v : store.push(id).orElse(now);
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** The push, if the caller may see it (its owner, or an admin). */
    public Optional<PushView> find(String id, Caller caller) throws SQLException {
        sweep(false);
        return store.push(id).filter(p -> caller.role() == Role.ADMIN || p.owner().equals(caller.name()));
    }

    List<PushView> list(Caller caller, int offset, int limit) throws SQLException {
        sweep(false);
        return store.pushes(caller.role() == Role.ADMIN ? null : caller.name(), offset, limit);
    }

    /** What the LMS holds now of a push's content at its target, read back from the LMS. */
    List<LmsObject> readBack(PushView push, String requestId) throws Exception {
        LmsProvider provider = provider(push.provider());
        CourseContent deliverable;
        try {
            deliverable = content.deliverable(push.contentId(), null)
                    .orElseThrow(() -> ProblemException.notFound("The content " + push.contentId() + " of this push is gone."));
        } catch (WorkflowException e) {
            throw e.toProblem(30);
        }
        return provider.readBack(new LmsDelivery(deliverable, push.target(), List.of()),
                connection(push.provider(), push.owner(), requestId, push.id()));
    }

    /** For the health contributor: installed providers and their health, and whether credentials can be used. */
    HealthCheck health() {
        if (cipherProblem != null) {
            return HealthCheck.degraded(cipherProblem, Map.of());
        }
        Map<String, Object> details = new java.util.TreeMap<>();
        List<String> unwell = new ArrayList<>();
        providers.serving().forEach((name, p) -> {
            HealthCheck h;
            try {
                h = p.health();
            } catch (RuntimeException e) {
                h = HealthCheck.down(e.toString());
            }
            details.put(name, h.status().name() + (h.message() == null ? "" : ": " + h.message()));
            if (h.status() != org.toolboxai.api.health.HealthStatus.UP) {
                unwell.add(name + " (" + h.message() + ")");
            }
        });
        details.put("pushes_running", running.size());
        if (providers.serving().isEmpty()) {
            return HealthCheck.degraded("no LMS provider is installed (feature:install toolbox-lms-files, -canvas or -schoology)", details);
        }
        return unwell.isEmpty() ? HealthCheck.up(details) : HealthCheck.degraded("LMS not ready: " + String.join("; ", unwell), details);
    }

    // for the connection
    ResourceGuard guard() {
        return guard;
    }

    ErrorCoordinator errors() {
        return errors;
    }

    Duration permitWait() {
        return Duration.ofSeconds(Math.max(1, config.permit_wait_seconds()));
    }

    Optional<String> credential(String owner, String provider, String field) throws SQLException {
        Optional<CredentialCipher.Sealed> sealed = store.credential(owner, provider, field);
        if (sealed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(cipher().open(sealed.get(), owner, provider, field));
    }

    void progress(String pushId, int done, int total, String doing) {
        if (pushId == null) {
            return;
        }
        try {
            store.progress(pushId, PushView.RUNNING, done, total, doing, clock.millis());
        } catch (SQLException e) {
            LOG.debug("Cannot record the progress of push {}: {}", pushId, e.toString());
        }
    }

    private static List<String> fields(LmsProvider p) {
        try {
            List<String> f = p.credentialFields();
            return f == null ? List.of() : List.copyOf(f);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Another bundle's answer, or {@code null} when it throws. */
    static <T> T safe(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
