package org.toolboxai.lms.schoology.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;

/**
 * Schoology's REST API (v1) for one consumer key: every request signed (OAuth 1.0a, two-legged,
 * HMAC-SHA1, a fresh nonce each), lists read page by page ({@code start}/{@code limit}, following
 * {@code links.next} on the API host), a 303 (as {@code users/me} answers) followed with a new
 * signature, and refusals as typed failures: 401 AUTHENTICATION, 429 RATE_LIMITED (Retry-After, or
 * 5 s), other 4xx PERMANENT, 5xx and broken connections TRANSIENT.
 */
final class SchoologyClient {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final Duration RATE_WAIT = Duration.ofSeconds(5);
    static final int PAGE = 200;

    private final HttpClient http;
    private final URI api;
    private final String key;
    private final String secret;
    private final Duration timeout;

    SchoologyClient(HttpClient http, URI api, String key, String secret, Duration timeout) {
        this.http = http;
        this.api = api;
        this.key = key;
        this.secret = secret;
        this.timeout = timeout;
    }

    URI uri(String path) {
        return URI.create(api + "/" + path);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", uri(path), null, 0);
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", uri(path), body, 0);
    }

    JsonNode put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", uri(path), body, 0);
    }

    /** One page of a list and the next page's address on the API host ({@code null} after the last). */
    record Page(List<JsonNode> items, URI next) {
    }

    URI first(String path) {
        return uri(path + (path.contains("?") ? "&" : "?") + "start=0&limit=" + PAGE);
    }

    /** A page of a list answered as {@code {"<item>": [...], "total": n, "links": {"next": ...}}}. */
    Page page(URI uri, String item) throws IOException, InterruptedException {
        JsonNode page = send("GET", uri, null, 0);
        List<JsonNode> items = new ArrayList<>();
        page.path(item).forEach(items::add);
        String link = page.path("links").path("next").asText("");
        return new Page(items, link.isEmpty() ? null : sameHost(URI.create(link)));
    }

    /** Every item of a list in one go (for a caller that guards the whole list). */
    List<JsonNode> list(String path, String item) throws IOException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        URI next = first(path);
        for (int pages = 0; next != null; pages++) {
            if (pages >= 100) {
                throw new FailureException(Failure.of(FailureKind.PERMANENT, "schoology: more than 100 pages of " + path));
            }
            Page page = page(next, item);
            all.addAll(page.items());
            next = page.next();
        }
        return all;
    }

    private URI sameHost(URI uri) {
        if (!api.getScheme().equalsIgnoreCase(uri.getScheme()) || !api.getHost().equalsIgnoreCase(uri.getHost()) || api.getPort() != uri.getPort()) {
            throw new FailureException(Failure.of(FailureKind.PERMANENT, "schoology: a link to another host (" + uri.getHost()
                    + ") was not followed, so the signed requests stay on " + api.getHost()));
        }
        return uri;
    }

    private JsonNode send(String method, URI uri, Object body, int redirects) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                .header("Authorization", OAuth1.header(method, uri, key, secret));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String what = method + " " + uri.getPath();
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new FailureException(Failure.of(FailureKind.TIMED_OUT, "schoology did not answer " + what + " within " + timeout.toSeconds() + " s"));
        } catch (IOException e) {
            // a connection refused or a name not found often has no message: its kind says what happened
            throw new FailureException(Failure.of(FailureKind.TRANSIENT, "schoology could not be reached for " + what + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        }
        int status = answer.statusCode();
        if (status == 303 && redirects < 3) {
            URI location = sameHost(uri.resolve(answer.headers().firstValue("Location").orElseThrow(() -> new FailureException(Failure.of(
                    FailureKind.INVALID_OUTPUT, "schoology answered 303 to " + what + " without a Location")))));
            return send("GET", location, null, redirects + 1); // signed again for the new address
        }
        String text = new String(answer.body(), StandardCharsets.UTF_8).trim();
        String said = "schoology answered HTTP " + status + " to " + what + (text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
        if (status == 429) {
            Duration wait = answer.headers().firstValue("Retry-After").map(r -> {
                try {
                    return Duration.ofSeconds(Math.max(1, Long.parseLong(r.trim())));
                } catch (NumberFormatException e) {
                    return RATE_WAIT;
                }
            }).orElse(RATE_WAIT);
            throw new FailureException(Failure.rateLimited(said, wait));
        }
        if (status == 401) {
            throw new FailureException(Failure.of(FailureKind.AUTHENTICATION, said));
        }
        if (status >= 500) {
            throw new FailureException(Failure.of(FailureKind.TRANSIENT, said));
        }
        if (status >= 400) {
            throw new FailureException(Failure.of(FailureKind.PERMANENT, said));
        }
        if (answer.body().length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new FailureException(Failure.of(FailureKind.INVALID_OUTPUT, "schoology answered something that is not JSON to " + what));
        }
    }
}
