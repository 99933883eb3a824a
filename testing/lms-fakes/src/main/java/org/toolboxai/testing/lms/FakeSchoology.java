package org.toolboxai.testing.lms;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Schoology's REST API (v1) on loopback, for what a push uses: {@code users/me} (303 to the user),
 * the user's sections, a section, and its assignments (list, create 201, update 204). Every request
 * must carry a valid OAuth 1.0a two-legged signature: HMAC-SHA1 over the method, the URL and the
 * sorted parameters, keyed by the consumer secret and an empty token secret, checked here with code
 * of its own; a nonce used twice is refused as Schoology refuses it. Lists are wrapped in a singular
 * key with {@code total} and {@code links} ({@code start}/{@code limit}, default 20, at most 200).
 * Faults are queued with {@link #fail}: {@code 429} (Retry-After 1), {@code 500}, {@code 401}, {@code pass}.
 */
public final class FakeSchoology implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong(5000);
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Long> users = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final List<String> faults = new CopyOnWriteArrayList<>();
    /** Sections by id, each with its course. */
    public final Map<String, ObjectNode> sections = new ConcurrentHashMap<>();
    /** Assignments by section id, in creation order. */
    public final Map<String, List<ObjectNode>> assignments = new ConcurrentHashMap<>();
    /** Every request: "METHOD path consumer-key", in arrival order. */
    public final Collection<String> requests = new ConcurrentLinkedQueue<>();
    /** Requests refused for their signature, with why. */
    public final Collection<String> refused = new ConcurrentLinkedQueue<>();

    public FakeSchoology() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** The API root, e.g. {@code http://127.0.0.1:41234/v1}. */
    public String api() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** A consumer key and secret it accepts, for a user who teaches the given sections. */
    public FakeSchoology user(String key, String secret, long uid) {
        secrets.put(key, secret);
        users.put(key, uid);
        return this;
    }

    /** A section of a course. */
    public FakeSchoology section(String id, String courseId, String courseTitle, String sectionTitle) {
        sections.put(id, JSON.createObjectNode().put("id", id).put("course_id", courseId).put("course_title", courseTitle)
                .put("course_code", courseTitle.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "")).put("section_title", sectionTitle));
        assignments.putIfAbsent(id, new CopyOnWriteArrayList<>());
        return this;
    }

    /** Faults for the next requests, in order. */
    public void fail(String... next) {
        faults.addAll(List.of(next));
    }

    public List<String> pendingFaults() {
        return List.copyOf(faults);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String key = verify(ex);
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + (key == null ? "-" : key));
            if (key == null) {
                send(ex, 401, null, "Invalid OAuth signature.");
                return;
            }
            if (!faults.isEmpty()) {
                String fault = faults.remove(0);
                switch (fault) {
                    case "429" -> {
                        ex.getResponseHeaders().add("Retry-After", "1");
                        send(ex, 429, null, "Too Many Requests");
                        return;
                    }
                    case "500" -> {
                        send(ex, 500, null, "Internal Server Error");
                        return;
                    }
                    case "401" -> {
                        send(ex, 401, null, "Unauthorized");
                        return;
                    }
                    case "pass" -> {
                    }
                    default -> throw new IllegalArgumentException("unknown fault " + fault);
                }
            }
            String[] p = ex.getRequestURI().getPath().replaceFirst("^/v1/", "").split("/");
            route(ex, ex.getRequestMethod(), p, query(ex), body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body), key);
        } catch (RuntimeException e) {
            send(ex, 500, JSON.createObjectNode().put("message", "fake schoology: " + e), null);
        }
    }

    /** The consumer key of a correctly signed, fresh request; {@code null} (and why in {@link #refused}) otherwise. */
    private String verify(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("OAuth ")) {
            refused.add("no OAuth header");
            return null;
        }
        Map<String, String> oauth = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(auth);
        while (m.find()) {
            oauth.put(m.group(1), URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
        }
        String key = oauth.get("oauth_consumer_key");
        String secret = key == null ? null : secrets.get(key);
        if (secret == null || !"HMAC-SHA1".equals(oauth.get("oauth_signature_method")) || !"".equals(oauth.get("oauth_token"))
                || !"1.0".equals(oauth.get("oauth_version"))) {
            refused.add("unknown key or parameters " + oauth.keySet());
            return null;
        }
        long age = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(oauth.getOrDefault("oauth_timestamp", "0")));
        if (age > 300 || !nonces.add(oauth.get("oauth_nonce") + "/" + oauth.get("oauth_timestamp"))) {
            refused.add("Duplicate timestamp/nonce combination, possible replay attack. Request rejected.");
            return null;
        }
        // the base string, built here without the client's code: method, URL, sorted encoded parameters
        List<String> pairs = new ArrayList<>();
        oauth.forEach((k, v) -> {
            if (!k.equals("realm") && !k.equals("oauth_signature")) {
                pairs.add(pct(k) + "=" + pct(v));
            }
        });
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                pairs.add(pct(URLDecoder.decode(kv[0], StandardCharsets.UTF_8)) + "=" + pct(kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
            }
        }
        java.util.Collections.sort(pairs);
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + ex.getRequestURI().getRawPath();
        String base = ex.getRequestMethod() + "&" + pct(url) + "&" + pct(String.join("&", pairs));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((pct(secret) + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String expected = Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
            if (!expected.equals(oauth.get("oauth_signature"))) {
                refused.add("bad signature for " + base);
                return null;
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return key;
    }

    private static String pct(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            char ch = (char) (c & 0xff);
            if (Character.isLetterOrDigit(ch) && ch < 128 || "-._~".indexOf(ch) >= 0) {
                b.append(ch);
            } else {
                b.append(String.format("%%%02X", c & 0xff));
            }
        }
        return b.toString();
    }

    private void route(HttpExchange ex, String method, String[] p, Map<String, String> q, JsonNode body, String key) throws IOException {
        long uid = users.get(key);
        if (p.length == 2 && p[0].equals("users") && p[1].equals("me")) {
            ex.getResponseHeaders().add("Location", api() + "/users/" + uid);
            send(ex, 303, null, null);
        } else if (p.length == 2 && p[0].equals("users") && p[1].equals(String.valueOf(uid))) {
            send(ex, 200, JSON.createObjectNode().put("id", uid).put("name_display", "Teacher " + uid), null);
        } else if (p.length == 3 && p[0].equals("users") && p[2].equals("sections") && p[1].equals(String.valueOf(uid))) {
            page(ex, q, "section", new ArrayList<>(sections.values().stream().sorted((a, b) -> a.path("id").asText()
                    .compareTo(b.path("id").asText())).map(s -> (JsonNode) s).toList()));
        } else if (p.length >= 2 && p[0].equals("sections") && sections.containsKey(p[1])) {
            String section = p[1];
            if (p.length == 2 && method.equals("GET")) {
                send(ex, 200, sections.get(section), null);
            } else if (p.length == 3 && p[2].equals("assignments") && method.equals("GET")) {
                page(ex, q, "assignment", new ArrayList<>(assignments.get(section)));
            } else if (p.length == 3 && p[2].equals("assignments") && method.equals("POST")) {
                if (body.path("title").asText("").isBlank()) {
                    send(ex, 400, null, "title is required");
                    return;
                }
                long id = ids.incrementAndGet();
                ObjectNode a = JSON.createObjectNode().put("id", id).put("title", body.path("title").asText())
                        .put("description", body.path("description").asText("")).put("max_points", String.valueOf(body.path("max_points").asInt(100)))
                        .put("published", body.path("published").asInt(1)).put("type", "assignment");
                a.putObject("links").put("self", api() + "/sections/" + section + "/assignments/" + id);
                assignments.get(section).add(a);
                send(ex, 201, a, null);
            } else if (p.length == 4 && p[2].equals("assignments") && method.equals("PUT")) {
                ObjectNode a = assignments.get(section).stream().filter(x -> x.path("id").asText().equals(p[3])).findFirst().orElse(null);
                if (a == null) {
                    send(ex, 404, null, null);
                    return;
                }
                body.fields().forEachRemaining(e -> a.set(e.getKey(), e.getValue().isNumber() && e.getKey().equals("max_points")
                        ? JSON.getNodeFactory().textNode(e.getValue().asText()) : e.getValue()));
                send(ex, 204, null, null);
            } else {
                send(ex, 404, null, null);
            }
        } else {
            send(ex, p.length >= 2 && p[0].equals("sections") ? 403 : 404, null, null);
        }
    }

    private void page(HttpExchange ex, Map<String, String> q, String item, List<JsonNode> all) throws IOException {
        int start = Math.max(0, parse(q.get("start"), 0));
        int limit = Math.min(200, Math.max(1, parse(q.get("limit"), 20)));
        ArrayNode array = JSON.createArrayNode();
        all.subList(Math.min(start, all.size()), Math.min(all.size(), start + limit)).forEach(array::add);
        ObjectNode answer = JSON.createObjectNode();
        answer.set(item, array);
        answer.put("total", String.valueOf(all.size()));
        ObjectNode links = answer.putObject("links");
        String path = api() + ex.getRequestURI().getPath().replaceFirst("^/v1", "");
        links.put("self", path + "?start=" + start + "&limit=" + limit);
        if (start + limit < all.size()) {
            links.put("next", path + "?start=" + (start + limit) + "&limit=" + limit);
        }
        send(ex, 200, answer, null);
    }

    private static int parse(String text, int fallback) {
        try {
            return text == null ? fallback : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, JsonNode json, String text) throws IOException {
        ex.getResponseHeaders().add("X-Schoology", "API");
        byte[] bytes = json != null ? JSON.writeValueAsBytes(json) : text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            ex.getResponseHeaders().add("Content-Type", "application/json");
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
