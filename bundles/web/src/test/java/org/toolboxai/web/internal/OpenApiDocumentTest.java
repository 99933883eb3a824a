package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.security.Role;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/** The OpenAPI document: valid for an independent parser, named as the codec writes, following the routes. */
class OpenApiDocumentTest {

    enum Mood { HAPPY, @JsonProperty("so-so") SO_SO }

    record Card(String frontText, int position, Instant createdAt, Mood mood, Map<String, Integer> tally,
            List<Card> related) {
    }

    record Deck(String deckTitle, List<Card> cards, boolean shared) {
    }

    record NewDeck(String deckTitle, List<String> lines) {
    }

    static final class Teachers {
        record View(String name) {
        }
    }

    static final class Students {
        record View(long points) {
        }
    }

    private static final ObjectMapper READ = new ObjectMapper();

    @TempDir
    Path dir;

    private final JsonCodec codec = new JsonCodec();
    private final List<ApiRoute> routes = new ArrayList<>();

    @BeforeEach
    void routes() {
        routes.addAll(new SecurityEndpoint(new JdbcApiTokenService(TestStore.onH2(), dir, Clock.systemUTC())).routes());
        routes.addAll(new LivenessEndpoint().routes());
        routes.add(ApiRoute.post("/decks", Role.TEACHER, r -> ApiResponse.noContent())
                .described("Make a deck", NewDeck.class, Deck.class).withStatus(201));
        routes.add(ApiRoute.get("/decks/{id}", Role.VIEWER, r -> ApiResponse.noContent())
                .described("One deck", null, Deck.class).withQuery("limit", Integer.class, "cards, 1-200"));
        routes.add(new ApiRoute("GET", "/decks/{id}/export/{file}", Role.VIEWER, "*/*", r -> ApiResponse.noContent())
                .described("A deck as a file", null, null));
        routes.add(ApiRoute.get("/teachers", null, r -> ApiResponse.noContent()).described(null, null, Teachers.View.class));
        routes.add(ApiRoute.get("/students", null, r -> ApiResponse.noContent()).described(null, null, Students.View.class));
        routes.add(ApiRoute.get("/undescribed", null, r -> ApiResponse.noContent()));
    }

    private String document() throws Exception {
        return new String(new OpenApiDocument(codec.mapper(), () -> routes, () -> "test").json(), StandardCharsets.UTF_8);
    }

    @Test
    void anIndependentParserFindsNothingWrong() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document(), null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/me", "/tokens", "/tokens/{id}", "/health/live",
                "/decks", "/decks/{id}", "/decks/{id}/export/{file}", "/undescribed");
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsKeys("basic", "bearer");
    }

    @Test
    void propertiesAreTheOnesTheCodecWrites() throws Exception {
        JsonNode card = READ.readTree(document()).path("components").path("schemas").path("Card");
        Card sample = new Card("nucleus", 1, Instant.EPOCH, Mood.SO_SO, Map.of("right", 2), List.of());
        JsonNode written = READ.readTree(codec.write(sample));

        assertThat(names(card.path("properties"))).isEqualTo(names(written));
        assertThat(card.path("properties").path("created_at").path("format").asText()).isEqualTo("date-time");
        assertThat(card.path("properties").path("mood").path("enum")).extracting(JsonNode::asText)
                .containsExactly("HAPPY", written.path("mood").asText());
        assertThat(card.path("properties").path("tally").path("additionalProperties").path("type").asText()).isEqualTo("integer");
        assertThat(card.path("properties").path("related").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/Card");
        // only primitives are always present: the codec leaves nulls out
        assertThat(card.path("required")).extracting(JsonNode::asText).containsExactly("position");
    }

    @Test
    void rolesBecomeSecurityAndTheirErrorAnswers() throws Exception {
        JsonNode paths = READ.readTree(document()).path("paths");
        JsonNode create = paths.path("/tokens").path("post");

        assertThat(create.path("x-toolbox-role").asText()).isEqualTo("admin");
        assertThat(names(create.path("responses"))).containsExactlyInAnyOrder("201", "400", "401", "403", "413", "415",
                "429", "default");
        assertThat(create.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/TokenRequest");
        assertThat(create.path("security")).hasSize(2).allSatisfy(s -> assertThat(s.size()).isEqualTo(1));

        JsonNode live = paths.path("/health/live").path("get");
        assertThat(names(live.path("responses"))).containsExactlyInAnyOrder("200", "default");
        // public, yet credentials are read: the empty requirement makes them optional
        assertThat(live.path("security").get(0).size()).isZero();
        assertThat(paths.path("/tokens/{id}").path("delete").path("responses").has("204")).isTrue();
    }

    @Test
    void parametersAndNonJsonAnswersAreListed() throws Exception {
        JsonNode paths = READ.readTree(document()).path("paths");
        JsonNode one = paths.path("/decks/{id}").path("get").path("parameters");
        JsonNode export = paths.path("/decks/{id}/export/{file}").path("get");

        assertThat(one).extracting(p -> p.path("name").asText() + " in " + p.path("in").asText())
                .containsExactly("id in path", "limit in query");
        assertThat(one.get(1).path("schema").path("type").asText()).isEqualTo("integer");
        assertThat(export.path("responses").path("200").path("content").path("*/*").path("schema").path("format").asText())
                .isEqualTo("binary");
    }

    @Test
    void typesOfTheSameSimpleNameGetSchemasOfTheirOwn() throws Exception {
        JsonNode doc = READ.readTree(document());
        String teachers = ref(doc.path("paths").path("/teachers").path("get"));
        String students = ref(doc.path("paths").path("/students").path("get"));

        assertThat(teachers).isNotEqualTo(students);
        assertThat(names(doc.path("components").path("schemas").path(teachers).path("properties"))).containsExactly("name");
        assertThat(names(doc.path("components").path("schemas").path(students).path("properties"))).containsExactly("points");
    }

    @Test
    void theServedDocumentFollowsTheEndpointsAsTheyComeAndGo() throws Exception {
        WebSettings settings = TestWebConfig.defaults().settings();
        ApiServlet servlet = new ApiServlet(new WebAuthenticator(settings), settings);
        ApiEndpoint decks = () -> routes.subList(routes.size() - 6, routes.size() - 3);
        try (JettyHarness jetty = new JettyHarness(8, Map.of("/api/*", servlet))) {
            assertThat(names(JettyHarness.json(jetty.get("/api/v1/openapi.json", null)).path("paths")))
                    .containsExactly("/openapi.json");

            servlet.addEndpoint(decks, Map.of());
            HttpResponse<String> withDecks = jetty.get("/api/v1/openapi.json", null);
            assertThat(withDecks.statusCode()).isEqualTo(200);
            assertThat(withDecks.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(names(JettyHarness.json(withDecks).path("paths")))
                    .containsExactly("/decks", "/decks/{id}", "/decks/{id}/export/{file}", "/openapi.json");

            servlet.removeEndpoint(decks);
            assertThat(names(JettyHarness.json(jetty.get("/api/v1/openapi.json", null)).path("paths")))
                    .containsExactly("/openapi.json");
        }
    }

    private static String ref(JsonNode operation) {
        String ref = operation.path("responses").path("200").path("content").path("application/json").path("schema")
                .path("$ref").asText();
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
