package org.toolboxai.coordinator.workflow.internal;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcConnectionPool;
import org.toolboxai.agents.internal.AgentsConfig;
import org.toolboxai.agents.internal.CurriculumAgent;
import org.toolboxai.agents.internal.EnvironmentAgent;
import org.toolboxai.agents.internal.IntegrationAgent;
import org.toolboxai.agents.internal.ModelProviders;
import org.toolboxai.agents.internal.QuizAgent;
import org.toolboxai.agents.internal.ScriptAgent;
import org.toolboxai.api.model.ChatModelProvider;
import org.toolboxai.api.model.ModelException;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.provider.offline.internal.OfflineChatModelProvider;
import org.toolboxai.store.internal.SchemaMigrator;

/**
 * CONCURRENT lesson generations through the real scheduler and agents against a model that
 * answers after LATENCY ms (the offline generator behind a delay): is the wall time near one
 * request's, or near CONCURRENT of them?
 */
public final class ContentConcurrencyBenchmark {

    private ContentConcurrencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int concurrent = Integer.parseInt(System.getProperty("concurrent", "20"));
        long latency = Long.parseLong(System.getProperty("latency", "500"));
        int maxRunning = Integer.parseInt(System.getProperty("maxRunning", "20"));
        int workers = Integer.parseInt(System.getProperty("workers", "40"));
        ChatModelProvider slow = new ChatModelProvider() {
            private final OfflineChatModelProvider offline = new OfflineChatModelProvider();

            @Override
            public String name() {
                return "slow";
            }

            @Override
            public String model() {
                return "offline-behind-" + latency + "ms";
            }

            @Override
            public ModelReply complete(ModelRequest request) throws ModelException {
                try {
                    Thread.sleep(latency);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ModelException("interrupted", false, e);
                }
                return offline.complete(request);
            }
        };
        ModelProviders providers = new ModelProviders(new AgentsConfig() {
            @Override
            public String provider() {
                return "slow";
            }

            @Override
            public int max_attempts() {
                return 3;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return AgentsConfig.class;
            }
        });
        java.lang.reflect.Method add = ModelProviders.class.getDeclaredMethod("addProvider", ChatModelProvider.class);
        add.setAccessible(true);
        add.invoke(providers, slow);

        Path dir = Files.createTempDirectory("toolbox-bench-content");
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("store") + ";WRITE_DELAY=0", "sa", "");
        SchemaMigrator.migrate(pool, "workflow", Scheduler.class.getClassLoader(), "db/workflow");
        byte[] template;
        try (InputStream in = Scheduler.class.getResourceAsStream("/templates/educational_content.json")) {
            template = in.readAllBytes();
        }
        TemplateRegistry templates = new TemplateRegistry(List.of(new TemplateRegistry.Source("educational_content", template)));
        Scheduler scheduler = new Scheduler(new WorkflowStore(pool), templates,
                new EngineSettings(maxRunning, 1000, workers, 60_000, 2, 200, 2000, 30_000), (t, p) -> { }, Clock.systemUTC());
        scheduler.handlerAdded(new CurriculumAgent(providers));
        scheduler.handlerAdded(new EnvironmentAgent(providers));
        scheduler.handlerAdded(new QuizAgent(providers));
        scheduler.handlerAdded(new ScriptAgent(providers));
        scheduler.handlerAdded(new IntegrationAgent());
        scheduler.start();

        double single = run(scheduler, 1, 0);
        double wall = run(scheduler, concurrent, 1);
        scheduler.stop();
        pool.dispose();

        System.out.printf("%n## Concurrent generations against a slow model%n%n");
        System.out.printf("model answers after %d ms (4 model calls per lesson, 3 on the critical path); %d runs at once, %d workers, %d CPUs%n%n",
                latency, maxRunning, workers, Runtime.getRuntime().availableProcessors());
        System.out.printf("| measure | value |%n|---|---|%n");
        System.out.printf("| one request alone | %.2f s |%n", single);
        System.out.printf("| %d concurrent requests, wall time | %.2f s |%n", concurrent, wall);
        System.out.printf("| ratio to one request | %.2f (1.0 ideal, %d if serial) |%n", wall / single, concurrent);
    }

    private static double run(Scheduler scheduler, int n, int seed) throws InterruptedException {
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(scheduler.create("educational_content", Map.of("subject", "Mathematics", "grade_level", 7L,
                    "learning_objectives", List.of("Fractions " + seed + "-" + i, "Decimals"), "quiz", Map.of("question_count", 8)),
                    "bench").id());
        }
        for (String id : ids) {
            while (true) {
                RunState state = scheduler.find(id).state();
                if (state.isFinal()) {
                    if (state != RunState.COMPLETED) {
                        throw new IllegalStateException(id + " " + state + ": " + scheduler.find(id).error());
                    }
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
