package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;

/** A configuration change reaches the running servlet: no new servlet, no new registration. */
class ApiServletSettingsTest {

    @TempDir
    Path dir;

    private WebSettings settings;
    private ApiServlet servlet;

    @BeforeEach
    void setUp() {
        settings = new WebSettings(config(1_048_576, 20));
        WebAuthenticator authenticator = new WebAuthenticator(settings);
        authenticator.tokens = new JdbcApiTokenService(TestStore.onH2(), dir, Clock.systemUTC());
        servlet = new ApiServlet(authenticator, settings);
        ApiEndpoint echo = () -> List.of(ApiRoute.post("/echo", null, r -> ApiResponse.noContent()));
        servlet.addEndpoint(echo, Map.of());
    }

    @Test
    void aLowerBodyLimitAppliesToTheNextRequestOfTheSameServlet() throws Exception {
        assertThat(post("/v1/echo", 4096, null).status).isEqualTo(204);

        settings.modified(config(2048, 20));

        Answer refused = post("/v1/echo", 4096, null);
        assertThat(refused.status).isEqualTo(413);
        assertThat(refused.body).contains("limit of 2048 bytes");
        assertThat(post("/v1/echo", 2048, null).status).isEqualTo(204);
    }

    @Test
    void aLowerLoginLimitAppliesToTheNextRequestOfTheSameServlet() throws Exception {
        String wrong = "Bearer tbx_not-a-token";
        for (int i = 0; i < 3; i++) {
            assertThat(post("/v1/echo", 0, wrong).status).isEqualTo(204);
        }

        settings.modified(config(1_048_576, 3));

        assertThat(post("/v1/echo", 0, wrong).status).isEqualTo(429);
    }

    private record Answer(int status, String body) {
    }

    /** Sends a POST with a declared body length (the limit is checked on Content-Length). */
    private Answer post(String pathInfo, long contentLength, String authorization) throws Exception {
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getMethod" -> "POST";
                    case "getPathInfo" -> pathInfo;
                    case "getRequestURI" -> "/api" + pathInfo;
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "getContentLengthLong" -> contentLength;
                    case "getDispatcherType" -> javax.servlet.DispatcherType.REQUEST;
                    default -> null;
                });
        int[] status = {200};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setStatus" -> {
                        status[0] = (Integer) args[0];
                        yield null;
                    }
                    case "getStatus" -> status[0];
                    case "getOutputStream" -> out;
                    case "isCommitted" -> false;
                    default -> null;
                });
        servlet.service(request, response);
        return new Answer(status[0], body.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static WebConfig config(long maxBodyBytes, int loginFailures) {
        return new TestWebConfig(maxBodyBytes, loginFailures, 130);
    }
}
