package org.toolboxai.web.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** A real Jetty on loopback with the handler installed as pax-web installs it: on the server. */
class ProblemErrorHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Server server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.getWriter().write("ok");
            }
        }), "/*");
        server.setHandler(context);
        server.setErrorHandler(new ProblemErrorHandler());
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void aWellFormedRequestIsUntouched() throws IOException {
        Reply reply = send("GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.body).isEqualTo("ok");
    }

    @Test
    void oversizedHeadersGetA431Problem() throws IOException {
        String big = "a".repeat(9 * 1024);
        Reply reply = send("GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + big + "\r\nConnection: close\r\n\r\n");
        assertProblem(reply, 431);
        assertThat(problem(reply).get("detail").asText()).contains("headers are too large");
    }

    @Test
    void anUndecodableUriGetsA400Problem() throws IOException {
        Reply reply = send("GET /api/v1/% HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertProblem(reply, 400);
    }

    @Test
    void anUndecodableUriGetsAProblemWhateverTheMethod() throws IOException {
        for (String method : new String[] {"DELETE", "PUT", "PATCH", "OPTIONS"}) {
            Reply reply = send(method + " /api/v1/tokens/% HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n");
            assertProblem(reply, 400);
        }
    }

    @Test
    void detailsNeverEchoAServerErrorsMessage() {
        assertThat(ProblemErrorHandler.detail(500, "java.lang.IllegalStateException: secret path /etc/x"))
                .doesNotContain("secret").doesNotContain("Exception");
        assertThat(ProblemErrorHandler.detail(400, "Bad URI")).contains("Bad URI");
        assertThat(ProblemErrorHandler.detail(400, "org.foo.SomeException: x")).doesNotContain("Exception");
        assertThat(ProblemErrorHandler.detail(404, null)).contains("/api/v1");
    }

    @Test
    void aMalformedRequestLineGetsA400Problem() throws IOException {
        Reply reply = send("GET\u0001/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertProblem(reply, 400);
    }

    @Test
    void anUnknownHttpVersionGetsAProblem() throws IOException {
        Reply reply = send("GET / HTTP/7.3\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(reply.status).isBetween(400, 505);
        assertProblem(reply, reply.status);
    }

    @Test
    void bodyEscapesEverythingJsonRequires() throws IOException {
        byte[] body = ProblemErrorHandler.body(400, "quote \" slash \\ newline \n bell \u0007", "/p", "id");
        JsonNode node = JSON.readTree(body);
        assertThat(node.get("detail").asText()).isEqualTo("quote \" slash \\ newline \n bell \u0007");
        assertThat(node.get("instance").asText()).isEqualTo("/p");
        assertThat(node.get("title").asText()).isEqualTo("Bad Request");
    }

    private static void assertProblem(Reply reply, int status) throws IOException {
        assertThat(reply.status).as(reply.toString()).isEqualTo(status);
        assertThat(reply.headers.get("content-type")).startsWith(ProblemErrorHandler.PROBLEM_JSON);
        JsonNode problem = problem(reply);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("request_id").asText()).hasSize(32)
                .isEqualTo(reply.headers.get("x-request-id"));
        assertThat(reply.body).doesNotContain("<").doesNotContainIgnoringCase("jetty");
    }

    private static JsonNode problem(Reply reply) throws IOException {
        return JSON.readTree(reply.body);
    }

    private Reply send(String raw) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return Reply.parse(all.toString(StandardCharsets.UTF_8));
        }
    }

    private record Reply(int status, Map<String, String> headers, String body) {
        static Reply parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            return new Reply(status, headers, text.substring(end + 4));
        }
    }
}
