package org.toolboxai.coordinator.error.internal.alert;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A receiver on 127.0.0.1, written the way the webhook's Javadoc tells a receiver to verify: it
 * recomputes the HMAC itself (javax.crypto, not the product's code) and answers 401 to a bad
 * signature, or the status the test chose.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(String path, String timestamp, String signature, byte[] body, boolean signatureValid) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final String secret;
    private volatile int status = 204;

    WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    WebhookReceiver answer(int value) {
        status = value;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String timestamp = exchange.getRequestHeaders().getFirst("X-Toolbox-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Toolbox-Signature");
        boolean valid = valid(timestamp, signature, body);
        received.add(new Received(exchange.getRequestURI().getPath(), timestamp, signature, body, valid));
        exchange.sendResponseHeaders(valid ? status : 401, -1);
        exchange.close();
    }

    /** The receiver's check: sha256= + hex HMAC-SHA256(secret, timestamp + "." + body), compared in constant time. */
    boolean valid(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signed = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[signed.length + body.length];
            System.arraycopy(signed, 0, payload, 0, signed.length);
            System.arraycopy(body, 0, payload, signed.length, body.length);
            String expected = HexFormat.of().formatHex(mac.doFinal(payload));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    signature.substring("sha256=".length()).getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
