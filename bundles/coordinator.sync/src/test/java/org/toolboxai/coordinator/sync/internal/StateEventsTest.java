package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.store.Store;
import org.toolboxai.store.internal.SchemaMigrator;

/** Each version written through /api/v1/state is one event on state/<name>; without the event stream writes go on. */
class StateEventsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Caller ADA = new Caller("ada", Role.TEACHER, "token");

    private record Put(String name, Map<String, String> headers, JsonNode body) implements ApiRequest {
        public String method() {
            return "PUT";
        }

        public String path() {
            return "/state/" + name;
        }

        public String pathParam(String param) {
            return name;
        }

        public Optional<String> query(String q) {
            return Optional.empty();
        }

        public List<String> queryAll(String q) {
            return List.of();
        }

        public Optional<String> header(String h) {
            return Optional.ofNullable(headers.get(h));
        }

        public Optional<Caller> caller() {
            return Optional.of(ADA);
        }

        public String requestId() {
            return "req-1";
        }

        public boolean hasBody() {
            return true;
        }

        public <T> T body(Class<T> type) {
            return type.cast(body);
        }

        public <T> T body(Class<T> type, List<FieldError> unknown) {
            return type.cast(body);
        }
    }

    SyncCoordinator sync;
    SyncEvents events;
    StateEndpoint endpoint;

    static Store store(DataSource dataSource) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, a) -> switch (m.getName()) {
            case "dataSource" -> dataSource;
            case "schema" -> "sync";
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    /** The configuration with every default. */
    static EventsConfig defaults() {
        return (EventsConfig) Proxy.newProxyInstance(EventsConfig.class.getClassLoader(), new Class<?>[] {EventsConfig.class},
                (p, m, a) -> m.getDefaultValue());
    }

    @BeforeEach
    void start() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:state-events-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrator.migrate(h2, "sync", StateEventsTest.class.getClassLoader(), "db/sync");
        sync = new SyncCoordinator(store(h2));
        events = new SyncEvents(store(h2), defaults());
        endpoint = new StateEndpoint(sync);
    }

    @AfterEach
    void stop() {
        events.deactivate();
    }

    void put(String name, String ifMatch, String body) throws Exception {
        ApiRoute route = endpoint.routes().stream().filter(r -> r.method().equals("PUT") && r.path().equals("/state/{name}"))
                .findFirst().orElseThrow();
        route.handler().handle(new Put(name, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch), JSON.readTree(body)));
    }

    @Test
    void eachWrittenVersionIsOneEventOnTheDocumentsTopic() throws Exception {
        sync.events = events;
        put("class-7a", null, "{\"a\":1}");
        put("class-7a", "\"1\"", "{\"a\":2}");

        List<EventLog.Event> logged = events.bus().log().since(0, Set.of(TopicPattern.parse("state/class-7a")), 10);
        assertThat(logged).extracting(e -> e.payload().get("version").asLong()).containsExactly(1L, 2L);
        assertThat(logged).extracting(EventLog.Event::priority).containsOnly(StateEvents.PRIORITY);
        assertThat(logged.get(1).payload().get("author").asText()).isEqualTo("ada");
        assertThat(logged.get(1).payload().get("checksum").asText()).hasSize(64);
    }

    @Test
    void withoutTheEventStreamDocumentsAreWrittenAsBefore() throws Exception {
        put("class-7a", null, "{\"a\":1}");

        assertThat(sync.documents().doc("class-7a")).map(Documents.Doc::version).contains(1L);
        assertThat(events.bus().log().last()).isZero();
    }
}
