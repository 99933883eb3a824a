package org.toolboxai.coordinator.workflow.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.store.Store;
import org.toolboxai.api.workflow.RunPage;
import org.toolboxai.api.workflow.RunQuery;
import org.toolboxai.api.workflow.RunSummary;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.TemplateInfo;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowService;

/**
 * The workflow coordinator's service: templates from this bundle and the administrator's folder,
 * step handlers as they come and go, the scheduler on the toolbox store, state changes published
 * on EventAdmin ({@code org/toolboxai/workflow/run/<STATE>}, {@code .../step/<STATE>}).
 */
@Component(service = {WorkflowService.class, WorkflowEngine.class}, configurationPid = WorkflowConfig.PID)
@Designate(ocd = WorkflowConfig.class)
public class WorkflowEngine implements WorkflowService {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowEngine.class);
    /** Longer than a scheduler takes to stop (it waits up to 10 s for its loop). */
    private static final long SWITCH_WAIT_SECONDS = 15;

    /** What a scheduler is built from; a change of either part builds a new one. */
    private record Configured(EngineSettings settings, Path templateFolder) {
        static Configured of(WorkflowConfig config) {
            String folder = config.template_folder().isBlank()
                    ? Paths.get(System.getProperty("karaf.etc", "etc"), "toolbox", "workflows").toString()
                    : config.template_folder();
            return new Configured(new EngineSettings(config.max_running_runs(), config.queue_capacity(),
                    config.worker_threads(), config.default_step_timeout_seconds() * 1000, config.default_retries(),
                    config.retry_initial_millis(), config.retry_max_millis()), Path.of(folder));
        }
    }

    /** The scheduler in force and what it was built with. */
    private record InForce(Configured configured, Scheduler scheduler) {
    }

    /** A handler with its service properties (ranking), replayed into a new scheduler. */
    private record Bound(StepHandler handler, Map<String, Object> properties) {
    }

    /** How often the administrator's template folder is checked for changes. */
    static final long TEMPLATE_POLL_MILLIS = 2000;

    /** The scheduler's state as the health report needs it, read at one moment. */
    record SchedulerHealth(boolean alive, Optional<Scheduler.Load> load, List<String> templateProblems) {
    }

    private final WorkflowStore store;
    private final BundleContext context;
    /** Templates outlive schedulers: built-in, from bundles, and the folder, kept current by the sources. */
    private final TemplateRegistry templates;
    private volatile TemplateSources templateSources;
    private final List<Bound> handlers = new CopyOnWriteArrayList<>();
    /**
     * Callers use the scheduler under the read lock; a new configuration replaces it under the
     * write lock. So a request arriving during the replacement waits for the new scheduler rather
     * than failing against the stopped one, and the component (with the REST endpoints and the
     * health contributor bound to it) is never deactivated by a configuration change.
     */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile InForce inForce;
    private volatile EventAdmin eventAdmin;

    /** Loads templates, resumes unfinished runs. */
    @Activate
    public WorkflowEngine(@Reference(target = "(" + Store.SCHEMA + "=workflow)") Store store, WorkflowConfig config,
            BundleContext context) throws SQLException {
        this.store = new WorkflowStore(store.dataSource());
        this.context = context;
        Configured configured = Configured.of(config);
        this.templates = new TemplateRegistry(TemplateSources.read(context.getBundle(), "templates"));
        this.templateSources = new TemplateSources(templates, context, configured.templateFolder(), TEMPLATE_POLL_MILLIS);
        InForce first = build(configured);
        first.scheduler().start();
        this.inForce = first;
        LOG.info("Workflow engine started with {} templates ({} rejected)", templates.all().size(),
                templates.problems().size());
    }

    /**
     * A changed configuration: the scheduler is stopped and a new one built with the new settings
     * and templates resumes the unfinished runs, as after a restart (steps that were in flight run
     * again), while this component and its services stay registered.
     */
    @Modified
    void modified(WorkflowConfig config) {
        Configured next = Configured.of(config);
        lock.writeLock().lock();
        try {
            InForce old = inForce;
            if (old.configured().equals(next)) {
                return;
            }
            if (!old.configured().templateFolder().equals(next.templateFolder())) {
                templateSources.close();
                templateSources = new TemplateSources(templates, context, next.templateFolder(), TEMPLATE_POLL_MILLIS);
            }
            if (old.configured().settings().equals(next.settings())) {
                inForce = new InForce(next, old.scheduler());
                return;
            }
            old.scheduler().stop();
            InForce fresh = build(next);
            try {
                fresh.scheduler().start();
                LOG.info("Workflow scheduler restarted with the new configuration: {}", next.settings());
            } catch (SQLException | RuntimeException e) {
                // the health report shows the scheduler DOWN, and requests get 503, until the next change
                LOG.error("The workflow scheduler did not start with the new configuration", e);
            }
            inForce = fresh;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Deactivate
    void deactivate() {
        templateSources.close();
        lock.writeLock().lock();
        try {
            inForce.scheduler().stop();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private InForce build(Configured configured) {
        Scheduler scheduler = new Scheduler(store, templates, configured.settings(), this::publish, Clock.systemUTC());
        handlers.forEach(bound -> scheduler.handlerAdded(bound.handler(), bound.properties()));
        return new InForce(configured, scheduler);
    }

    /** Runs {@code call} with the scheduler in force, waiting while a new one is being started. */
    private <T> T withScheduler(Function<InForce, T> call) {
        boolean locked;
        try {
            locked = lock.readLock().tryLock(SWITCH_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "Interrupted.");
        }
        if (!locked) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE,
                    "The workflow engine is applying a new configuration; try again.");
        }
        try {
            return call.apply(inForce);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A step handler appeared: steps of its type run, waiting ones continue. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(StepHandler handler, Map<String, Object> properties) {
        // under the lock, so a scheduler being built either replays this handler or gets it here
        underReadLock(() -> {
            handlers.add(new Bound(handler, properties));
            inForce.scheduler().handlerAdded(handler, properties);
        });
    }

    void removeHandler(StepHandler handler) {
        underReadLock(() -> {
            handlers.removeIf(bound -> bound.handler() == handler);
            inForce.scheduler().handlerRemoved(handler);
        });
    }

    private void underReadLock(Runnable action) {
        lock.readLock().lock();
        try {
            action.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** EventAdmin is optional: without it nothing is published. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        this.eventAdmin = admin;
    }

    void unsetEventAdmin(EventAdmin admin) {
        if (this.eventAdmin == admin) {
            this.eventAdmin = null;
        }
    }

    private void publish(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            try {
                admin.postEvent(new Event(topic, properties));
            } catch (RuntimeException e) {
                LOG.debug("Event {} not posted", topic, e);
            }
        }
    }

    @Override
    public WorkflowRun create(String template, Map<String, Object> parameters, String owner) {
        return withScheduler(now -> now.scheduler().create(template, parameters, owner));
    }

    @Override
    public Optional<WorkflowRun> find(String runId) {
        return withScheduler(now -> Optional.ofNullable(now.scheduler().find(runId)));
    }

    @Override
    public RunPage list(RunQuery query) {
        try {
            int limit = Math.max(1, Math.min(200, query.limit()));
            var page = store.list(query.owner(), query.state(), query.template(), Math.max(0, query.offset()), limit);
            List<RunSummary> runs = page.getKey().stream().map(r -> new RunSummary(r.id(), r.template(), r.owner(), r.state(),
                    java.time.Instant.ofEpochMilli(r.createdAt()),
                    r.finishedAt() > 0 ? java.time.Instant.ofEpochMilli(r.finishedAt()) : null)).toList();
            return new RunPage(runs, page.getValue());
        } catch (SQLException e) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The store cannot be read: " + e.getMessage());
        }
    }

    @Override
    public WorkflowRun pause(String runId) {
        return control(runId, "pause");
    }

    @Override
    public WorkflowRun resume(String runId) {
        return control(runId, "resume");
    }

    @Override
    public WorkflowRun cancel(String runId) {
        return control(runId, "cancel");
    }

    private WorkflowRun control(String runId, String action) {
        return withScheduler(now -> now.scheduler().control(runId, action));
    }

    @Override
    public List<TemplateInfo> templates() {
        List<TemplateInfo> result = new ArrayList<>();
        for (Template t : templates.all()) {
            Map<String, Map<String, Object>> params = new LinkedHashMap<>();
            t.parameters().forEach((name, p) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", p.type());
                m.put("required", p.required() && p.defaultValue() == null);
                if (p.defaultValue() != null) {
                    m.put("default", p.defaultValue());
                }
                if (p.min() != null) {
                    m.put("min", p.min());
                }
                if (p.max() != null) {
                    m.put("max", p.max());
                }
                if (!p.allowed().isEmpty()) {
                    m.put("allowed", p.allowed());
                }
                if (p.description() != null) {
                    m.put("description", p.description());
                }
                params.put(name, m);
            });
            List<Map<String, Object>> steps = new ArrayList<>();
            for (Template.StepSpec s : t.steps()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.id());
                m.put(s.type() != null ? "type" : "subflow", s.type() != null ? s.type() : s.subflow());
                if (s.repeat() != null) {
                    m.put("repeat", s.repeat());
                }
                m.put("depends_on", s.dependsOn());
                if (s.optional()) {
                    m.put("optional", true);
                }
                steps.add(m);
            }
            result.add(new TemplateInfo(t.name(), t.description(), t.source(), params, steps));
        }
        return result;
    }

    /** Why templates were rejected at load. */
    public List<String> templateProblems() {
        return templates.problems();
    }

    /**
     * The scheduler's state for the health report, without waiting: empty while a new
     * configuration is being applied (the old scheduler is stopped then, which is not a failure).
     */
    Optional<SchedulerHealth> health(long loopAnswerMillis) {
        if (!lock.readLock().tryLock()) {
            return Optional.empty();
        }
        try {
            InForce now = inForce;
            return Optional.of(new SchedulerHealth(now.scheduler().loopAlive(), now.scheduler().load(loopAnswerMillis),
                    templates.problems()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Step types some run waits for. */
    public List<String> waitingTypes() {
        return withScheduler(now -> now.scheduler().waitingTypes());
    }
}
