package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.toolboxai.api.store.Store;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/** A configuration change applies to the running engine: same component, new scheduler, runs carry on. */
class WorkflowEngineTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private WorkflowEngine engine;
    private final AtomicInteger executions = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
        org.toolboxai.store.internal.SchemaMigrator.migrate(dataSource, "workflow", Scheduler.class.getClassLoader(), "db/workflow");
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("one.json"), "{\"name\": \"one\", \"steps\": [{\"id\": \"only\", \"type\": \"t.held\"}]}");
        engine = new WorkflowEngine(store(dataSource), config(10, templates), bundleWithoutTemplates());
        engine.addHandler(new StepHandler() {
            @Override
            public String type() {
                return "t.held";
            }

            @Override
            public StepResult execute(StepContext context) throws Exception {
                executions.incrementAndGet();
                // held until the test releases it; an interrupt (scheduler stopped) ends the attempt
                release.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                return StepResult.of(Map.of("done", true));
            }
        }, Map.of());
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        engine.deactivate();
    }

    @Test
    void newLimitsApplyToTheSameEngineWithoutDeactivatingIt() {
        assertThat(maxRunning()).isEqualTo(10);

        engine.modified(config(3, dir.resolve("templates")));

        assertThat(maxRunning()).isEqualTo(3);
        assertThat(engine.templates()).extracting(t -> t.name()).containsExactly("one");
    }

    @Test
    void aRunInFlightDuringAChangeCompletesOnTheNewScheduler() {
        runThroughAChangeTo(config(3, dir.resolve("templates")));

        // the step in flight was stopped with the old scheduler and ran again on the new one
        assertThat(executions).hasValue(2);
    }

    @Test
    void anUnchangedConfigurationLeavesTheSchedulerAndItsStepsAlone() {
        runThroughAChangeTo(config(10, dir.resolve("templates")));

        assertThat(executions).hasValue(1);
    }

    /** Starts a run, applies {@code config} while its step is in flight, and waits for the run to complete. */
    private void runThroughAChangeTo(WorkflowConfig config) {
        String id = engine.create("one", Map.of(), "tom").id();
        await().atMost(BOUND).until(() -> executions.get() == 1);

        engine.modified(config);
        release.countDown();

        await().atMost(BOUND).until(() -> engine.find(id).orElseThrow().state() == RunState.COMPLETED);
    }

    private int maxRunning() {
        return engine.health(5_000).orElseThrow().load().orElseThrow().maxRunning();
    }

    private static Store store(DataSource dataSource) {
        return new Store() {
            @Override
            public DataSource dataSource() {
                return dataSource;
            }

            @Override
            public String databaseProduct() {
                return "H2";
            }

            @Override
            public String schemaVersion() {
                return "2";
            }

            @Override
            public String schema() {
                return "workflow";
            }
        };
    }

    /** A bundle context whose bundle holds no built-in templates. */
    private static BundleContext bundleWithoutTemplates() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(WorkflowEngineTest.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (proxy, method, args) -> null);
        return (BundleContext) Proxy.newProxyInstance(WorkflowEngineTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) ->
                        method.getName().equals("getBundle") ? bundle
                                : method.getName().equals("getBundles") ? new Bundle[0] : null);
    }

    private static WorkflowConfig config(int maxRunningRuns, Path templateFolder) {
        return new WorkflowConfig() {
            @Override
            public int max_running_runs() {
                return maxRunningRuns;
            }

            @Override
            public int queue_capacity() {
                return 100;
            }

            @Override
            public int worker_threads() {
                return 4;
            }

            @Override
            public long default_step_timeout_seconds() {
                return 30;
            }

            @Override
            public int default_retries() {
                return 0;
            }

            @Override
            public long retry_initial_millis() {
                return 10;
            }

            @Override
            public long retry_max_millis() {
                return 50;
            }

            @Override
            public String template_folder() {
                return templateFolder.toString();
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return WorkflowConfig.class;
            }
        };
    }
}
