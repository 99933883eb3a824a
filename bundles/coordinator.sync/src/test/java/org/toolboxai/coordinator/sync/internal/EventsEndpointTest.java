package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowService;
import org.toolboxai.store.internal.SchemaMigrator;

/** The long poll on a real H2 log: answers at once or later (by the bus or the timer), and who may follow which topic. */
class EventsEndpointTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Caller ADA = new Caller("ada", Role.TEACHER, "token");
    static final Caller BOB = new Caller("bob", Role.VIEWER, "token");
    static final Caller ROOT = new Caller("root", Role.ADMIN, "token");

    private record Request(Map<String, List<String>> queries, Map<String, String> headers, Caller who) implements ApiRequest {
        public String method() {
            return "GET";
        }

        public String path() {
            return "/events";
        }

        public String pathParam(String name) {
            return null;
        }

        public Optional<String> query(String name) {
            return queryAll(name).stream().findFirst();
        }

        public List<String> queryAll(String name) {
            return queries.getOrDefault(name, List.of());
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        public Optional<Caller> caller() {
            return Optional.of(who);
        }

        public String requestId() {
            return "req-1";
        }

        public boolean hasBody() {
            return false;
        }

        public <T> T body(Class<T> type) {
            throw new UnsupportedOperationException();
        }

        public <T> T body(Class<T> type, List<FieldError> unknown) {
            throw new UnsupportedOperationException();
        }
    }

    EventBus bus;
    Documents documents;
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    AtomicReference<WorkflowService> workflows = new AtomicReference<>();
    EventsEndpoint endpoint;

    @BeforeEach
    void store() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:events-http-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        SchemaMigrator.migrate(h2, "sync", EventsEndpoint.class.getClassLoader(), "db/sync");
        bus = new EventBus(new EventLog(h2, Clock.systemUTC(), "node-a"));
        documents = new Documents(h2, Clock.systemUTC(), name -> Optional.empty());
        workflows.set(runsOwnedBy(Map.of("r1", "ada", "r2", "bob")));
        TopicAccess access = new TopicAccess(workflows::get, TopicAccess.documents(documents));
        endpoint = new EventsEndpoint(bus, timers, readers, access,
                new EventStreams(bus, () -> new EventStreams.Settings(10, 60_000, 15_000, EventBus.DEFAULT_BUFFER)));
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
        readers.shutdownNow();
    }

    static WorkflowService runsOwnedBy(Map<String, String> owners) {
        return (WorkflowService) Proxy.newProxyInstance(WorkflowService.class.getClassLoader(), new Class<?>[] {WorkflowService.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("find")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String id = (String) args[0];
                    return Optional.ofNullable(owners.get(id)).map(owner -> new WorkflowRun(id, "educational_content", owner,
                            RunState.RUNNING, Map.of(), 0, null, List.of(), null, Instant.EPOCH, null, null, List.of(), null));
                });
    }

    ApiResponse get(Caller who, String... query) throws Exception {
        Map<String, List<String>> queries = new HashMap<>();
        for (int i = 0; i < query.length; i += 2) {
            queries.computeIfAbsent(query[i], k -> new ArrayList<>()).add(query[i + 1]);
        }
        ApiRoute route = endpoint.routes().stream().filter(r -> r.path().equals("/events")).findFirst().orElseThrow();
        return route.handler().handle(new Request(queries, Map.of(), who));
    }

    static JsonNode json(ApiResponse response) {
        return JSON.valueToTree(response.body());
    }

    static List<Long> seqs(JsonNode page) {
        List<Long> seqs = new ArrayList<>();
        page.get("events").forEach(e -> seqs.add(e.get("seq").asLong()));
        return seqs;
    }

    @Test
    void eventsThatExistAreAnsweredAtOnceAndLastLeadsToTheNextOnesWithoutDuplicates() throws Exception {
        long a = bus.publish("workflow/run/r1", 7, JSON.createObjectNode().put("state", "RUNNING")).seq();
        bus.publish("workflow/run/r2", 7, JSON.createObjectNode().put("state", "RUNNING"));
        long b = bus.publish("workflow/run/r1", 5, JSON.createObjectNode().put("state", "COMPLETED")).seq();

        JsonNode first = json(get(ADA, "topic", "workflow/run/r1", "limit", "1"));
        assertThat(seqs(first)).containsExactly(a);
        assertThat(first.get("events").get(0).get("payload").get("state").asText()).isEqualTo("RUNNING");
        assertThat(first.get("events").get(0).get("topic").asText()).isEqualTo("workflow/run/r1");
        JsonNode second = json(get(ADA, "topic", "workflow/run/r1", "since", first.get("last").asText()));
        assertThat(seqs(second)).containsExactly(b);
        JsonNode third = json(get(ADA, "topic", "workflow/run/r1", "since", second.get("last").asText()));
        assertThat(seqs(third)).isEmpty();
        assertThat(third.get("last").asLong()).isEqualTo(b);
    }

    @Test
    void aWaitIsAnsweredLaterWhenTheBusBringsAnEvent() throws Exception {
        ApiResponse later = get(ADA, "topic", "workflow/run/r1", "wait", "30");
        assertThat(later.body()).isInstanceOf(ApiResponse.Later.class);
        CompletableFuture<ApiResponse> answer = ((ApiResponse.Later) later.body()).stage().toCompletableFuture();
        assertThat(answer).isNotDone();
        bus.publish("workflow/run/r2", 7, JSON.createObjectNode());
        assertThat(answer).isNotDone();

        long published = System.nanoTime();
        long seq = bus.publish("workflow/run/r1", 7, JSON.createObjectNode().put("state", "COMPLETED")).seq();
        JsonNode page = json(answer.get(10, TimeUnit.SECONDS));
        long micros = (System.nanoTime() - published) / 1000;
        System.out.println("long poll answered " + micros + " us after the publish");

        assertThat(seqs(page)).containsExactly(seq);
        assertThat(page.get("last").asLong()).isEqualTo(seq);
        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void aWaitWithoutEventsEndsByTheTimerWithNothingAndReleasesItsSubscription() throws Exception {
        ApiResponse later = get(ADA, "topic", "workflow/run/r1", "wait", "1", "since", "0");
        CompletableFuture<ApiResponse> answer = ((ApiResponse.Later) later.body()).stage().toCompletableFuture();
        JsonNode page = json(answer.get(10, TimeUnit.SECONDS));

        assertThat(seqs(page)).isEmpty();
        assertThat(page.get("last").asLong()).isZero();
        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void aCancelledWaitReleasesItsSubscription() throws Exception {
        ApiResponse later = get(ADA, "topic", "workflow/run/r1", "wait", "60");
        ((ApiResponse.Later) later.body()).stage().toCompletableFuture().cancel(false);

        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void aCallerFollowsItsOwnRunsAndAnAdminAnyRun() throws Exception {
        assertThat(get(ADA, "topic", "workflow/run/r1").status()).isEqualTo(200);
        assertThat(get(ROOT, "topic", "workflow/run/r2").status()).isEqualTo(200);
        assertThat(get(ROOT, "topic", "workflow/*").status()).isEqualTo(200);

        assertThatThrownBy(() -> get(ADA, "topic", "workflow/run/r2")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(404));
        assertThatThrownBy(() -> get(ADA, "topic", "workflow/run/nope")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(404));
        assertThatThrownBy(() -> get(ADA, "topic", "workflow/*")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(403));
    }

    @Test
    void withoutTheWorkflowEngineOnlyAdminsFollowRuns() throws Exception {
        workflows.set(null);
        assertThatThrownBy(() -> get(ADA, "topic", "workflow/run/r1")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(404));
        assertThat(get(ROOT, "topic", "workflow/run/r1").status()).isEqualTo(200);
    }

    @Test
    void aDocumentsTopicIsForThoseWhoMayReadIt() throws Exception {
        documents.write("class-7a", JSON.createObjectNode(), 0L, "ada", "put", new Documents.Settings(Documents.REJECT, Set.of("bob"),
                Set.of(), 10));
        documents.write("private", JSON.createObjectNode(), 0L, "ada", "put", new Documents.Settings(Documents.REJECT, Set.of(),
                Set.of(), 10));

        assertThat(get(BOB, "topic", "state/class-7a").status()).isEqualTo(200);
        assertThatThrownBy(() -> get(BOB, "topic", "state/private")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(404));
        assertThatThrownBy(() -> get(BOB, "topic", "state/missing")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(404));
    }

    @Test
    void unknownTopicShapesAreA400ListingThemAndBadNumbersA400NamingTheField() {
        assertThatThrownBy(() -> get(ROOT, "topic", "weather/today", "topic", "workflow/run/r1", "topic", "a*b"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().detail()).contains("weather/today").contains("a*b").doesNotContain("workflow/run/r1,");
                });
        assertThatThrownBy(() -> get(ROOT)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(400));
        for (String[] bad : List.of(new String[] {"wait", "61"}, new String[] {"wait", "-1"}, new String[] {"limit", "0"},
                new String[] {"since", "x"})) {
            assertThatThrownBy(() -> get(ROOT, "topic", "workflow/*", bad[0], bad[1])).isInstanceOfSatisfying(ProblemException.class,
                    e -> assertThat(e.problem().status()).isEqualTo(400));
        }
    }
}
