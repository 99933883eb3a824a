package org.toolboxai.web.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.util.StdConverter;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.ApiToken;
import org.toolboxai.api.security.ApiTokenService;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.IssuedToken;
import org.toolboxai.api.security.Role;

/** {@code /api/v1/me} for every caller, {@code /api/v1/tokens} for administrators. */
@Component(service = ApiEndpoint.class)
public class SecurityEndpoint implements ApiEndpoint {

    /** Body of {@code POST /api/v1/tokens}; checked as it is read, so its errors come with any unknown field. */
    @JsonDeserialize(converter = TokenRequest.Checked.class)
    public record TokenRequest(String name, String role) {

        /** Every problem of the request. */
        List<FieldError> problems() {
            List<FieldError> errors = new ArrayList<>();
            if (name == null || name.isBlank()) {
                errors.add(new FieldError("name", "required: 1-64 letters, digits, '.', '_' or '-'"));
            }
            if (role == null || Role.parse(role).isEmpty()) {
                errors.add(new FieldError("role", "required: one of admin, teacher, viewer"));
            }
            return errors;
        }

        static final class Checked extends StdConverter<TokenRequest, TokenRequest> {
            @Override
            public TokenRequest convert(TokenRequest request) {
                List<FieldError> errors = request.problems();
                if (!errors.isEmpty()) {
                    throw ProblemException.invalid(errors);
                }
                return request;
            }
        }
    }

    /** Answer of {@code POST /api/v1/tokens}: the only time the secret is shown. */
    public record CreatedToken(String id, String name, String role, Instant createdAt, String secret) {
    }

    /** A token as listed. */
    public record TokenView(String id, String name, String role, Instant createdAt, Instant lastUsedAt) {
        static TokenView of(ApiToken token) {
            return new TokenView(token.id(), token.name(), token.role().id(), token.createdAt(), token.lastUsedAt());
        }
    }

    /** Answer of {@code GET /api/v1/tokens}. */
    public record TokenList(List<TokenView> tokens) {
    }

    /** Who the caller is. */
    public record Me(String name, String role, String authentication) {
    }

    private final ApiTokenService tokens;

    /** Serves the token service. */
    @Activate
    public SecurityEndpoint(@Reference ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/me", Role.VIEWER, this::me)
                        .described("Who you are authenticated as", null, Me.class),
                ApiRoute.get("/tokens", Role.ADMIN, r -> ApiResponse.ok(new TokenList(
                        tokens.list().stream().map(TokenView::of).toList())))
                        .described("API tokens: names, roles, creation and last use, never secrets", null, TokenList.class),
                ApiRoute.post("/tokens", Role.ADMIN, this::create)
                        .described("Issue a token; its secret is in this answer only", TokenRequest.class, CreatedToken.class)
                        .withStatus(201),
                ApiRoute.delete("/tokens/{id}", Role.ADMIN, this::revoke)
                        .described("Revoke a token by id or name, at once", null, null));
    }

    private ApiResponse me(ApiRequest request) {
        Caller caller = request.requireCaller();
        return ApiResponse.ok(new Me(caller.name(), caller.role().id(), caller.method()));
    }

    private ApiResponse create(ApiRequest request) {
        TokenRequest body = request.body(TokenRequest.class);
        // the JSON codec has run these checks already; a body made another way gets them here
        List<FieldError> errors = body.problems();
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Role role = Role.parse(body.role()).orElseThrow();
        IssuedToken issued;
        try {
            issued = tokens.issue(body.name(), role);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().contains("already exists")) {
                throw ProblemException.conflict(e.getMessage());
            }
            throw ProblemException.invalid(List.of(new FieldError("name", e.getMessage())));
        }
        ApiToken token = issued.token();
        return ApiResponse.created("/api/v1/tokens/" + token.id(), new CreatedToken(token.id(), token.name(),
                token.role().id(), token.createdAt(), issued.secret()));
    }

    private ApiResponse revoke(ApiRequest request) {
        String id = request.pathParam("id");
        if (!tokens.revoke(id)) {
            throw ProblemException.notFound("No token has the id or name '" + id + "'.");
        }
        return ApiResponse.noContent();
    }
}
