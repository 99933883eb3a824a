package org.toolboxai.itest.workflow;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.store.Store;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * Step type {@code itest.record}: appends every attempt's start to {@code data/itest-starts.log}
 * ({@code runId/stepId attempt epochMillis}), sleeps the run's {@code sleep_millis}, appends its end
 * to {@code data/itest-ends.log} (the same, when the handler returns), and records its completion in the table
 * {@code itest_execution} through a step effect, i.e. in the same transaction as the step's
 * completion: each row is a completed execution, counted exactly once whatever crashes.
 */
@Component(service = StepHandler.class)
public class RecordingStepHandler implements StepHandler {

    private final Path starts = Paths.get(System.getProperty("karaf.data", "data"), "itest-starts.log");
    private final Path ends = Paths.get(System.getProperty("karaf.data", "data"), "itest-ends.log");

    /** Starts once this bundle's own migration created the table the effects write to. */
    @Activate
    public RecordingStepHandler(@Reference(target = "(" + Store.SCHEMA + "=itest_workflow)") Store store) {
        // the reference is the point: the table exists before this handler can be called
    }

    @Override
    public String type() {
        return "itest.record";
    }

    @Override
    public StepResult execute(StepContext context) throws Exception {
        String key = context.idempotencyKey();
        log(starts, key + " " + context.attempt() + " " + System.currentTimeMillis());
        Object sleep = context.parameters().getOrDefault("sleep_millis", 100);
        long until = System.currentTimeMillis() + ((Number) sleep).longValue();
        while (System.currentTimeMillis() < until) {
            if (context.cancelled()) {
                throw new InterruptedException("cancelled");
            }
            Thread.sleep(10);
        }
        int attempt = context.attempt();
        log(ends, key + " " + attempt + " " + System.currentTimeMillis());
        return StepResult.of(Map.of("step", context.stepId(), "inputs", context.inputs().size()))
                .withEffect(connection -> {
                    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO itest_execution VALUES (?, ?)")) {
                        ps.setString(1, key);
                        ps.setInt(2, attempt);
                        ps.executeUpdate();
                    }
                });
    }

    private synchronized void log(Path file, String line) throws java.io.IOException {
        Files.write(file, (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
