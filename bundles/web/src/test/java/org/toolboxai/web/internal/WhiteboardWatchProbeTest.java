package org.toolboxai.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** The loopback probes against a server that answers as Jetty would: the status, and the request sent. */
class WhiteboardWatchProbeTest {

    /** What a probe read and what the server received. */
    private record Exchange(int status, String request) {
    }

    @FunctionalInterface
    private interface Probe {
        int ask(int port) throws Exception;
    }

    /** One probe against a loopback server that answers with {@code statusLine}. */
    private static Exchange exchange(String statusLine, Probe probe) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    StringBuilder request = new StringBuilder();
                    while (!request.toString().endsWith("\r\n\r\n")) {
                        request.append((char) in.read());
                    }
                    s.getOutputStream().write((statusLine + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    return request.toString();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            int status = probe.ask(server.getLocalPort());
            return new Exchange(status, seen.get());
        }
    }

    @Test
    void theProbeSendsAnUpgradeWithItsSecretAndReadsTheStatus() throws Exception {
        for (String answer : new String[] {"HTTP/1.1 101 Switching Protocols", "HTTP/1.1 404 Not Found"}) {
            Exchange e = exchange(answer, WhiteboardWatch::upgradeStatus);
            assertEquals(Integer.parseInt(answer.split(" ")[1]), e.status());
            assertTrue(e.request().startsWith("GET /ws HTTP/1.1\r\n"), e.request());
            assertTrue(e.request().contains("Upgrade: websocket\r\n") && e.request().contains("Sec-WebSocket-Version: 13\r\n"), e.request());
            assertTrue(e.request().contains(LiveHandshake.PROBE_HEADER + ": " + LiveHandshake.PROBE_SECRET + "\r\n"), e.request());
        }
    }

    @Test
    void theRestProbeAsksForLivenessAndReadsTheStatus() throws Exception {
        for (String answer : new String[] {"HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found"}) {
            Exchange e = exchange(answer, port -> WhiteboardWatch.status(port, WhiteboardWatch.LIVENESS));
            assertEquals(Integer.parseInt(answer.split(" ")[1]), e.status());
            assertTrue(e.request().startsWith("GET /api/v1/health/live HTTP/1.1\r\n"), e.request());
        }
    }
}
