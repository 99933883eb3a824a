package org.toolboxai.coordinator.content.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.ExportFormat;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.workflow.RunState;

/** The endpoint over the real service on an in-memory engine: statuses, headers, who sees what. */
class ContentEndpointTest {

    private static final Caller TOM = new Caller("tom", Role.TEACHER, "basic");
    private static final Caller ANN = new Caller("ann", Role.TEACHER, "basic");
    private static final Caller ADMIN = new Caller("root", Role.ADMIN, "token");

    /** A request answering only what the endpoint may ask: anything else fails the test. */
    private static ApiRequest request(Map<String, String> params, Map<String, String> queries, Caller who, Object body) {
        return (ApiRequest) Proxy.newProxyInstance(ApiRequest.class.getClassLoader(), new Class<?>[] {ApiRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "pathParam" -> params.get(args[0]);
                    case "query" -> Optional.ofNullable(queries.get(args[0]));
                    case "caller" -> Optional.of(who);
                    case "requireCaller" -> who;
                    case "body" -> ((Class<?>) args[0]).cast(body);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private final FakeWorkflows workflows = new FakeWorkflows();
    private final WorkflowContentService service = new WorkflowContentService(workflows, TestStore.migrated(), ContentConfigs.of(1, 10),
            System::nanoTime);
    private final ContentEndpoint endpoint = new ContentEndpoint(service);

    private ApiResponse call(String method, String path, Map<String, String> params, Map<String, String> queries, Caller caller,
            Object body) throws Exception {
        ApiRoute route = endpoint.routes().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst()
                .orElseThrow();
        return route.handler().handle(request(params, queries, caller, body));
    }

    private static ContentRequest.Body body(String objective) {
        return new ContentRequest.Body(new LessonRequest("Mathematics", 7, List.of(objective), null, null, null, null, null, null, null));
    }

    @Test
    void aRequestOverTheLimitIs429WithRetryAfterAndStartsNothing() throws Exception {
        ApiResponse accepted = call("POST", "/content", Map.of(), Map.of(), TOM, body("Fractions"));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.headers()).containsEntry("Location", "/api/v1/content/run-1").containsEntry("X-Cache", "miss");

        assertThatThrownBy(() -> call("POST", "/content", Map.of(), Map.of(), ANN, body("Decimals")))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.problem().status()).isEqualTo(429);
                    assertThat(p.headers()).containsEntry("Retry-After", "10");
                    assertThat(p.problem().detail()).contains("at most 1 at once");
                });
        assertThat(workflows.creates).hasValue(1);
    }

    @Test
    void aFinishedPackageAnswers200AndItsTwinFromTheCacheAFailedOne409() throws Exception {
        call("POST", "/content", Map.of(), Map.of(), TOM, body("Fractions"));
        service.handleEvent(workflows.finish("run-1", RunState.COMPLETED));

        ApiResponse shown = call("GET", "/content/{id}", Map.of("id", "run-1"), Map.of(), TOM, null);
        assertThat(shown.status()).isEqualTo(200);
        ApiResponse twin = call("POST", "/content", Map.of(), Map.of(), TOM, body("Fractions"));
        assertThat(twin.status()).isEqualTo(200);
        assertThat(twin.headers()).containsEntry("X-Cache", "hit").containsEntry("Location", "/api/v1/content/run-1");

        call("POST", "/content", Map.of(), Map.of(), TOM, body("Decimals"));
        service.handleEvent(workflows.finish("run-2", RunState.FAILED));
        assertThatThrownBy(() -> call("GET", "/content/{id}", Map.of("id", "run-2"), Map.of(), TOM, null))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.problem().status()).isEqualTo(409);
                    assertThat(p.problem().detail()).contains("it broke");
                });
    }

    @Test
    void someoneElsesContentIsNotFoundButAnAdminSeesIt() throws Exception {
        call("POST", "/content", Map.of(), Map.of(), TOM, body("Fractions"));

        assertThatThrownBy(() -> call("GET", "/content/{id}", Map.of("id", "run-1"), Map.of(), ANN, null))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().status()).isEqualTo(404));
        ApiResponse seen = call("GET", "/content/{id}", Map.of("id", "run-1"), Map.of(), ADMIN, null);
        assertThat(seen.status()).isEqualTo(202);
        assertThat(seen.headers()).containsEntry("Retry-After", "2");
        assertThat(seen.body()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("status", "queued").containsEntry("workflow", "/api/v1/workflows/run-1")
                .extractingByKey("events").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("topic", "workflow/run/run-1").containsEntry("websocket", "/ws");
    }

    @Test
    void aWaitOutsideItsRangeIsA400NamingIt() {
        assertThatThrownBy(() -> call("POST", "/content", Map.of(), Map.of("wait", "121"), TOM, body("Fractions")))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().status()).isEqualTo(400));
        assertThat(workflows.creates).hasValue(0);
    }

    @Test
    void aWaitIsAnsweredLaterWhenTheRunEndsWithNoThreadHeld() throws Exception {
        ApiResponse later = call("POST", "/content", Map.of(), Map.of("wait", "60"), TOM, body("Fractions"));
        assertThat(later.body()).isInstanceOf(ApiResponse.Later.class);
        CompletableFuture<ApiResponse> answer = ((ApiResponse.Later) later.body()).stage().toCompletableFuture();
        assertThat(answer).isNotDone();

        service.handleEvent(workflows.finish("run-1", RunState.COMPLETED));
        ApiResponse done = answer.get();
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.headers()).containsEntry("Location", "/api/v1/content/run-1").containsEntry("X-Cache", "miss");

        ApiResponse failing = call("POST", "/content", Map.of(), Map.of("wait", "60"), TOM, body("Decimals"));
        CompletableFuture<ApiResponse> failed = ((ApiResponse.Later) failing.body()).stage().toCompletableFuture();
        service.handleEvent(workflows.finish("run-2", RunState.FAILED));
        assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().status()).isEqualTo(409));
    }

    @Test
    void exportsAreListedAndStreamedByFileNameOrIdOnceTheRunIsComplete() throws Exception {
        endpoint.addFormat(new ExportFormat() {
            @Override
            public String id() {
                return "outline";
            }

            @Override
            public String fileName() {
                return "outline.txt";
            }

            @Override
            public String contentType() {
                return "text/plain";
            }

            @Override
            public void export(ContentPackage contentPackage, OutputStream out) throws java.io.IOException {
                out.write(("package " + contentPackage.id()).getBytes(StandardCharsets.UTF_8));
            }
        });
        call("POST", "/content", Map.of(), Map.of(), TOM, body("Fractions"));
        assertThatThrownBy(() -> call("GET", "/content/{id}/exports", Map.of("id", "run-1"), Map.of(), TOM, null))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().status()).isEqualTo(409));
        service.handleEvent(workflows.finish("run-1", RunState.COMPLETED));

        ApiResponse list = call("GET", "/content/{id}/exports", Map.of("id", "run-1"), Map.of(), TOM, null);
        assertThat(list.body()).isEqualTo(List.of(new ContentEndpoint.Export("outline", "outline.txt", "text/plain",
                "/api/v1/content/run-1/export/outline.txt")));
        for (String file : List.of("outline.txt", "outline")) {
            ApiResponse export = call("GET", "/content/{id}/export/{file}", Map.of("id", "run-1", "file", file), Map.of(), TOM,
                    null);
            ApiResponse.StreamedBody streamed = (ApiResponse.StreamedBody) export.body();
            assertThat(streamed.fileName()).isEqualTo("outline.txt");
            assertThat(streamed.contentType()).isEqualTo("text/plain");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            streamed.writer().writeTo(out);
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("package ");
        }
        assertThatThrownBy(() -> call("GET", "/content/{id}/export/{file}", Map.of("id", "run-1", "file", "nope"), Map.of(),
                TOM, null)).isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.problem().status()).isEqualTo(404);
                    assertThat(p.problem().detail()).contains("outline.txt");
                });
    }
}
