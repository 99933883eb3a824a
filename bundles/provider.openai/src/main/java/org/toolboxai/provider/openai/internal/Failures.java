package org.toolboxai.provider.openai.internal;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RetriableException;

import org.toolboxai.api.model.ModelException;

/**
 * Turns what a chat call threw into a {@link ModelException} that says whether trying again may
 * help (429, 408, 5xx, time-outs, broken connections) or not (400, 401, 403, 404, an answer that
 * is not a chat completion). The messages never carry the API key: only the server's own error
 * message is quoted, with the key and anything shaped like a key or a bearer token masked, and
 * server bodies are never attached as causes (they end up in logs with the stack trace).
 */
final class Failures {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-[A-Za-z0-9*_.\\-]+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+\\S+");
    private static final int MAX_QUOTED = 300;

    private Failures() {
    }

    static ModelException map(Throwable failure, Settings settings) {
        String where = "OpenAI (" + settings.baseUrl() + ", model " + settings.model() + ")";
        HttpException http = find(failure, HttpException.class);
        if (http != null) {
            return http(http.statusCode(), http.getMessage(), where, settings);
        }
        Throwable timeout = find(failure, HttpTimeoutException.class);
        if (timeout == null) {
            timeout = find(failure, dev.langchain4j.exception.TimeoutException.class);
        }
        if (timeout != null) {
            return new ModelException(where + " did not answer within " + settings.timeout().toSeconds() + " s", true,
                    find(failure, HttpTimeoutException.class));
        }
        if (find(failure, InterruptedException.class) != null) {
            Thread.currentThread().interrupt();
            return new ModelException(where + ": the call was interrupted", false, null);
        }
        if (find(failure, UnresolvedAddressException.class) != null) {
            return new ModelException(where + ": cannot resolve the host of base.url; check base.url in etc/"
                    + OpenAiConfig.PID + ".cfg", false, null);
        }
        JsonProcessingException json = find(failure, JsonProcessingException.class);
        if (json != null) {
            return new ModelException(where + " answered with a body that is not an OpenAI chat completion: "
                    + scrub(json.getOriginalMessage(), settings.apiKey()), false, null);
        }
        IOException io = find(failure, IOException.class);
        if (io != null) {
            // refused or reset connections: the server may be restarting
            return new ModelException(where + ": connection failed: " + io.getClass().getSimpleName()
                    + (io.getMessage() == null ? "" : ": " + scrub(io.getMessage(), settings.apiKey())), true, null);
        }
        return new ModelException(where + " failed: " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + scrub(failure.getMessage(), settings.apiKey())),
                failure instanceof RetriableException, null);
    }

    private static ModelException http(int status, String body, String where, Settings settings) {
        String code = null;
        String message = body;
        try {
            JsonNode error = MAPPER.readTree(body == null ? "" : body).path("error");
            if (error.isObject()) {
                message = error.path("message").asText(body);
                code = error.hasNonNull("code") ? error.path("code").asText() : error.path("type").asText(null);
            }
        } catch (IOException | RuntimeException notJson) {
            // not an OpenAI error body: quote what came
        }
        String quoted = scrub(message, settings.apiKey());
        String answered = where + " answered HTTP " + status + (code == null || code.isBlank() ? "" : " (" + code + ")")
                + (quoted.isEmpty() ? "" : ": " + quoted);
        if (status == 429) {
            boolean quota = "insufficient_quota".equals(code);
            return new ModelException(answered + (quota ? "; the account is out of quota, trying again will not help"
                    : "; rate limited, try again later"), !quota, null);
        }
        if (status == 408 || status >= 500) {
            return new ModelException(answered, true, null);
        }
        String hint = switch (status) {
            case 401, 403 -> "; check " + OpenAiConfig.API_KEY + " in etc/" + OpenAiConfig.PID + ".cfg";
            case 404 -> "; check model and base.url in etc/" + OpenAiConfig.PID + ".cfg";
            default -> "";
        };
        return new ModelException(answered + hint, false, null);
    }

    /** A server's text, safe to show: the key and key- or token-shaped words masked, shortened. */
    static String scrub(String text, String apiKey) {
        if (text == null) {
            return "";
        }
        String s = text;
        if (apiKey != null && apiKey.length() >= 4) {
            s = s.replace(apiKey, "***");
        }
        s = KEY_LIKE.matcher(s).replaceAll("sk-***");
        s = BEARER.matcher(s).replaceAll("Bearer ***");
        s = s.replaceAll("\\s+", " ").trim();
        return s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED) + "...";
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
