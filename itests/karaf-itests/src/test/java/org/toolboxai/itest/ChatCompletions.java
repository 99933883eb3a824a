package org.toolboxai.itest;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** What the loopback models of the itests share: OpenAI's chat-completions answer format and the facts' JSON. */
final class ChatCompletions {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the agents and the swarm write the facts beside the prompt: snake_case, enums by their wire names. */
    static final ObjectMapper FACTS = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ChatCompletions() {
    }

    /**
     * Answers a chat-completions request: 200 with {@code content} as the assistant's message of model
     * {@code fake-gpt} (11 prompt and 22 completion tokens), or another status with an OpenAI error body
     * whose message is {@code content}.
     */
    static void reply(HttpExchange exchange, int status, String content) throws IOException {
        Map<String, Object> reply = Map.of("id", "chatcmpl-1", "object", "chat.completion", "created", 1, "model", "fake-gpt",
                "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", content),
                        "finish_reason", "stop")),
                "usage", Map.of("prompt_tokens", 11, "completion_tokens", 22, "total_tokens", 33));
        byte[] bytes = status == 200 ? JSON.writeValueAsBytes(reply)
                : JSON.writeValueAsBytes(Map.of("error", Map.of("message", content, "type", "invalid_request_error")));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Points the openai provider at a loopback model (model fake-gpt) and makes it the agents' provider. */
    static void useOpenAi(ConfigurationAdmin admin, HttpServer fake, String key, int timeoutSeconds) throws IOException {
        Configuration openai = admin.getConfiguration("org.toolboxai.provider.openai", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("base.url", "http://127.0.0.1:" + fake.getAddress().getPort() + "/v1");
        props.put(".api.key", key);
        props.put("model", "fake-gpt");
        props.put("timeout.seconds", timeoutSeconds);
        openai.update(props);
        setProvider(admin, "openai");
    }

    /** The agents' provider, with three attempts per step. */
    static void setProvider(ConfigurationAdmin admin, String name) throws IOException {
        Configuration agents = admin.getConfiguration("org.toolboxai.agents", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("provider", name);
        props.put("max.attempts", 3);
        agents.update(props);
    }
}
