package org.toolboxai.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.model.ModelException;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;

/** The provider against a real loopback HTTP server speaking OpenAI's chat completions wire format. */
class OpenAiChatModelProviderTest {

    private static final String KEY = "sk-proj-T3stK3y0nly4Tests9f8e7d6c5b4a3";
    private static final String SYSTEM = "You are a curriculum designer. Answer with one JSON object only: {\"title\"}.";
    private static final String PROMPT = "Plan a 45-minute lesson on fractions for grade 7.";

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

    private static ModelRequest request(String task, String feedback) {
        return new ModelRequest(task, SYSTEM, PROMPT, null, feedback);
    }

    private static String ok(String content) {
        return FakeOpenAi.completion("gpt-4o-mini-2024-07-18", content, "stop", 123, 45);
    }

    @Test
    void sendsModelMessagesAndKeyAndReturnsTheAnswerWithTokenCounts() throws Exception {
        server.then(FakeOpenAi.Reply.json(200, ok("{\"title\": \"Fractions\"}")));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config().model("gpt-4o-mini"));

        ModelReply reply = provider.complete(request("curriculum", null));

        assertThat(reply).isEqualTo(new ModelReply("{\"title\": \"Fractions\"}", "gpt-4o-mini-2024-07-18", 123, 45));
        assertThat(server.requests()).hasSize(1);
        FakeOpenAi.Recorded sent = server.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("Content-Type")).startsWith("application/json");
        JsonNode body = sent.json();
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(roles(body)).containsExactly("system", "user");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo(SYSTEM);
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo(PROMPT);
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(body.path("stream").asBoolean(false)).isFalse();
    }

    @Test
    void sendsTheFeedbackAsAFurtherUserMessage() throws Exception {
        server.then(FakeOpenAi.Reply.json(200, ok("{\"title\": \"Fractions, again\"}")));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config());
        String feedback = "Your previous answer was refused: activities: none. Answer again with the complete corrected JSON only.";

        ModelReply reply = provider.complete(request("curriculum", feedback));

        assertThat(reply.text()).isEqualTo("{\"title\": \"Fractions, again\"}");
        JsonNode body = server.requests().get(0).json();
        assertThat(roles(body)).containsExactly("system", "user", "user");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo(PROMPT);
        assertThat(body.path("messages").get(2).path("content").asText()).isEqualTo(feedback);
    }

    @Test
    void scriptTaskAsksForTheArrayWrappedInAnObjectAndUnwrapsIt() throws Exception {
        String scripts = "[{\"name\":\"QuizStation\",\"kind\":\"server\",\"source\":\"print('hi')\"}]";
        server.then(FakeOpenAi.Reply.json(200, ok("{\"items\": " + scripts + "}")));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config());

        ModelReply reply = provider.complete(new ModelRequest("script",
                "You are a Roblox developer. Answer with one JSON array only: [{\"name\", \"kind\", \"source\"}].", PROMPT, null, null));

        assertThat(FakeOpenAi.MAPPER.readTree(reply.text())).isEqualTo(FakeOpenAi.MAPPER.readTree(scripts));
        JsonNode body = server.requests().get(0).json();
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(body.path("messages").get(0).path("content").asText())
                .startsWith("You are a Roblox developer.").contains("{\"items\": [...]}");
    }

    @Test
    void unwrapLeavesAnythingButAWrappedArrayAsItCame() {
        assertThat(OpenAiChatModelProvider.unwrap("{\"items\": [1, 2]}")).isEqualTo("[1,2]");
        assertThat(OpenAiChatModelProvider.unwrap("{\"scripts\": [1]}")).isEqualTo("[1]");
        assertThat(OpenAiChatModelProvider.unwrap("[1, 2]")).isEqualTo("[1, 2]");
        assertThat(OpenAiChatModelProvider.unwrap("{\"a\": 1, \"b\": [2]}")).isEqualTo("{\"a\": 1, \"b\": [2]}");
        assertThat(OpenAiChatModelProvider.unwrap("not json")).isEqualTo("not json");
    }

    @Test
    void withoutJsonModeSendsNoResponseFormatAndDoesNotWrap() throws Exception {
        server.then(FakeOpenAi.Reply.json(200, ok("[{\"name\":\"A\"}]")));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config().jsonMode(false).temperature(-1).maxTokens(0));

        ModelReply reply = provider.complete(new ModelRequest("script", "Answer with a JSON array.", PROMPT, null, null));

        assertThat(reply.text()).isEqualTo("[{\"name\":\"A\"}]");
        JsonNode body = server.requests().get(0).json();
        assertThat(body.has("response_format")).isFalse();
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(provider.maxOutputTokens()).as("no cap sent, none claimed for the budget").isEmpty();
        assertThat(new OpenAiChatModelProvider(config()).maxOutputTokens()).hasValue(4096);
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("Answer with a JSON array.");
    }

    @Test
    void jsonModeMakesSureTheMessagesMentionJson() throws Exception {
        server.then(FakeOpenAi.Reply.json(200, ok("{}")));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config());

        provider.complete(new ModelRequest("review", null, "Review the lesson.", null, null));

        JsonNode body = server.requests().get(0).json();
        assertThat(roles(body)).containsExactly("system", "user");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("Answer in JSON.");
    }

    @Test
    void rateLimitIsRetryable() {
        server.then(FakeOpenAi.Reply.json(429, FakeOpenAi.error(
                "Rate limit reached for gpt-4o-mini in organization org-abc on requests per min (RPM): Limit 3, Used 3, Requested 1.",
                "requests", "rate_limit_exceeded")));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config());

        ModelException e = failure(provider);

        assertThat(e.retryable()).isTrue();
        assertThat(e.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.failure().retryAfter()).isNull();
        assertThat(e.getMessage()).contains("429").contains("rate_limit_exceeded").contains("Rate limit reached");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aRateLimitSaysHowLongToWaitWhenOpenAiDoes() {
        server.then(FakeOpenAi.Reply.json(429, FakeOpenAi.error(
                "Rate limit reached for gpt-4o-mini on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. "
                        + "Please try again in 2.5s. Visit https://platform.openai.com/account/rate-limits to learn more.",
                "tokens", "rate_limit_exceeded")));

        ModelException e = failure(new OpenAiChatModelProvider(config()));

        assertThat(e.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.failure().retryAfter()).isEqualTo(Duration.ofMillis(2500));
    }

    @ParameterizedTest
    @CsvSource({"Please try again in 20s., 20000", "try again in 350ms, 350", "Try again in 1m30s, 90000",
            "try again in 6m0s, 360000", "no hint here, -1"})
    void retryAfterIsReadFromOpenAisWording(String message, long millis) {
        Duration wait = Failures.retryAfter(message);
        assertThat(wait == null ? -1 : wait.toMillis()).isEqualTo(millis);
    }

    @Test
    void exhaustedQuotaIsNotRetryable() {
        server.then(FakeOpenAi.Reply.json(429, FakeOpenAi.error(
                "You exceeded your current quota, please check your plan and billing details.", "insufficient_quota",
                "insufficient_quota")));

        ModelException e = failure(new OpenAiChatModelProvider(config()));

        assertThat(e.retryable()).isFalse();
        assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(e.getMessage()).contains("429").contains("quota");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void serverErrorsAreRetryable(int status) {
        server.then(FakeOpenAi.Reply.json(status, FakeOpenAi.error("The server had an error while processing your request.",
                "server_error", null)));

        ModelException e = failure(new OpenAiChatModelProvider(config()));

        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("HTTP " + status);
    }

    @Test
    void wrongKeyIsNotRetryableAndTheMessageNeverShowsTheKey() {
        // OpenAI quotes (part of) the key it refuses; a misbehaving proxy might echo all of it
        server.then(FakeOpenAi.Reply.json(401, FakeOpenAi.error("Incorrect API key provided: " + KEY
                + ". Sent header: Bearer " + KEY + ". You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error", "invalid_api_key")));

        ModelException e = failure(new OpenAiChatModelProvider(config()));

        assertThat(e.failure().kind()).isEqualTo(FailureKind.AUTHENTICATION);
        assertThat(e.getMessage()).contains("401").contains("invalid_api_key").contains("check .api.key");
        assertThat(everything(e)).doesNotContain(KEY).doesNotContain(KEY.substring(8, 30));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404})
    void clientErrorsAreNotRetryable(int status) {
        server.then(FakeOpenAi.Reply.json(status, FakeOpenAi.error(
                status == 404 ? "The model `gpt-9` does not exist or you do not have access to it." : "Invalid request.",
                "invalid_request_error", status == 404 ? "model_not_found" : null)));

        ModelException e = failure(new OpenAiChatModelProvider(config().model("gpt-9")));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("HTTP " + status);
        assertThat(everything(e)).doesNotContain(KEY);
    }

    @Test
    void aServerThatNeverAnswersTimesOutRetryablyWithinTheConfiguredTime() {
        server.then(FakeOpenAi.Reply.never());
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config().timeoutSeconds(1));

        long started = System.nanoTime();
        ModelException e = failure(provider);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(e.retryable()).isTrue();
        assertThat(e.failure().kind()).isEqualTo(FailureKind.TIMED_OUT);
        assertThat(e.getMessage()).contains("did not answer within 1 s");
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aBodyThatIsNotJsonIsAModelException() {
        server.then(new FakeOpenAi.Reply(200, "application/json", "{\"id\": \"chatcmpl-1\", \"choices\": [ {oops", false));

        ModelException e = failure(new OpenAiChatModelProvider(config()));

        assertThat(e.failure().kind()).isEqualTo(FailureKind.INVALID_OUTPUT);
        assertThat(e.getMessage()).contains("not an OpenAI chat completion");
    }

    @Test
    void anHtmlPageInsteadOfJsonIsAModelException() {
        server.then(new FakeOpenAi.Reply(200, "text/html", "<html><body>Welcome to nginx!</body></html>", false));

        ModelException e = failure(new OpenAiChatModelProvider(config()));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("not an OpenAI chat completion");
    }

    @Test
    void withoutAKeyEveryCallFailsClearlyAndNothingIsSent() {
        for (String key : new String[] {"", "   ", "${env:OPENAI_API_KEY}"}) {
            OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config().apiKey(key));

            ModelException e = failure(provider);

            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).startsWith("no API key configured").contains(".api.key")
                    .contains("etc/org.toolboxai.provider.openai.cfg");
            assertThat(provider.name()).isEqualTo("openai");
            assertThat(provider.model()).isEqualTo("gpt-4o-mini");
            assertThat(provider.unavailable()).hasValueSatisfying(reason -> assertThat(reason).contains(".api.key"));
        }
        assertThat(new OpenAiChatModelProvider(config()).unavailable()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anAnswerCutOffAtMaxTokensIsAClearModelException() {
        server.then(FakeOpenAi.Reply.json(200, FakeOpenAi.completion("gpt-4o-mini", "{\"title\": \"Fra", "length", 100, 16)));

        ModelException e = failure(new OpenAiChatModelProvider(config().maxTokens(16)));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("max_tokens=16");
    }

    @Test
    void aRefusedConnectionIsRetryable() {
        String baseUrl = server.baseUrl();
        server.close();

        ModelException e = failure(new OpenAiChatModelProvider(config().baseUrl(baseUrl).timeoutSeconds(2)));

        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("connection failed");
    }

    @Test
    void retriesInsideTheCallWhenConfigured() throws Exception {
        server.then(FakeOpenAi.Reply.json(503, FakeOpenAi.error("overloaded", "server_error", null)))
                .then(FakeOpenAi.Reply.json(200, ok("{\"ok\": true}")));

        ModelReply reply = new OpenAiChatModelProvider(config().maxRetries(1)).complete(request("curriculum", null));

        assertThat(reply.text()).isEqualTo("{\"ok\": true}");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aNewConfigurationAppliesToTheNextCall() throws Exception {
        server.then(FakeOpenAi.Reply.json(200, ok("{}")));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config().apiKey(""));
        assertThat(failure(provider).getMessage()).startsWith("no API key configured");

        provider.reconfigure(config().model("gpt-4.1-mini"));

        assertThat(provider.model()).isEqualTo("gpt-4.1-mini");
        provider.complete(request("curriculum", null));
        assertThat(server.requests().get(0).json().path("model").asText()).isEqualTo("gpt-4.1-mini");
    }

    @Test
    void aKeyUnderAPublicNameStillWorks() throws Exception {
        server.then(FakeOpenAi.Reply.json(200, ok("{}")));
        OpenAiChatModelProvider provider = new OpenAiChatModelProvider(config().apiKey(""), Map.of("api_key", KEY));

        provider.complete(request("curriculum", null));

        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(Settings.publicKeyName(Map.of("api.key", KEY))).isEqualTo("api.key");
        assertThat(Settings.publicKeyName(Map.of("api.key", "${env:OPENAI_API_KEY}"))).isNull();
    }

    @Test
    void theTestConfigurationStartsFromTheAnnotationDefaults() throws Exception {
        TestOpenAiConfig config = new TestOpenAiConfig();
        for (Method m : OpenAiConfig.class.getDeclaredMethods()) {
            assertThat(m.invoke(config)).as(m.getName()).isEqualTo(m.getDefaultValue());
        }
        Settings defaults = Settings.of(config);
        assertThat(defaults.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(defaults.model()).isEqualTo("gpt-4o-mini");
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.maxRetries()).isZero();
        assertThat(defaults.hasKey()).isFalse();
    }

    @Test
    void settingsNeverShowTheKey() {
        Settings settings = Settings.of(config().baseUrl("http://127.0.0.1:1/v1/"));
        assertThat(settings.baseUrl()).isEqualTo("http://127.0.0.1:1/v1");
        assertThat(settings.toString()).doesNotContain(KEY).contains(".api.key=(set)");
    }

    @Test
    void scrubMasksTheKeyAndKeyShapedWords() {
        assertThat(Failures.scrub("bad key " + KEY + " and sk-abc123****wxyz, header Bearer xyz.123", KEY))
                .isEqualTo("bad key *** and sk-***, header Bearer ***");
        assertThat(Failures.scrub("x".repeat(400), KEY)).hasSize(303).endsWith("...");
    }

    private static ModelException failure(OpenAiChatModelProvider provider) {
        ModelException e = catchThrowableOfType(ModelException.class, () -> provider.complete(request("curriculum", null)));
        assertThat(e).as("a ModelException").isNotNull();
        return e;
    }

    /** The exception as a log would show it: messages and stack traces of the whole cause chain. */
    private static String everything(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out + " " + e;
    }

    private static List<String> roles(JsonNode body) {
        return body.path("messages").findValuesAsText("role");
    }
}
