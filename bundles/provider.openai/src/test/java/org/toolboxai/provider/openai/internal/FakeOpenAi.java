package org.toolboxai.provider.openai.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback speaking OpenAI's {@code POST /v1/chat/completions}: it records
 * every request and answers from a queue of scripted replies (the last one repeats).
 */
final class FakeOpenAi implements AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** One recorded request. */
    record Recorded(String method, String path, Headers headers, String body) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(body);
        }

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** One scripted reply; {@code hang} never answers (until the server stops). */
    record Reply(int status, String contentType, String body, boolean hang) {
        static Reply json(int status, String body) {
            return new Reply(status, "application/json", body, false);
        }

        static Reply never() {
            return new Reply(0, null, null, true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-openai");
        t.setDaemon(true);
        return t;
    });
    private final BlockingDeque<Reply> replies = new LinkedBlockingDeque<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    FakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** What to pass as {@code base_url}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    FakeOpenAi then(Reply reply) {
        replies.add(reply);
        return this;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), body));
            Reply reply = replies.size() > 1 ? replies.poll() : replies.peek();
            if (reply == null) {
                reply = Reply.json(500, error("no reply scripted", "server_error", null));
            }
            if (reply.hang()) {
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** A {@code chat.completion} as OpenAI sends it. */
    static String completion(String model, String content, String finishReason, int promptTokens, int completionTokens) {
        Map<String, Object> message = new java.util.LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", content);
        message.put("refusal", null);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("id", "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        body.put("object", "chat.completion");
        body.put("created", 1741569952);
        body.put("model", model);
        Map<String, Object> choice = new java.util.LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        body.put("choices", List.of(choice));
        body.put("usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
                "total_tokens", promptTokens + completionTokens));
        body.put("service_tier", "default");
        body.put("system_fingerprint", "fp_06737a9306");
        try {
            return MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An error body as OpenAI sends it. */
    static String error(String message, String type, String code) {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        try {
            return MAPPER.writeValueAsString(Map.of("error", error));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
