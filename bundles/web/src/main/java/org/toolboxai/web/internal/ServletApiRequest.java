package org.toolboxai.web.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;

/** The handler's view of a servlet request; reads the body lazily, within the size limit. */
final class ServletApiRequest implements ApiRequest {

    private final HttpServletRequest request;
    private final String path;
    private final Map<String, String> params;
    private final Caller caller;
    private final String requestId;
    private final JsonCodec json;
    private final long maxBodyBytes;

    ServletApiRequest(HttpServletRequest request, String path, Map<String, String> params, Caller caller,
            String requestId, JsonCodec json, long maxBodyBytes) {
        this.request = request;
        this.path = path;
        this.params = params;
        this.caller = caller;
        this.requestId = requestId;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String pathParam(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no path parameter '" + name + "'");
        }
        return value;
    }

    @Override
    public Optional<String> query(String name) {
        return Optional.ofNullable(request.getParameter(name));
    }

    @Override
    public List<String> queryAll(String name) {
        String[] values = request.getParameterValues(name);
        return values == null ? List.of() : Arrays.asList(values);
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeader(name));
    }

    @Override
    public Optional<Caller> caller() {
        return Optional.ofNullable(caller);
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public boolean hasBody() {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    @Override
    public <T> T body(Class<T> type) {
        return json.read(jsonBody(), type);
    }

    @Override
    public <T> T body(Class<T> type, List<FieldError> unknown) {
        return json.read(jsonBody(), type, unknown);
    }

    private byte[] jsonBody() {
        if (!hasBody()) {
            throw ProblemException.badRequest("This request needs a JSON body.");
        }
        String contentType = request.getContentType();
        if (!isJson(contentType)) {
            throw new ProblemException(Problem.of(415, "Unsupported Media Type",
                    "The body must be application/json, not " + (contentType == null ? "untyped" : contentType) + "."));
        }
        return readBody();
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return base.equals("application/json") || (base.startsWith("application/") && base.endsWith("+json"));
    }

    private byte[] readBody() {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBodyBytes) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ProblemException.badRequest("The request body could not be read: " + e.getMessage());
        }
    }

    private ProblemException tooLarge() {
        return new ProblemException(Problem.of(413, "Content Too Large",
                "The request body is larger than the limit of " + maxBodyBytes + " bytes."));
    }
}
