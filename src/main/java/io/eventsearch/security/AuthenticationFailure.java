package io.eventsearch.security;

/**
 * A request whose credential does not open the route. The API layer answers it in the API's own error shape:
 * {@link Reason#AMBIGUOUS} 400, {@link Reason#UNAUTHENTICATED} 401, {@link Reason#FORBIDDEN} 403.
 */
public final class AuthenticationFailure extends RuntimeException {

    /** Why the credential was refused. */
    public enum Reason {
        /** More than one credential: which one is meant cannot be known, so none is used. */
        AMBIGUOUS,
        /** No credential, or one that is not valid (signature, expiry, issuer, audience, unknown key). */
        UNAUTHENTICATED,
        /** A valid credential without the route's scope or without a usable tenant. */
        FORBIDDEN
    }

    private final Reason reason;

    public AuthenticationFailure(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
