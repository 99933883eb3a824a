package org.toolboxai.coordinator.workflow.internal;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;
import org.toolboxai.api.workflow.StepView;
import org.toolboxai.api.workflow.WorkflowRun;

/** A scheduler on a fresh H2 store with the templates of the test class, and handlers made of lambdas. */
abstract class SchedulerTestSupport {

    static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    javax.sql.DataSource dataSource;
    TemplateRegistry templates;
    final List<Scheduler> schedulers = new ArrayList<>();
    /** Attempts per step id, counted before the handler's body runs. */
    final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    /** Every event the schedulers posted: topic and properties. */
    final List<Map.Entry<String, Map<String, Object>>> events = Collections.synchronizedList(new ArrayList<>());

    /** The templates (JSON) the tests of the class use. */
    abstract List<String> templateJson();

    /** The embedded H2 default; the PostgreSQL subclasses give a fresh database of their server. */
    javax.sql.DataSource newDataSource() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
        return h2;
    }

    @BeforeEach
    void store() throws Exception {
        dataSource = newDataSource();
        org.toolboxai.store.internal.SchemaMigrator.migrate(dataSource, "workflow", Scheduler.class.getClassLoader(), "db/workflow");
        templates = new TemplateRegistry(templateJson().stream()
                .map(json -> new TemplateRegistry.Source("test", json.getBytes(StandardCharsets.UTF_8))).toList());
    }

    @AfterEach
    void stopSchedulers() {
        schedulers.forEach(Scheduler::stop);
    }

    /** Limits for tests: 30 s time-outs, no retries unless the template says, 10-50 ms back-off, 30 s effects. */
    static EngineSettings settings(int maxRuns, int queue, int workers) {
        return new EngineSettings(maxRuns, queue, workers, 30_000, 0, 10, 50, 30_000);
    }

    Scheduler scheduler(int maxRuns, int queue, int workers) throws Exception {
        return scheduler(settings(maxRuns, queue, workers));
    }

    Scheduler scheduler(EngineSettings settings) throws Exception {
        Scheduler s = new Scheduler(new WorkflowStore(dataSource), templates, settings,
                (topic, props) -> events.add(new AbstractMap.SimpleImmutableEntry<>(topic, props)), Clock.systemUTC());
        s.start();
        schedulers.add(s);
        return s;
    }

    /** A handler's body. */
    @FunctionalInterface
    interface Body {
        StepResult execute(StepContext context) throws Exception;
    }

    StepHandler handler(String type, Body body) {
        return new StepHandler() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public StepResult execute(StepContext context) throws Exception {
                executions.computeIfAbsent(context.stepId(), k -> new AtomicInteger()).incrementAndGet();
                return body.execute(context);
            }
        };
    }

    StepHandler echo(String type) {
        return handler(type, c -> StepResult.of(Map.of("step", c.stepId(), "inputs", c.inputs().keySet().stream().sorted().toList())));
    }

    /** A handler that returns once {@code release} is counted down (giving up after 30 s). */
    StepHandler blockedUntil(String type, CountDownLatch release) {
        return handler(type, c -> {
            release.await(30, TimeUnit.SECONDS);
            return StepResult.of(Map.of());
        });
    }

    static WorkflowRun awaitState(Scheduler s, String id, RunState state) {
        await().atMost(BOUND).until(() -> s.find(id).state() == state);
        return s.find(id);
    }

    static StepView step(WorkflowRun run, String id) {
        return run.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
