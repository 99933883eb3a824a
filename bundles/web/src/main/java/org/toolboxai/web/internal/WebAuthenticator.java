package org.toolboxai.web.internal;

import java.util.function.Function;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.toolboxai.api.security.ApiTokenService;
import org.toolboxai.api.security.Authentication;
import org.toolboxai.api.security.Authentication.Invalid;
import org.toolboxai.api.security.Authentication.Throttled;
import org.toolboxai.api.security.Authenticator;

/**
 * The one authenticator of the HTTP front, registered as a service so that servlets of other
 * bundles authenticate as the REST API does and share its login throttle: a guess through a
 * WebSocket upgrade counts against the same address as a guess through REST. The realm and the
 * throttle limit follow {@link WebSettings} on the next call after a change. The token service
 * comes and goes with the database: without it, HTTP Basic still works and a Bearer token is
 * answered 503 (see {@link CredentialCheck}), so the API and its health checks are served from
 * the first boot stage on, before the store starts.
 */
@Component(service = Authenticator.class)
public class WebAuthenticator implements Authenticator {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ApiTokenService tokens;
    private final WebSettings settings;
    private final Function<String, PasswordRealm> realms;
    private final LoginThrottle throttle;
    /** The checker built from the settings last seen. */
    private volatile Applied applied;

    private record Applied(WebSettings.Values values, CredentialCheck check) {
    }

    /** Authenticates against the token service (once there) and the configured JAAS realm. */
    @Activate
    public WebAuthenticator(@Reference WebSettings settings) {
        this(null, settings, JaasPasswordRealm::new, System::currentTimeMillis);
    }

    /** With a realm per realm name and a clock of the test's choosing. */
    WebAuthenticator(ApiTokenService tokens, WebSettings settings, Function<String, PasswordRealm> realms,
            LongSupplier clock) {
        this.tokens = tokens;
        this.settings = settings;
        this.realms = realms;
        this.throttle = new LoginThrottle(settings.current().loginFailuresPerMinute(), clock);
    }

    @Override
    public Authentication authenticate(String authorization, String clientAddress) {
        if (authorization == null || authorization.isBlank()) {
            return CredentialCheck.ANONYMOUS;
        }
        return checked(clientAddress, authorization, false);
    }

    @Override
    public Authentication authenticateUrlToken(String authorization, String accessToken, String clientAddress) {
        if (accessToken == null || accessToken.isEmpty()) {
            return authenticate(authorization, clientAddress);
        }
        if (authorization != null && !authorization.isBlank()) {
            // RFC 6750 2: a client must not send a token in more than one way
            return new Invalid("Send credentials either in the Authorization header or as " + ACCESS_TOKEN
                    + ", not both.");
        }
        return checked(clientAddress, accessToken, true);
    }

    /** Checks credentials unless the address is throttled; wrong ones count against it. */
    private Authentication checked(String clientAddress, String credential, boolean bareToken) {
        CredentialCheck check = checker();
        String address = clientAddress == null ? "unknown" : clientAddress;
        long retryAfter = throttle.retryAfterSeconds(address);
        if (retryAfter > 0) {
            return new Throttled(retryAfter);
        }
        Authentication outcome = bareToken ? check.token(credential) : check.header(credential);
        // a right password without a toolbox role is no guess: only wrong credentials count
        if (outcome instanceof Invalid) {
            throttle.recordFailure(address);
        }
        return outcome;
    }

    /** The checker for the settings now in force, rebuilt once per change. */
    private CredentialCheck checker() {
        WebSettings.Values now = settings.current();
        Applied last = applied;
        if (last != null && last.values() == now) {
            return last.check();
        }
        // two calls racing here build equal checkers; either may win
        throttle.limit(now.loginFailuresPerMinute());
        Applied next = new Applied(now, new CredentialCheck(() -> tokens, realms.apply(now.jaasRealm())));
        applied = next;
        return next.check();
    }
}
