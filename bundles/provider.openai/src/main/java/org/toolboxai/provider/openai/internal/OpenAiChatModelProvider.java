package org.toolboxai.provider.openai.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.model.ChatModelProvider;
import org.toolboxai.api.model.ModelException;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;

/**
 * The {@code openai} model provider: chat completions from OpenAI or any OpenAI-compatible server,
 * through langchain4j's {@link OpenAiChatModel} over {@code java.net.http}.
 *
 * <p>The configuration is optional and the provider registers without a key: it then refuses
 * every call with a clear, non-retryable {@link ModelException}. So an administrator who selects
 * {@code provider = openai} without configuring a key is told what to set, instead of
 * "no provider named openai is installed", and the provider shows in the component inventory
 * either way. {@code ${env:OPENAI_API_KEY}} left unresolved counts as no key. The key is the
 * private property {@code .api.key}, so it is not copied into the service registration.
 *
 * <p>Every toolbox task answers JSON. With {@code structured.output = auto} (the default) a request
 * that carries the answer's JSON Schema asks for {@code response_format: json_schema} with
 * {@code strict: true}, so the server holds the model to the schema; when the server answers 400
 * about {@code response_format}, the same request is sent again with {@code json_object} (and, if
 * that is refused too, with none), and the provider remembers it until its configuration changes.
 * Both formats allow only an object at the root, while the {@code script} task answers an array:
 * the array is asked for as {@code {"items": [...]}} (in the schema, and in words for json_object),
 * and the provider unwraps it again, so the agent gets the array it asked for.
 */
@Component(service = ChatModelProvider.class, configurationPid = OpenAiConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "provider.name=openai")
@Designate(ocd = OpenAiConfig.class)
public class OpenAiChatModelProvider implements ChatModelProvider {

    static final String NO_KEY = "no API key configured for the openai model provider: set " + OpenAiConfig.API_KEY
            + " in etc/" + OpenAiConfig.PID + ".cfg (" + OpenAiConfig.API_KEY
            + " = ${env:OPENAI_API_KEY}, with OPENAI_API_KEY in Karaf's environment when it starts)";

    static final String NAME = "openai";

    /** Tasks whose answer is a JSON array, not an object. */
    static final Set<String> ARRAY_TASKS = Set.of("script");
    static final String WRAP_KEY = ResponseFormats.WRAP_KEY;
    static final String WRAP_INSTRUCTION = "The response format allows only a JSON object: put the JSON array asked for in an "
            + "object under the key \"" + WRAP_KEY + "\", as {\"" + WRAP_KEY + "\": [...]}, and answer with that object only.";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatModelProvider.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The settings and the client built from them, swapped whole when the configuration changes,
     * with the most the server accepted of structured output (lowered by a refusal, for its life).
     */
    private record Backend(Settings settings, ChatModel model, AtomicReference<StructuredOutput> ceiling) {
    }

    private volatile Backend backend;

    /** Reads the configuration (the defaults when there is none). */
    @Activate
    public OpenAiChatModelProvider(OpenAiConfig config, Map<String, Object> properties) {
        modified(config, properties);
    }

    /** Without raw properties (tests). */
    OpenAiChatModelProvider(OpenAiConfig config) {
        this(config, Map.of());
    }

    @Modified
    void modified(OpenAiConfig config, Map<String, Object> properties) {
        Settings settings = Settings.of(config, properties);
        backend = new Backend(settings, settings.hasKey() ? build(settings) : null,
                new AtomicReference<>(settings.structuredOutput()));
        if (config.json_mode() && StructuredOutput.parse(config.structured_output()).isEmpty()) {
            LOG.warn("etc/{}.cfg: structured.output = '{}' is none of auto, json_schema, json_object, off: using auto",
                    OpenAiConfig.PID, config.structured_output());
        }
        String publicName = Settings.publicKeyName(properties);
        if (publicName != null) {
            LOG.warn("etc/{}.cfg names the API key '{}': every bundle can read that in the service registration; "
                    + "name it '{}' (leading dot: private)", OpenAiConfig.PID, publicName, OpenAiConfig.API_KEY);
        }
        // no WARN here without a key: installed but idle is the normal state while offline is active;
        // the agents warn when the provider they are configured to use is unavailable
        LOG.info("OpenAI model provider: {}", settings);
    }

    /** A new configuration without raw properties (tests). */
    void reconfigure(OpenAiConfig config) {
        modified(config, Map.of());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String model() {
        return backend.settings().model();
    }

    /** {@code max.tokens}, sent with every call: no answer is longer. */
    @Override
    public java.util.OptionalLong maxOutputTokens() {
        Integer max = backend.settings().maxTokens();
        return max == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(max);
    }

    @Override
    public Optional<String> unavailable() {
        return backend.model() == null ? Optional.of(NO_KEY) : Optional.empty();
    }

    @Override
    public ModelReply complete(ModelRequest request) throws ModelException {
        Backend current = backend;
        Settings settings = current.settings();
        if (current.model() == null) {
            throw new ModelException(NO_KEY, false, null);
        }
        if (request == null || request.prompt() == null || request.prompt().isBlank()) {
            throw new ModelException("the request has no prompt", false, null);
        }
        String task = request.task() == null ? "" : request.task().trim().toLowerCase(Locale.ROOT);
        boolean arrayAnswer = request.responseSchema() != null ? ResponseFormats.arrayRoot(request.responseSchema())
                : ARRAY_TASKS.contains(task);
        StructuredOutput format = ResponseFormats.choose(current.ceiling().get(), request.responseSchema());
        while (true) {
            boolean wrapped = format != StructuredOutput.OFF && arrayAnswer;
            ChatRequest chat = chatRequest(request, format, wrapped);
            try {
                ChatResponse response = withLibraryLoader(() -> current.model().chat(chat));
                return reply(response, settings, wrapped);
            } catch (RuntimeException e) {
                if (settings.structuredOutput() != StructuredOutput.AUTO || format == StructuredOutput.OFF
                        || !ResponseFormats.refused(e)) {
                    throw Failures.map(e, settings);
                }
                StructuredOutput lower = format.lower();
                StructuredOutput before = current.ceiling().getAndAccumulate(lower, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                if (before.compareTo(lower) < 0) {
                    LOG.info("{} refused response_format {}: asking for {} from now on (structured.output = auto){}",
                            settings.baseUrl(), format, lower == StructuredOutput.OFF ? "none" : lower,
                            lower == StructuredOutput.OFF ? "" : "; the agents still check every answer");
                }
                format = lower;
            }
        }
    }

    /** The system prompt, the user prompt and, on a further attempt, the feedback as another user message. */
    static ChatRequest chatRequest(ModelRequest request, StructuredOutput format, boolean wrapped) {
        boolean jsonMode = format != StructuredOutput.OFF;
        String system = request.system() == null ? "" : request.system().trim();
        if (wrapped) {
            system = system.isEmpty() ? WRAP_INSTRUCTION : system + "\n\n" + WRAP_INSTRUCTION;
        }
        // OpenAI refuses json_object unless the messages mention JSON
        if (jsonMode && !mentionsJson(system) && !mentionsJson(request.prompt()) && !mentionsJson(request.feedback())) {
            system = system.isEmpty() ? "Answer in JSON." : system + "\n\nAnswer in JSON.";
        }
        List<ChatMessage> messages = new ArrayList<>();
        if (!system.isEmpty()) {
            messages.add(SystemMessage.from(system));
        }
        messages.add(UserMessage.from(request.prompt()));
        if (request.feedback() != null && !request.feedback().isBlank()) {
            messages.add(UserMessage.from(request.feedback()));
        }
        ChatRequest.Builder chat = ChatRequest.builder().messages(messages);
        ResponseFormat responseFormat = ResponseFormats.of(format, request.responseSchema(), wrapped);
        if (responseFormat != null) {
            chat.responseFormat(responseFormat);
        }
        return chat.build();
    }

    private static ModelReply reply(ChatResponse response, Settings settings, boolean wrapped) throws ModelException {
        String where = "OpenAI (" + settings.baseUrl() + ", model " + settings.model() + ")";
        String text = response.aiMessage() == null ? null : response.aiMessage().text();
        FinishReason finish = response.finishReason();
        if (finish == FinishReason.LENGTH) {
            throw new ModelException(where + ": the answer was cut off at max_tokens=" + settings.maxTokens()
                    + "; raise max_tokens in etc/" + OpenAiConfig.PID + ".cfg", false, null);
        }
        if (text == null || text.isBlank()) {
            throw new ModelException(where + " answered no text" + (finish == null ? "" : " (finish reason " + finish + ")"),
                    false, null);
        }
        TokenUsage usage = response.tokenUsage();
        long in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        String model = response.modelName() == null || response.modelName().isBlank() ? settings.model() : response.modelName();
        return new ModelReply(wrapped ? unwrap(text) : text, model, in, out);
    }

    /**
     * The array out of {@code {"items": [...]}} (or out of an object whose only field is an array).
     * Anything else is passed on as it came, for the agent's checks to report.
     */
    static String unwrap(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node != null && node.isObject()) {
                if (node.path(WRAP_KEY).isArray()) {
                    return MAPPER.writeValueAsString(node.get(WRAP_KEY));
                }
                if (node.size() == 1) {
                    JsonNode only = node.properties().iterator().next().getValue();
                    if (only.isArray()) {
                        return MAPPER.writeValueAsString(only);
                    }
                }
            }
        } catch (Exception notJson) {
            // passed on unchanged
        }
        return text;
    }

    private static boolean mentionsJson(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("json");
    }

    /** The chat client; the HTTP client is passed explicitly (ServiceLoader does not cross bundles). */
    static ChatModel build(Settings settings) {
        java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder();
        if (settings.baseUrl().startsWith("http://")) {
            // no h2c upgrade attempts against plain-HTTP (local, OpenAI-compatible) servers
            http.version(java.net.http.HttpClient.Version.HTTP_1_1);
        }
        return withLibraryLoader(() -> {
            OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder();
            builder.httpClientBuilder(JdkHttpClient.builder().httpClientBuilder(http))
                    .baseUrl(settings.baseUrl())
                    .apiKey(settings.apiKey())
                    .modelName(settings.model())
                    .timeout(settings.timeout())
                    .maxRetries(settings.maxRetries())
                    // json_schema requests are strict: OpenAI then guarantees the schema
                    .strictJsonSchema(true)
                    .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                    .logRequests(false)
                    .logResponses(false);
            if (settings.temperature() != null) {
                builder.temperature(settings.temperature());
            }
            if (settings.maxTokens() != null) {
                builder.maxTokens(settings.maxTokens());
            }
            return builder.build();
        });
    }

    /**
     * Runs langchain4j code with its own bundle's class loader as the context class loader: it looks
     * up factories with ServiceLoader through the context class loader first, and a caller's loader
     * that sees another copy of langchain4j makes that fail ("not a subtype"). The caller's loader
     * is restored afterwards.
     */
    static <T> T withLibraryLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(OpenAiChatModel.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
