package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.workflow.WorkflowException;

class WorkflowEndpointTest {

    @Test
    void aFullQueueIsA429WithRetryAfter() {
        ProblemException p = WorkflowEndpoint.problem(new WorkflowException(WorkflowException.Kind.QUEUE_FULL, "full"));
        assertThat(p.problem().status()).isEqualTo(429);
        assertThat(p.headers()).containsKey("Retry-After");
    }

    @Test
    void invalidParametersAreA400ListingTheFields() {
        ProblemException p = WorkflowEndpoint.problem(new WorkflowException(WorkflowException.Kind.INVALID, "bad",
                List.of(new FieldError("parameters.subject", "required"))));
        assertThat(p.problem().status()).isEqualTo(400);
        assertThat(p.problem().extensions().get("errors")).asList().hasSize(1);
    }

    @Test
    void otherKindsMapToTheirStatuses() {
        assertThat(WorkflowEndpoint.problem(new WorkflowException(WorkflowException.Kind.NOT_FOUND, "x")).problem().status()).isEqualTo(404);
        assertThat(WorkflowEndpoint.problem(new WorkflowException(WorkflowException.Kind.CONFLICT, "x")).problem().status()).isEqualTo(409);
        assertThat(WorkflowEndpoint.problem(new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "x")).problem().status()).isEqualTo(503);
    }
}
