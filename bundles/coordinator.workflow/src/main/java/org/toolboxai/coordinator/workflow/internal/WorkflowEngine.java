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
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.error.ErrorCoordinator;
import org.toolboxai.api.guard.CallContext;
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
 * on EventAdmin ({@link org.toolboxai.api.workflow.WorkflowEvents}). Its configuration comes from
 * {@link EngineConfiguration} and applies while it runs: new limits for new work, the template
 * folder re-pointed; nothing running is stopped or interrupted.
 */
@Component(service = {WorkflowService.class, WorkflowEngine.class})
public class WorkflowEngine implements WorkflowService {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowEngine.class);

    /** How often the administrator's template folder is checked for changes. */
    static final long TEMPLATE_POLL_MILLIS = 2000;

    private final TemplateRegistry templates;
    private final TemplateSources templateSources;
    private final Scheduler scheduler;
    private final EngineConfiguration configuration;
    private final Consumer<WorkflowConfig> reconfigure = this::reconfigure;
    private volatile EventAdmin eventAdmin;
    private volatile ErrorCoordinator errors;

    /** Loads templates, resumes unfinished runs. */
    @Activate
    public WorkflowEngine(@Reference(target = "(" + Store.SCHEMA + "=workflow)") Store store,
            @Reference EngineConfiguration configuration, BundleContext context) throws SQLException {
        WorkflowConfig config = configuration.current();
        this.configuration = configuration;
        this.templates = new TemplateRegistry(TemplateSources.read(context.getBundle(), "templates"));
        this.templateSources = new TemplateSources(templates, context, folder(config), TEMPLATE_POLL_MILLIS);
        String nodeId = NodeIdentity.resolve(config.node_id(),
                Paths.get(System.getProperty("karaf.data", "data"), "toolbox", "node-id"));
        WorkflowStore runs = new WorkflowStore(store.dataSource(), nodeId);
        this.scheduler = new Scheduler(runs, new NodeTable(store.dataSource(), nodeId, NodeIdentity.address()), templates,
                EngineSettings.of(config), this::publish, Clock.systemUTC());
        scheduler.start();
        configuration.subscribe(reconfigure);
        LOG.info("Workflow engine started as node {} with {} templates ({} rejected)", nodeId, templates.all().size(),
                templates.problems().size());
    }

    private static Path folder(WorkflowConfig config) {
        return config.template_folder().isBlank()
                ? Paths.get(System.getProperty("karaf.etc", "etc"), "toolbox", "workflows")
                : Path.of(config.template_folder());
    }

    /** A configuration change: new limits for new work, templates from the new folder. */
    private void reconfigure(WorkflowConfig config) {
        if (!config.node_id().isBlank() && !config.node_id().strip().equals(scheduler.nodeId())) {
            LOG.warn("node.id changed to {}; this node stays {} until its next start", config.node_id().strip(), scheduler.nodeId());
        }
        scheduler.update(EngineSettings.of(config));
        templateSources.pointTo(folder(config));
    }

    @Deactivate
    void deactivate() {
        configuration.unsubscribe(reconfigure);
        templateSources.close();
        scheduler.stop();
    }

    /** A step handler appeared: steps of its type run, waiting ones continue. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(StepHandler handler, Map<String, Object> properties) {
        scheduler.handlerAdded(handler, properties);
    }

    void removeHandler(StepHandler handler) {
        scheduler.handlerRemoved(handler);
    }

    /**
     * The error coordinator is optional: with it, a handler that throws an exception no component
     * typed (a fault of the handler, not of a remote service) is reported as an internal error of
     * the step, with its run, step and owner. Typed failures are reported by the components that
     * know their context (the agents' model calls, through recovery).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setErrorCoordinator(ErrorCoordinator errors) {
        this.errors = errors;
        scheduler.failureReporter((attempt, thrown) -> {
            ErrorCoordinator current = this.errors;
            if (current != null) {
                current.report(thrown, new CallContext("workflow", attempt.step.plan.type(), "workflow", attempt.context.owner(),
                        attempt.context.runId(), attempt.context.stepId(), null));
            }
        });
    }

    void unsetErrorCoordinator(ErrorCoordinator errors) {
        if (this.errors == errors) {
            this.errors = null;
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
        return scheduler.create(template, parameters, owner);
    }

    @Override
    public List<FieldError> check(String template, Map<String, Object> parameters) {
        return scheduler.check(template, parameters);
    }

    @Override
    public Optional<WorkflowRun> find(String runId) {
        return Optional.ofNullable(scheduler.find(runId));
    }

    @Override
    public RunPage list(RunQuery query) {
        try {
            int limit = Math.max(1, Math.min(200, query.limit()));
            var page = scheduler.store().list(query.owner(), query.state(), query.template(), Math.max(0, query.offset()), limit);
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
        return scheduler.control(runId, RunAction.PAUSE);
    }

    @Override
    public WorkflowRun resume(String runId) {
        return scheduler.control(runId, RunAction.RESUME);
    }

    @Override
    public WorkflowRun cancel(String runId) {
        return scheduler.control(runId, RunAction.CANCEL);
    }

    @Override
    public WorkflowRun retryBranch(String runId, String branch) {
        return scheduler.retryBranch(runId, branch);
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

    /** Whether the scheduler's loop thread runs. */
    boolean schedulerAlive() {
        return scheduler.loopAlive();
    }

    /** The scheduler's load; empty when its loop does not answer in time. */
    public Optional<SchedulerLoad> load(long timeoutMillis) {
        return scheduler.load(timeoutMillis);
    }

    /** This node's id among the nodes sharing the database. */
    public String nodeId() {
        return scheduler.nodeId();
    }

    /** The nodes sharing the database, this one first. */
    public List<NodeView> nodes() {
        long now = System.currentTimeMillis();
        return scheduler.nodes().stream().map(n -> NodeView.of(n, scheduler.nodeId(), now)).toList();
    }

    /** A run's persisted state changes after sequence number {@code after}, at most {@code limit}. */
    List<WorkflowStore.StoredEvent> events(String runId, long after, int limit) {
        try {
            return scheduler.store().events(runId, after, limit);
        } catch (SQLException e) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The store cannot be read: " + e.getMessage());
        }
    }

    /** Step types some run waits for. */
    public List<String> waitingTypes() {
        return scheduler.waitingTypes();
    }
}
