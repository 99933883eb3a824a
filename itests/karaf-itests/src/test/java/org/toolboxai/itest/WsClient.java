package org.toolboxai.itest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A WebSocket client for the tests (the JDK's): every text message parsed as JSON into a queue,
 * and the close code the server sent.
 */
final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri, String authorization) throws Exception {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        socket = builder.buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        received.add(JSON.readTree(text.toString()));
                    } catch (Exception e) {
                        received.add(JSON.createObjectNode().put("type", "not-json").put("text", text.toString()));
                    }
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeReason.complete(reason);
                closeCode.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closeCode.complete(1006);
            }
        }).get(15, TimeUnit.SECONDS);
    }

    /** Connects with an {@code Authorization} header ({@code null}: none). */
    static WsClient connect(URI uri, String authorization) throws Exception {
        return new WsClient(uri, authorization);
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(15, TimeUnit.SECONDS);
    }

    void send(JsonNode message) throws Exception {
        send(JSON.writeValueAsString(message));
    }

    /** The next message, waiting at most {@code timeout}; fails when none comes. */
    JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + timeout + (closeCode.isDone() ? "; closed with " + closeCode.join() : ""));
        }
        return message;
    }

    /** The next message of a type, skipping others (pongs, events); fails when none comes in time. */
    JsonNode next(String type, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode m = next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (m.path("type").asText().equals(type)) {
                return m;
            }
        }
    }

    /** Closes from the client's side without waiting for the server (a dropped connection). */
    void drop() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        socket.abort();
    }
}
