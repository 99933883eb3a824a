package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.workflow.RunPage;
import org.toolboxai.api.workflow.RunQuery;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.TemplateInfo;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowService;

/** The endpoint's own decisions: who sees which runs, and how refusals become problems. */
class WorkflowEndpointTest {

    private static final Caller TOM = new Caller("tom", Role.TEACHER, "basic");
    private static final Caller ANN = new Caller("ann", Role.TEACHER, "basic");
    private static final Caller ADMIN = new Caller("root", Role.ADMIN, "token");

    /** Runs by id; records what the endpoint asked. */
    private final class FakeWorkflows implements WorkflowService {
        final Map<String, WorkflowRun> runs = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        RunQuery lastQuery;
        WorkflowException refusal;

        WorkflowRun run(String id, String owner) {
            WorkflowRun run = new WorkflowRun(id, "t", owner, RunState.RUNNING, Map.of(), 0, null, List.of(), null,
                    Instant.EPOCH, null, null, List.of(), null);
            runs.put(id, run);
            return run;
        }

        public WorkflowRun create(String template, Map<String, Object> parameters, String owner) {
            calls.add("create " + template + " for " + owner);
            if (refusal != null) {
                throw refusal;
            }
            return run("new", owner);
        }

        public List<FieldError> check(String template, Map<String, Object> parameters) {
            calls.add("check " + template);
            return parameters == null || !parameters.containsKey("grade_level")
                    ? List.of(new FieldError("parameters.grade_level", "required")) : List.of();
        }

        public Optional<WorkflowRun> find(String runId) {
            return Optional.ofNullable(runs.get(runId));
        }

        public RunPage list(RunQuery query) {
            lastQuery = query;
            return new RunPage(List.of(), 0);
        }

        public WorkflowRun pause(String runId) {
            calls.add("pause " + runId);
            return runs.get(runId);
        }

        public WorkflowRun resume(String runId) {
            calls.add("resume " + runId);
            return runs.get(runId);
        }

        public WorkflowRun cancel(String runId) {
            calls.add("cancel " + runId);
            if (refusal != null) {
                throw refusal;
            }
            return runs.get(runId);
        }

        public WorkflowRun retryBranch(String runId, String branch) {
            calls.add("retry " + runId + " " + branch);
            return runs.get(runId);
        }

        public List<TemplateInfo> templates() {
            return List.of();
        }
    }

    private record Request(String method, String path, Map<String, String> params, Map<String, String> queries,
            Caller who, Object json) implements ApiRequest {
        public String pathParam(String name) {
            return params.get(name);
        }

        public Optional<String> query(String name) {
            return Optional.ofNullable(queries.get(name));
        }

        public List<String> queryAll(String name) {
            return query(name).map(List::of).orElse(List.of());
        }

        public Optional<String> header(String name) {
            return Optional.empty();
        }

        public Optional<Caller> caller() {
            return Optional.of(who);
        }

        public String requestId() {
            return "req-1";
        }

        public boolean hasBody() {
            return json != null;
        }

        public <T> T body(Class<T> type) {
            return type.cast(json);
        }

        /** The body as the web bundle reads it: a {@link Unknown} body lists its unknown fields. */
        public <T> T body(Class<T> type, List<FieldError> unknown) {
            if (json instanceof Unknown u) {
                unknown.addAll(u.fields());
                return type.cast(u.body());
            }
            return type.cast(json);
        }
    }

    private final FakeWorkflows workflows = new FakeWorkflows();
    private final WorkflowEndpoint endpoint = new WorkflowEndpoint(workflows);

    private ApiResponse call(String method, String template, Map<String, String> params, Map<String, String> queries,
            Caller caller, Object body) throws Exception {
        ApiRoute route = endpoint.routes().stream().filter(r -> r.method().equals(method) && r.path().equals(template))
                .findFirst().orElseThrow();
        return route.handler().handle(new Request(method, template, params, queries, caller, body));
    }

    @Test
    void aTeacherListsOnlyTheirOwnRunsWhateverTheQuerySaysAndAnAdminMayFilterByOwner() throws Exception {
        call("GET", "/workflows", Map.of(), Map.of("owner", "ann", "state", "running"), TOM, null);
        assertThat(workflows.lastQuery.owner()).isEqualTo("tom");
        assertThat(workflows.lastQuery.state()).isEqualTo(RunState.RUNNING);

        call("GET", "/workflows", Map.of(), Map.of("owner", "ann"), ADMIN, null);
        assertThat(workflows.lastQuery.owner()).isEqualTo("ann");
        call("GET", "/workflows", Map.of(), Map.of(), ADMIN, null);
        assertThat(workflows.lastQuery.owner()).isNull();
    }

    @Test
    void someoneElsesRunIsNotFoundAndCannotBeControlled() throws Exception {
        workflows.run("r1", "ann");

        assertThatThrownBy(() -> call("GET", "/workflows/{id}", Map.of("id", "r1"), Map.of(), TOM, null))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().status()).isEqualTo(404));
        assertThatThrownBy(() -> call("POST", "/workflows/{id}/cancel", Map.of("id", "r1"), Map.of(), TOM, null))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().status()).isEqualTo(404));
        assertThat(workflows.calls).isEmpty();

        assertThat(call("POST", "/workflows/{id}/cancel", Map.of("id", "r1"), Map.of(), ANN, null).status()).isEqualTo(200);
        assertThat(call("POST", "/workflows/{id}/pause", Map.of("id", "r1"), Map.of(), ADMIN, null).status()).isEqualTo(200);
        assertThat(workflows.calls).containsExactly("cancel r1", "pause r1");
    }

    @Test
    void aNewRunBelongsToItsCallerAndAnswers201WithItsLocation() throws Exception {
        ApiResponse created = call("POST", "/workflows", Map.of(), Map.of(), TOM,
                new WorkflowEndpoint.CreateRequest("lesson", Map.of()));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("Location", "/api/v1/workflows/new");
        assertThat(workflows.calls).containsExactly("create lesson for tom");
    }

    /** A body with fields its type does not know. */
    private record Unknown(Object body, List<FieldError> fields) {
    }

    @Test
    void anUnknownFieldIsListedWithTheTemplatesOwnFindingsAndNothingStarts() {
        Unknown body = new Unknown(new WorkflowEndpoint.CreateRequest("lesson", Map.of("subject", "Maths")),
                List.of(new FieldError("paramters", "unknown field")));
        assertThatThrownBy(() -> call("POST", "/workflows", Map.of(), Map.of(), TOM, body))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.problem().status()).isEqualTo(400);
                    assertThat(p.problem().extensions().get("errors")).asList()
                            .extracting(e -> ((FieldError) e).field()).containsExactly("paramters", "parameters.grade_level");
                });
        assertThat(workflows.calls).containsExactly("check lesson");
    }

    @Test
    void refusalsBecomeTheirProblems() {
        assertThatThrownBy(() -> call("POST", "/workflows", Map.of(), Map.of(), TOM, new WorkflowEndpoint.CreateRequest(" ", null)))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.problem().status()).isEqualTo(400);
                    assertThat(p.problem().extensions().get("errors")).asList()
                            .extracting(e -> ((FieldError) e).field()).containsExactly("template");
                });
        workflows.refusal = new WorkflowException(WorkflowException.Kind.QUEUE_FULL, "full");
        assertThatThrownBy(() -> call("POST", "/workflows", Map.of(), Map.of(), TOM, new WorkflowEndpoint.CreateRequest("t", null)))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.problem().status()).isEqualTo(429);
                    assertThat(p.headers()).containsKey("Retry-After");
                });
        workflows.run("r2", "tom");
        workflows.refusal = new WorkflowException(WorkflowException.Kind.CONFLICT, "finished");
        assertThatThrownBy(() -> call("POST", "/workflows/{id}/cancel", Map.of("id", "r2"), Map.of(), TOM, null))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().status()).isEqualTo(409));
    }

    @Test
    void badQueryValuesAreA400NamingTheParameter() {
        for (Map<String, String> query : List.of(Map.of("state", "sleeping"), Map.of("limit", "0"), Map.of("offset", "-1"),
                Map.of("limit", "many"))) {
            assertThatThrownBy(() -> call("GET", "/workflows", Map.of(), query, TOM, null))
                    .isInstanceOfSatisfying(ProblemException.class, p -> {
                        assertThat(p.problem().status()).isEqualTo(400);
                        assertThat(p.problem().extensions().get("errors")).asList()
                                .extracting(e -> ((FieldError) e).field()).containsExactly(query.keySet().iterator().next());
                    });
        }
    }
}
