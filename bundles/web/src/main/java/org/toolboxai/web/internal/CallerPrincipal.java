package org.toolboxai.web.internal;

import java.security.Principal;

import org.toolboxai.api.security.Caller;

/**
 * The caller a WebSocket handshake authenticated as, carried from {@link LiveHandshake} to
 * {@link LiveSocket} as the upgrade request's user principal, with the credentials it came with
 * so they can be checked again while the socket is open. {@link #toString} names the caller only.
 */
final class CallerPrincipal implements Principal {

    private final Caller caller;
    private final String authorization;
    private final String accessToken;
    private final String clientAddress;

    CallerPrincipal(Caller caller, String authorization, String accessToken, String clientAddress) {
        this.caller = caller;
        this.authorization = authorization;
        this.accessToken = accessToken;
        this.clientAddress = clientAddress;
    }

    Caller caller() {
        return caller;
    }

    String authorization() {
        return authorization;
    }

    String accessToken() {
        return accessToken;
    }

    String clientAddress() {
        return clientAddress;
    }

    @Override
    public String getName() {
        return caller.name();
    }

    @Override
    public String toString() {
        return "CallerPrincipal[" + caller.name() + "]";
    }
}
