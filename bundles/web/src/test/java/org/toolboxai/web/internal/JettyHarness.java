package org.toolboxai.web.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import javax.servlet.http.HttpServlet;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Jetty 9.4, the version pax-web runs in the distribution, on 127.0.0.1 and a free port,
 * serving a test's servlets with async support as the whiteboard registers them; and a client.
 */
final class JettyHarness implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final URI base;
    /** HTTP/1.1, so concurrent requests use connections of their own, as browsers' do. */
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Serves the servlets by path pattern with at most {@code maxThreads} server threads. */
    JettyHarness(int maxThreads, Map<String, HttpServlet> servlets) throws Exception {
        server = new Server(new QueuedThreadPool(maxThreads, Math.min(maxThreads, 4)));
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        servlets.forEach((pattern, servlet) -> {
            ServletHolder holder = new ServletHolder(servlet);
            holder.setAsyncSupported(true);
            context.addServlet(holder, pattern);
        });
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** A request to a path of this server. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    }

    /** GET with an optional Authorization header. */
    HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder builder = request(path).GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON body, parsed for assertions on values. */
    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
