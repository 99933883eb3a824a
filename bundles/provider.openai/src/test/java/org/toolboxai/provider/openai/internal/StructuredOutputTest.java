package org.toolboxai.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.model.ModelException;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;
import org.toolboxai.api.model.ResponseSchema;

/** {@code structured.output}: the json_schema response format, and the fall-back when a server refuses it. */
class StructuredOutputTest {

    private static final String KEY = "sk-proj-T3stK3y0nly4Tests9f8e7d6c5b4a3";
    private static final String QUIZ_SCHEMA = """
            {"type": "object", "properties": {"title": {"type": "string"}, "questions": {"type": "array", "items":
             {"type": "object", "properties": {"id": {"type": "string"}, "points": {"type": "integer"}},
              "required": ["id", "points"], "additionalProperties": false}}},
             "required": ["title", "questions"], "additionalProperties": false}""";
    private static final String SCRIPTS_SCHEMA = """
            {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"},
             "kind": {"type": "string", "enum": ["server", "client", "module"]}, "source": {"type": "string"}},
             "required": ["name", "kind", "source"], "additionalProperties": false}}""";
    private static final String QUIZ = "{\"title\": \"Ratios\", \"questions\": [{\"id\": \"q1\", \"points\": 1}]}";

    /** OpenAI's answer to a json_schema request for a model that cannot do it. */
    private static final String SCHEMA_REFUSED = FakeOpenAi.error("Invalid parameter: 'response_format' of type 'json_schema' "
            + "is not supported with this model.", "invalid_request_error", null).replace("\"param\":null",
                    "\"param\":\"response_format\"");

    private FakeOpenAi server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAi();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestOpenAiConfig config() {
        return new TestOpenAiConfig().baseUrl(server.baseUrl()).apiKey(KEY);
    }

    private static ModelRequest quiz() {
        return new ModelRequest("quiz", "You are an assessment writer. Answer with one JSON object only.", "Write 1 question.",
                null, null, new ResponseSchema("quiz", QUIZ_SCHEMA));
    }

    private static String ok(String content) {
        return FakeOpenAi.completion("gpt-4o-mini-2024-07-18", content, "stop", 10, 20);
    }

    private JsonNode format(int request) throws Exception {
        return server.requests().get(request).json().path("response_format");
    }

    @Test
    void aRequestWithASchemaAsksForThatSchemaStrictly() throws Exception {
        server.then(FakeOpenAi.Reply.json(200, ok(QUIZ)));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config());

        ModelReply reply = provider.complete(quiz());

        assertThat(FakeOpenAi.MAPPER.readTree(reply.text())).isEqualTo(FakeOpenAi.MAPPER.readTree(QUIZ));
        JsonNode format = format(0);
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asText()).isEqualTo("quiz");
        assertThat(format.path("json_schema").path("strict").isBoolean()).isTrue();
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(format.path("json_schema").path("schema")).isEqualTo(FakeOpenAi.MAPPER.readTree(QUIZ_SCHEMA));
    }

    @Test
    void anArraySchemaIsAskedForWrappedInAnObjectAndTheAnswerUnwrapped() throws Exception {
        String scripts = "[{\"name\": \"QuizData\", \"kind\": \"module\", \"source\": \"return {}\"}]";
        server.then(FakeOpenAi.Reply.json(200, ok("{\"items\": " + scripts + "}")));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config());

        ModelReply reply = provider.complete(new ModelRequest("script", "Answer with one JSON array only.", "Script it.",
                null, null, new ResponseSchema("scripts", SCRIPTS_SCHEMA)));

        assertThat(FakeOpenAi.MAPPER.readTree(reply.text())).isEqualTo(FakeOpenAi.MAPPER.readTree(scripts));
        JsonNode schema = format(0).path("json_schema").path("schema");
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("required")).extracting(JsonNode::asText).containsExactly("items");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.path("properties").path("items")).isEqualTo(FakeOpenAi.MAPPER.readTree(SCRIPTS_SCHEMA));
    }

    @Test
    void autoFallsBackToJsonObjectWhenTheServerRefusesTheSchemaAndRemembersIt() throws Exception {
        server.then(FakeOpenAi.Reply.json(400, SCHEMA_REFUSED)).then(FakeOpenAi.Reply.json(200, ok(QUIZ)));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config());

        ModelReply first = provider.complete(quiz());
        ModelReply second = provider.complete(quiz());

        assertThat(FakeOpenAi.MAPPER.readTree(first.text())).isEqualTo(FakeOpenAi.MAPPER.readTree(QUIZ));
        assertThat(FakeOpenAi.MAPPER.readTree(second.text())).isEqualTo(FakeOpenAi.MAPPER.readTree(QUIZ));
        assertThat(server.requests()).hasSize(3);
        assertThat(format(0).path("type").asText()).isEqualTo("json_schema");
        // the same request again, at once, as json_object; and from then on json_object straight away
        assertThat(format(1).path("type").asText()).isEqualTo("json_object");
        assertThat(format(2).path("type").asText()).isEqualTo("json_object");
        assertThat(server.requests().get(1).json().path("messages")).isEqualTo(server.requests().get(0).json().path("messages"));
    }

    @Test
    void aServerThatRefusesJsonObjectTooGetsNoResponseFormat() throws Exception {
        // LM Studio's wording, in a FastAPI-style body
        String lmStudio = "{\"error\": \"'response_format.type' must be 'json_schema' or 'text'\"}";
        server.then(FakeOpenAi.Reply.json(400, SCHEMA_REFUSED)).then(FakeOpenAi.Reply.json(400, lmStudio))
                .then(FakeOpenAi.Reply.json(200, ok(QUIZ)));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config());

        provider.complete(quiz());

        assertThat(server.requests()).hasSize(3);
        assertThat(format(1).path("type").asText()).isEqualTo("json_object");
        assertThat(server.requests().get(2).json().has("response_format")).isFalse();
    }

    @Test
    void a400AboutSomethingElseIsAPermanentFailureNotAFallBack() {
        server.then(FakeOpenAi.Reply.json(400, FakeOpenAi.error("This model's maximum context length is 8192 tokens.",
                "invalid_request_error", "context_length_exceeded")));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config());

        ModelException e = catchThrowableOfType(ModelException.class, () -> provider.complete(quiz()));

        assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void anExplicitJsonSchemaModeDoesNotFallBack() {
        server.then(FakeOpenAi.Reply.json(400, SCHEMA_REFUSED));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config().structuredOutput("json_schema"));

        ModelException e = catchThrowableOfType(ModelException.class, () -> provider.complete(quiz()));

        assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(e.getMessage()).contains("HTTP 400");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aNewConfigurationForgetsTheFallBack() throws Exception {
        server.then(FakeOpenAi.Reply.json(400, SCHEMA_REFUSED)).then(FakeOpenAi.Reply.json(200, ok(QUIZ)));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config());
        provider.complete(quiz());

        provider.reconfigure(config().model("gpt-4o"));
        provider.complete(quiz());

        assertThat(server.requests()).hasSize(3);
        assertThat(format(2).path("type").asText()).isEqualTo("json_schema");
    }

    @ParameterizedTest
    @CsvSource({"json_object, true, json_object", "off, true, ", "auto, false, ", "JSON_OBJECT, true, json_object",
            "nonsense, true, json_schema"})
    void theModeDecidesWhatIsSent(String mode, boolean jsonMode, String sent) throws Exception {
        server.then(FakeOpenAi.Reply.json(200, ok(QUIZ)));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config().structuredOutput(mode).jsonMode(jsonMode));

        provider.complete(quiz());

        JsonNode body = server.requests().get(0).json();
        if (sent == null) {
            assertThat(body.has("response_format")).isFalse();
        } else {
            assertThat(body.path("response_format").path("type").asText()).isEqualTo(sent);
        }
    }

    @Test
    void withoutASchemaJsonSchemaModeAsksForAnyObject() throws Exception {
        server.then(FakeOpenAi.Reply.json(200, ok("{}")));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config().structuredOutput("json_schema"));

        provider.complete(new ModelRequest("review", "Answer in JSON.", "Review it.", null, null));

        assertThat(format(0).path("type").asText()).isEqualTo("json_object");
        assertThat(List.of(StructuredOutput.values())).extracting(Object::toString)
                .containsExactly("auto", "json_schema", "json_object", "off");
    }
}
