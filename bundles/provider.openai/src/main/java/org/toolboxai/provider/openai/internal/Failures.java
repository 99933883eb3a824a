package org.toolboxai.provider.openai.internal;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RetriableException;

import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureKind;
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
    private static final Pattern TRY_AGAIN = Pattern.compile("(?i)try again in ((?:\\d+(?:\\.\\d+)?(?:ms|h|m|s))+)");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

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
            return new ModelException(Failure.of(FailureKind.TIMED_OUT, where + " did not answer within "
                    + settings.timeout().toSeconds() + " s"), find(failure, HttpTimeoutException.class));
        }
        if (find(failure, InterruptedException.class) != null) {
            Thread.currentThread().interrupt();
            return new ModelException(Failure.of(FailureKind.CANCELLED, where + ": the call was interrupted"), null);
        }
        if (find(failure, UnresolvedAddressException.class) != null) {
            return new ModelException(where + ": cannot resolve the host of base.url; check base.url in etc/"
                    + OpenAiConfig.PID + ".cfg", false, null);
        }
        JsonProcessingException json = find(failure, JsonProcessingException.class);
        if (json != null) {
            return new ModelException(Failure.of(FailureKind.INVALID_OUTPUT, where
                    + " answered with a body that is not an OpenAI chat completion: "
                    + scrub(json.getOriginalMessage(), settings.apiKey())), null);
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
            if ("insufficient_quota".equals(code)) {
                return new ModelException(answered + "; the account is out of quota, trying again will not help", false, null);
            }
            return new ModelException(Failure.rateLimited(answered + "; rate limited, try again later",
                    retryAfter(message)), null);
        }
        if (status == 408 || status >= 500) {
            return new ModelException(answered, true, null);
        }
        String hint = switch (status) {
            case 401, 403 -> "; check " + OpenAiConfig.API_KEY + " in etc/" + OpenAiConfig.PID + ".cfg";
            case 404 -> "; check model and base.url in etc/" + OpenAiConfig.PID + ".cfg";
            default -> "";
        };
        if (status == 401 || status == 403) {
            return new ModelException(Failure.of(FailureKind.AUTHENTICATION, answered + hint), null);
        }
        return new ModelException(answered + hint, false, null);
    }

    /**
     * How long OpenAI asks to wait, from its message ("Please try again in 20s", "in 1.5s",
     * "in 350ms", "in 1m30s"): the client library does not hand over the response headers.
     */
    static Duration retryAfter(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = TRY_AGAIN.matcher(message);
        if (!m.find()) {
            return null;
        }
        double millis = 0;
        Matcher part = DURATION_PART.matcher(m.group(1));
        while (part.find()) {
            double n = Double.parseDouble(part.group(1));
            millis += switch (part.group(2)) {
                case "ms" -> n;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n * 1000;
            };
        }
        return millis > 0 ? Duration.ofMillis((long) Math.ceil(millis)) : null;
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
