package io.eventsearch.security;

import io.helidon.webserver.http.ServerRequest;

/**
 * How the callers of one API prove who they are. Each API declares one (bearer JWTs by default; the API-usage API
 * takes an API key), and the routing asks it for the caller of every request before the handler runs.
 */
public interface Authenticator {

    /**
     * The caller of {@code req}, who must hold {@code requiredScope}.
     *
     * @throws AuthenticationFailure when the request carries no usable credential, or one without the scope
     */
    Caller authenticate(ServerRequest req, String requiredScope);

    /** The scheme named in a 401's {@code WWW-Authenticate} header ({@code Bearer}). */
    String challenge();

    /** The request header that carries the credential ({@code Authorization}, {@code X-API-KEY}). */
    String credentialHeader();
}
