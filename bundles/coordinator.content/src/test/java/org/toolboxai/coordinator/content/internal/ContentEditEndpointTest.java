package org.toolboxai.coordinator.content.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.ExportFormat;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.workflow.RunState;

/** PUT /content/{id} and the version routes over the real service and a real H2 history. */
class ContentEditEndpointTest {

    private static final Caller TOM = new Caller("tom", Role.TEACHER, "basic");
    private static final Caller ANN = new Caller("ann", Role.TEACHER, "basic");
    private static final Caller ADMIN = new Caller("root", Role.ADMIN, "token");

    private final FakeWorkflows workflows = new FakeWorkflows();
    private final WorkflowContentService service = new WorkflowContentService(workflows, TestStore.migrated(), ContentConfigs.of(5, 10),
            System::nanoTime);
    private final ContentEndpoint endpoint = new ContentEndpoint(service);

    {
        service.checker = new Packages.AnswerKeyChecker();
        workflows.completed("run-1", "tom", Map.of(), Packages.asOutput(Packages.generated("run-1")));
    }

    /** What a request carries; anything else the endpoint asks fails the test. */
    private record Call(String id, Caller caller, String ifMatch, ContentPackage body, List<FieldError> unknown) {
    }

    private ApiResponse call(String method, String path, Map<String, String> params, Call c) throws Exception {
        ApiRoute route = endpoint.routes().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst()
                .orElseThrow();
        Map<String, String> all = new HashMap<>(params);
        all.put("id", c.id());
        ApiRequest request = (ApiRequest) Proxy.newProxyInstance(ApiRequest.class.getClassLoader(), new Class<?>[] {ApiRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "pathParam" -> all.get(args[0]);
                    case "caller" -> Optional.of(c.caller());
                    case "requireCaller" -> c.caller();
                    case "header" -> "If-Match".equals(args[0]) ? Optional.ofNullable(c.ifMatch()) : Optional.empty();
                    case "body" -> {
                        if (args.length == 2) {
                            @SuppressWarnings("unchecked")
                            List<FieldError> unknown = (List<FieldError>) args[1];
                            unknown.addAll(c.unknown());
                        }
                        yield c.body();
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return route.handler().handle(request);
    }

    private ApiResponse get(Caller who) throws Exception {
        return call("GET", "/content/{id}", Map.of(), new Call("run-1", who, null, null, List.of()));
    }

    private ApiResponse put(Caller who, String ifMatch, ContentPackage body) throws Exception {
        return call("PUT", "/content/{id}", Map.of(), new Call("run-1", who, ifMatch, body, List.of()));
    }

    private static ContentPackage editedQuiz() {
        return new ContentPackage("run-1", null, null, Packages.quiz(Packages.question("q1", "What is 1/2 + 1/4?", "3/4"),
                Packages.question("q2", "What is 2/3 - 1/3?", "1/3")), null, null, null);
    }

    private static int status(Throwable t) {
        return ((ProblemException) t).problem().status();
    }

    @Test
    void getNamesTheVersionInItsETagAndAPutWithItAnswersTheNewVersionAndETag() throws Exception {
        ApiResponse shown = get(TOM);
        assertThat(shown.headers()).containsEntry("ETag", "\"v1\"");

        ApiResponse edited = put(TOM, "\"v1\"", editedQuiz());
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.headers()).containsEntry("ETag", "\"v2\"");
        ContentPackage body = (ContentPackage) edited.body();
        assertThat(body.quiz().questions()).extracting(Quiz.Question::prompt).containsExactly("What is 1/2 + 1/4?", "What is 2/3 - 1/3?");
        assertThat(body.quality().findings()).extracting(f -> f.check()).containsExactly(PackageEdit.SCRIPTS_OUTDATED);

        ApiResponse after = get(TOM);
        assertThat(after.headers()).containsEntry("ETag", "\"v2\"");
        assertThat(after.body()).isEqualTo(body);
    }

    @Test
    void withoutIfMatchItIs428AndWithAStaleOne412NamingTheCurrentETag() throws Exception {
        assertThatThrownBy(() -> put(TOM, null, editedQuiz())).isInstanceOfSatisfying(ProblemException.class, p -> {
            assertThat(p.problem().status()).isEqualTo(428);
            assertThat(p.problem().extensions()).containsEntry("etag", "\"v1\"");
        });
        assertThatThrownBy(() -> put(TOM, "*", editedQuiz())).satisfies(t -> assertThat(status(t)).isEqualTo(428));
        put(TOM, "\"v1\"", editedQuiz());

        for (String stale : List.of("\"v1\"", "W/\"v2\"", "v2", "\"v7\"")) {
            assertThatThrownBy(() -> put(TOM, stale, editedQuiz())).as(stale).isInstanceOfSatisfying(ProblemException.class, p -> {
                assertThat(p.problem().status()).isEqualTo(412);
                assertThat(p.headers()).containsEntry("ETag", "\"v2\"");
                assertThat(p.problem().extensions()).containsEntry("etag", "\"v2\"");
            });
        }
        // one of several tags may name it
        assertThat(put(TOM, "\"v1\", \"v2\"", editedQuiz()).headers()).containsEntry("ETag", "\"v3\"");
    }

    @Test
    void anotherTeachersContentIs404AndAnAdministratorMayEditIt() throws Exception {
        assertThatThrownBy(() -> put(ANN, "\"v1\"", editedQuiz())).satisfies(t -> assertThat(status(t)).isEqualTo(404));
        assertThatThrownBy(() -> call("GET", "/content/{id}/versions", Map.of(), new Call("run-1", ANN, null, null, List.of())))
                .satisfies(t -> assertThat(status(t)).isEqualTo(404));

        assertThat(put(ADMIN, "\"v1\"", editedQuiz()).headers()).containsEntry("ETag", "\"v2\"");
        assertThat(endpoint.routes()).filteredOn(r -> r.method().equals("PUT")).singleElement()
                .satisfies(r -> assertThat(r.role()).isEqualTo(Role.TEACHER)); // a viewer may read, not edit
    }

    @Test
    void contentNotYetCompletedIs409() throws Exception {
        workflows.put("run-2", "tom", RunState.RUNNING, Map.of());
        assertThatThrownBy(() -> call("PUT", "/content/{id}", Map.of(), new Call("run-2", TOM, "\"v1\"", editedQuiz(), List.of())))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.problem().status()).isEqualTo(409);
                    assertThat(p.problem().detail()).contains("RUNNING");
                });
    }

    @Test
    void aBodyThatIsNoPackageIs400ListingEveryProblemUnknownFieldsToo() throws Exception {
        ContentPackage bad = new ContentPackage("run-1", null, null, new Quiz("Quiz", List.of()), null, null, null);
        assertThatThrownBy(() -> call("PUT", "/content/{id}", Map.of(),
                new Call("run-1", TOM, "\"v1\"", bad, List.of(new FieldError("quiz.colour", "unknown field"),
                        new FieldError("quality.findings[0].error", "unknown field")))))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.problem().status()).isEqualTo(400);
                    assertThat(p.problem().extensions().get("errors")).asList().extracting(e -> ((FieldError) e).field())
                            .containsExactly("quiz.colour", "quiz.questions");
                });
        assertThat(get(TOM).headers()).containsEntry("ETag", "\"v1\"");
    }

    @Test
    void whatGetWritesInTheReportComesBackWithoutComplaint() throws Exception {
        // older clients may send a finding with an "error" member; the report is not taken from the body anyway
        ApiResponse edited = call("PUT", "/content/{id}", Map.of(), new Call("run-1", TOM, "\"v1\"", editedQuiz(),
                List.of(new FieldError("quality.findings[0].error", "unknown field"), new FieldError("provenance.cost", "unknown field"))));
        assertThat(edited.status()).isEqualTo(200);
    }

    @Test
    void withoutTheChecksAnEditIs503() throws Exception {
        service.checker = null;
        assertThatThrownBy(() -> put(TOM, "\"v1\"", editedQuiz())).isInstanceOfSatisfying(ProblemException.class, p -> {
            assertThat(p.problem().status()).isEqualTo(503);
            assertThat(p.problem().detail()).contains("agents bundle");
        });
    }

    @Test
    void theVersionsAreListedAndAnOldOneIsServedWithItsOwnETag() throws Exception {
        put(TOM, "\"v1\"", editedQuiz());
        put(ADMIN, "\"v2\"", new ContentPackage(null, null, null, Packages.quiz(Packages.question("q1", "What is 1/2 + 1/2?", "1")),
                null, null, null));

        ApiResponse listed = call("GET", "/content/{id}/versions", Map.of(), new Call("run-1", TOM, null, null, List.of()));
        @SuppressWarnings("unchecked")
        List<ContentEndpoint.VersionInfo> versions = (List<ContentEndpoint.VersionInfo>) listed.body();
        assertThat(versions).extracting(ContentEndpoint.VersionInfo::number).containsExactly(1, 2, 3);
        assertThat(versions).extracting(ContentEndpoint.VersionInfo::author).containsExactly("tom", "tom", "root");
        assertThat(versions).extracting(ContentEndpoint.VersionInfo::passed).containsExactly(true, false, false);
        assertThat(versions.get(1).href()).isEqualTo("/api/v1/content/run-1/versions/2");

        ApiResponse second = call("GET", "/content/{id}/versions/{n}", Map.of("n", "2"), new Call("run-1", TOM, null, null, List.of()));
        assertThat(second.headers()).containsEntry("ETag", "\"v2\"");
        assertThat(((ContentPackage) second.body()).quiz().questions()).hasSize(2);
        for (String n : List.of("4", "two")) {
            assertThatThrownBy(() -> call("GET", "/content/{id}/versions/{n}", Map.of("n", n), new Call("run-1", TOM, null, null, List.of())))
                    .satisfies(t -> assertThat(status(t)).isEqualTo(404));
        }
    }

    @Test
    void theExportsFollowTheNewestVersion() throws Exception {
        endpoint.addFormat(new ExportFormat() {
            @Override
            public String id() {
                return "prompts";
            }

            @Override
            public String fileName() {
                return "prompts.txt";
            }

            @Override
            public String contentType() {
                return "text/plain";
            }

            @Override
            public void export(ContentPackage p, OutputStream out) throws java.io.IOException {
                for (Quiz.Question q : p.quiz().questions()) {
                    out.write((q.prompt() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        put(TOM, "\"v1\"", editedQuiz());

        ApiResponse export = call("GET", "/content/{id}/export/{file}", Map.of("file", "prompts.txt"),
                new Call("run-1", TOM, null, null, List.of()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((ApiResponse.StreamedBody) export.body()).writer().writeTo(out);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly("What is 1/2 + 1/4?", "What is 2/3 - 1/3?");
    }
}
