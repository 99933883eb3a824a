package org.toolboxai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * Benchmark baseline: an embedded Jetty 9.4 on 127.0.0.1 with one plain servlet that answers
 * each configured path with fixed bytes read once at start. It shows what the same HTTP stack
 * costs without OSGi, Pax Web, authentication, routing and JSON serialisation.
 *
 * <p>Usage: {@code java -jar toolbox-bench-bare-jetty.jar PORT FILE1 PATH1 [FILE2 PATH2 ...]}
 */
public final class BareJettyServer {

    private BareJettyServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length % 2 != 1) {
            System.err.println("usage: BareJettyServer PORT FILE1 PATH1 [FILE2 PATH2 ...]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Map<String, byte[]> bodies = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            String path = args[i + 1];
            if (!path.startsWith("/")) {
                path = "/" + path;
            }
            bodies.put(path, Files.readAllBytes(Path.of(args[i])));
        }

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new FixedBytesServlet(bodies)), "/*");
        server.setHandler(context);
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("BareJettyServer listening on http://127.0.0.1:" + connector.getLocalPort()
                + " paths " + bodies.keySet());
        server.join();
    }

    /** Serves the fixed bytes for a known path, 404 otherwise. */
    static final class FixedBytesServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, byte[]> bodies;

        FixedBytesServlet(Map<String, byte[]> bodies) {
            this.bodies = Map.copyOf(bodies);
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI();
            byte[] body = bodies.get(path);
            if (body == null) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            resp.setStatus(HttpServletResponse.SC_OK);
            resp.setContentType("application/json");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
