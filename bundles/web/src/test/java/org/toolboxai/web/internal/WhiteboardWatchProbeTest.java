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

/** The WebSocket probe against a loopback server that answers as Jetty would: the status, and the request it sent. */
class WhiteboardWatchProbeTest {

    @Test
    void theProbeSendsAnUpgradeWithItsSecretAndReadsTheStatus() throws Exception {
        for (String answer : new String[] {"HTTP/1.1 101 Switching Protocols", "HTTP/1.1 404 Not Found"}) {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                    try (Socket s = server.accept()) {
                        InputStream in = s.getInputStream();
                        StringBuilder request = new StringBuilder();
                        while (!request.toString().endsWith("\r\n\r\n")) {
                            request.append((char) in.read());
                        }
                        s.getOutputStream().write((answer + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        return request.toString();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                int status = WhiteboardWatch.upgradeStatus(server.getLocalPort());
                assertEquals(Integer.parseInt(answer.split(" ")[1]), status);
                String request = seen.get();
                assertTrue(request.startsWith("GET /ws HTTP/1.1\r\n"), request);
                assertTrue(request.contains("Upgrade: websocket\r\n") && request.contains("Sec-WebSocket-Version: 13\r\n"), request);
                assertTrue(request.contains(LiveHandshake.PROBE_HEADER + ": " + LiveHandshake.PROBE_SECRET + "\r\n"), request);
            }
        }
    }

    @Test
    void theRestProbeAsksForLivenessAndReadsTheStatus() throws Exception {
        for (String answer : new String[] {"HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found"}) {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                    try (Socket s = server.accept()) {
                        InputStream in = s.getInputStream();
                        StringBuilder request = new StringBuilder();
                        while (!request.toString().endsWith("\r\n\r\n")) {
                            request.append((char) in.read());
                        }
                        s.getOutputStream().write((answer + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        return request.toString();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertEquals(Integer.parseInt(answer.split(" ")[1]), WhiteboardWatch.status(server.getLocalPort(), WhiteboardWatch.LIVENESS));
                assertTrue(seen.get().startsWith("GET /api/v1/health/live HTTP/1.1\r\n"), seen.get());
            }
        }
    }
}
