package org.toolboxai.lms.canvas.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;

/**
 * Canvas's REST API (v1) for one token: JSON bodies, {@code Link}-header pagination, the throttle
 * headers read on every answer, and each refusal as a typed failure a teacher can act on: 401
 * AUTHENTICATION, 403 "Rate Limit Exceeded" or 429 RATE_LIMITED, other 4xx PERMANENT with Canvas's
 * message, 5xx and broken connections TRANSIENT, no answer in time TIMED_OUT. The token goes only
 * to the configured Canvas host; next-page links and upload confirmations elsewhere are refused or
 * sent without it.
 */
final class CanvasClient {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"([a-z]+)\"");
    /** How long a throttled client waits when Canvas says nothing more (its bucket drains 10 units a second). */
    static final Duration THROTTLE_WAIT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final Duration timeout;
    private volatile double lastRemaining = Double.NaN;

    CanvasClient(HttpClient http, URI base, String token, Duration timeout) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.timeout = timeout;
    }

    /** The X-Rate-Limit-Remaining of the latest answer, NaN before any. */
    double lastRemaining() {
        return lastRemaining;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", api(path), null);
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", api(path), body);
    }

    JsonNode put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", api(path), body);
    }

    JsonNode delete(String path) throws IOException, InterruptedException {
        return send("DELETE", api(path), null);
    }

    /** One page of a list, and the next page's address on the Canvas host ({@code null} after the last). */
    record Page(List<JsonNode> items, URI next) {
    }

    /** The first page's address of a list, 50 to a page. */
    URI first(String path) {
        return api(path + (path.contains("?") ? "&" : "?") + "per_page=50");
    }

    Page page(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = exchange("GET", uri, null);
        List<JsonNode> items = new ArrayList<>();
        body(answer).forEach(items::add);
        return new Page(items, next(answer.headers().firstValue("Link").orElse(null)));
    }

    /** Every page of a list in one go, following {@code rel="next"} on the Canvas host (for callers that guard the whole list). */
    List<JsonNode> list(String path) throws IOException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        URI next = first(path);
        for (int pages = 0; next != null; pages++) {
            if (pages >= 200) {
                throw new FailureException(Failure.of(FailureKind.PERMANENT, "canvas: more than 200 pages of " + path));
            }
            Page page = page(next);
            all.addAll(page.items());
            next = page.next();
        }
        return all;
    }

    /** The {@code rel="next"} link of a Link header, if it points at the Canvas host. */
    URI next(String link) {
        if (link == null) {
            return null;
        }
        Matcher m = LINK.matcher(link);
        while (m.find()) {
            if (m.group(2).equals("next")) {
                URI uri = URI.create(m.group(1));
                if (!sameHost(uri)) {
                    throw new FailureException(Failure.of(FailureKind.PERMANENT, "canvas: a next-page link to another host (" + uri.getHost()
                            + ") was not followed, so the token does not leave " + base.getHost()));
                }
                return uri;
            }
        }
        return null;
    }

    /**
     * The three-step upload of a file to a course folder (replacing a file of the same name there):
     * ask where, send the bytes without the token, confirm on the Canvas host.
     */
    JsonNode upload(String coursePath, String folder, String name, String contentType, byte[] data) throws IOException, InterruptedException {
        JsonNode ticket = post(coursePath + "/files", Map.of("name", name, "size", data.length, "content_type", contentType,
                "parent_folder_path", folder, "on_duplicate", "overwrite"));
        return sendFile(ticket, name, contentType, data);
    }

    /** Steps 2 and 3 of an upload, given step 1's answer ({@code upload_url}, {@code upload_params}). */
    JsonNode sendFile(JsonNode ticket, String name, String contentType, byte[] data) throws IOException, InterruptedException {
        String uploadUrl = ticket.path("upload_url").asText("");
        if (uploadUrl.isBlank()) {
            throw new FailureException(Failure.of(FailureKind.PERMANENT, "canvas refused the upload of " + name + ": "
                    + ticket.path("message").asText("no upload_url in its answer")));
        }
        String boundary = "toolbox-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ticket.path("upload_params").fields().forEachRemaining(e -> part(body, boundary, e.getKey(), null, e.getValue().asText().getBytes(StandardCharsets.UTF_8), null));
        String fileParam = ticket.path("file_param").asText("file");
        part(body, boundary, fileParam, name, data, contentType);
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uploadUrl)).timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        HttpResponse<byte[]> sent = call(b.build(), "POST upload of " + name);
        int status = sent.statusCode();
        if (status >= 300 && status < 400 || status == 201) {
            String location = sent.headers().firstValue("Location").orElse(null);
            if (location == null) {
                return body(sent);
            }
            URI confirm = URI.create(location);
            URI upload = URI.create(uploadUrl);
            boolean uploadHost = confirm.getHost() != null && confirm.getHost().equalsIgnoreCase(upload.getHost());
            if (!sameHost(confirm) && !(uploadHost && "https".equalsIgnoreCase(confirm.getScheme()))) {
                // not Canvas nor the upload host over https: this server is not sent elsewhere on Canvas's word
                throw new FailureException(Failure.of(FailureKind.INVALID_OUTPUT, "canvas pointed the upload confirmation of " + name
                        + " at another host (" + confirm.getHost() + "); it was not followed"));
            }
            // the confirmation is on Canvas (with the token); on the upload host it goes without it
            return body(exchange("GET", confirm, null, sameHost(confirm)));
        }
        return body(sent);
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String fileName, byte[] data, String contentType) {
        StringBuilder head = new StringBuilder("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(name).append('"');
        if (fileName != null) {
            head.append("; filename=\"").append(fileName.replace("\"", "")).append('"');
        }
        head.append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(data);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    /** A path under the API root, with query parameters encoded. */
    URI api(String path) {
        return base.resolve("/api/v1/" + path);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private boolean sameHost(URI uri) {
        return base.getScheme().equalsIgnoreCase(uri.getScheme()) && base.getHost().equalsIgnoreCase(uri.getHost())
                && base.getPort() == uri.getPort();
    }

    private JsonNode send(String method, URI uri, Object body) throws IOException, InterruptedException {
        return body(exchange(method, uri, body));
    }

    private HttpResponse<byte[]> exchange(String method, URI uri, Object body) throws IOException, InterruptedException {
        return exchange(method, uri, body, true);
    }

    private HttpResponse<byte[]> exchange(String method, URI uri, Object body, boolean withToken) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (withToken) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return call(b.build(), method + " " + uri.getPath());
    }

    private HttpResponse<byte[]> call(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new FailureException(Failure.of(FailureKind.TIMED_OUT, "canvas did not answer " + what + " within " + timeout.toSeconds() + " s"));
        } catch (IOException e) {
            // a connection refused or a name not found often has no message: its kind says what happened
            throw new FailureException(Failure.of(FailureKind.TRANSIENT, "canvas could not be reached for " + what + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        }
        answer.headers().firstValue("X-Rate-Limit-Remaining").ifPresent(r -> {
            try {
                lastRemaining = Double.parseDouble(r);
            } catch (NumberFormatException e) {
                // not a number: not a Canvas header we understand
            }
        });
        int status = answer.statusCode();
        if (status < 400) {
            return answer;
        }
        String message = message(answer.body());
        String text = "canvas answered HTTP " + status + " to " + what + (message.isEmpty() ? "" : ": " + message);
        if (status == 403 && message.contains("Rate Limit Exceeded") || status == 429) {
            Duration wait = answer.headers().firstValue("Retry-After").map(CanvasClient::seconds).orElse(THROTTLE_WAIT);
            throw new FailureException(Failure.rateLimited(text, wait));
        }
        if (status == 401) {
            throw new FailureException(Failure.of(FailureKind.AUTHENTICATION, text));
        }
        if (status >= 500) {
            throw new FailureException(Failure.of(FailureKind.TRANSIENT, text));
        }
        throw new FailureException(Failure.of(FailureKind.PERMANENT, text));
    }

    private static Duration seconds(String text) {
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(text.trim())));
        } catch (NumberFormatException e) {
            return THROTTLE_WAIT;
        }
    }

    /** Canvas's error message: {"errors":[{"message"}]}, {"message"}, {"errors":{field:[{message}]}}, or the text. */
    static String message(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).trim();
        try {
            JsonNode json = JSON.readTree(text);
            if (json != null && json.path("errors").isArray() && json.path("errors").size() > 0) {
                return json.path("errors").get(0).path("message").asText(text);
            }
            if (json != null && json.path("errors").isObject()) {
                List<String> parts = new ArrayList<>();
                json.path("errors").fields().forEachRemaining(e -> parts.add(e.getKey() + " " + e.getValue().path(0).path("message").asText()));
                return String.join("; ", parts);
            }
            if (json != null && json.hasNonNull("message")) {
                return json.path("message").asText();
            }
        } catch (IOException e) {
            // plain text, as a throttled answer is
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static JsonNode body(HttpResponse<byte[]> answer) throws IOException {
        byte[] bytes = answer.body();
        if (bytes == null || bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new FailureException(Failure.of(FailureKind.INVALID_OUTPUT, "canvas answered something that is not JSON (HTTP "
                    + answer.statusCode() + ")"));
        }
    }
}
