package org.toolboxai.api.security;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Authenticates HTTP requests the way the REST API does, for servlets of other bundles
 * (WebSocket endpoints, streaming protocols): HTTP Basic against the JAAS realm, API tokens as
 * {@code Authorization: Bearer}, one login throttle per client address for every way in. The web
 * bundle registers it as a service; its REST dispatcher uses the same instance.
 *
 * @since 1.1
 */
@ProviderType
public interface Authenticator {

    /** Name of the query parameter {@link #authenticateUrlToken} reads a token from. */
    String ACCESS_TOKEN = "access_token";

    /**
     * Authenticates a request by its {@code Authorization} header.
     *
     * @param authorization the header's value, or {@code null}
     * @param clientAddress the client's address, the unit of the login throttle
     */
    Authentication authenticate(String authorization, String clientAddress);

    /**
     * Like {@link #authenticate}, and also accepts an API token passed in the URL's
     * {@value #ACCESS_TOKEN} query parameter. Only for requests that cannot carry headers (a
     * browser's WebSocket upgrade or {@code EventSource}): URLs end up in access logs and
     * histories, so REST routes never accept tokens there. A request sending both is refused.
     *
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param accessToken   the {@value #ACCESS_TOKEN} query parameter, or {@code null}
     * @param clientAddress the client's address, the unit of the login throttle
     */
    Authentication authenticateUrlToken(String authorization, String accessToken, String clientAddress);
}
