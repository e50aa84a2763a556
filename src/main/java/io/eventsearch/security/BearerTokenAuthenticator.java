package io.eventsearch.security;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.helidon.http.HeaderNames;
import io.helidon.security.Grant;
import io.helidon.security.Subject;
import io.helidon.security.providers.common.TokenCredential;
import io.helidon.webserver.http.ServerRequest;

/**
 * Bearer JWTs: turns the token's subject into a {@link Caller} and enforces the route's scope.
 * <p>
 * Helidon's JWT provider checks signature, expiry, issuer and audience ({@link VerifiedTokens}), and turns the
 * {@code scope} claim into grants of type "scope". A missing or bad token is this class's to refuse, so that each API
 * answers 401/403 in its own error shape (Helidon's own answers have no body).
 * <p>
 * Helidon 4.3's JWT provider does not check the issuer of inbound tokens (its {@code jwt-issuer} setting only
 * applies to tokens it signs), so the issuer is checked here.
 */
public final class BearerTokenAuthenticator implements Authenticator {

    public static final String TENANT_CLAIM = "tenant";
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String NEEDS_TOKEN = "a valid bearer token is required (Authorization: Bearer <JWT>)";

    private final VerifiedTokens tokens;
    private final String expectedIssuer;

    private BearerTokenAuthenticator(VerifiedTokens tokens, String expectedIssuer) {
        this.tokens = tokens;
        this.expectedIssuer = expectedIssuer;
    }

    /** Tokens checked as {@code settings} say, each remembered once verified. */
    public static BearerTokenAuthenticator create(AuthSettings settings, Clock clock) {
        return new BearerTokenAuthenticator(new VerifiedTokens(settings.security(), clock), settings.issuer());
    }

    @Override
    public String challenge() {
        return "Bearer";
    }

    @Override
    public String credentialHeader() {
        return HeaderNames.AUTHORIZATION.defaultCase();
    }

    @Override
    public Caller authenticate(ServerRequest req, String requiredScope) {
        List<String> authorization = req.headers().all(HeaderNames.AUTHORIZATION, List::of);
        if (authorization.size() > 1) {
            // Two tenants' tokens in one request must not pick a tenant by order.
            throw new AuthenticationFailure(AuthenticationFailure.Reason.AMBIGUOUS,
                    "the request carries more than one Authorization header; send exactly one");
        }
        Subject user = authorization.stream().findFirst().flatMap(tokens::user).orElseThrow(() -> unauthenticated());
        String issuer = user.publicCredential(TokenCredential.class).flatMap(TokenCredential::getIssuer).orElse("");
        if (!issuer.equals(expectedIssuer)) {
            throw unauthenticated();
        }
        Set<String> scopes = user.grantsByType("scope").stream().map(Grant::getName).collect(Collectors.toSet());
        if (!scopes.contains(requiredScope)) {
            throw new AuthenticationFailure(AuthenticationFailure.Reason.FORBIDDEN,
                    "the token lacks the scope '" + requiredScope + "'");
        }
        String tenant = tenantOf(user).orElseThrow(() -> new AuthenticationFailure(
                AuthenticationFailure.Reason.FORBIDDEN, "the token carries no valid '" + TENANT_CLAIM + "' claim"));
        return new Caller(user.principal().id(), tenant, scopes);
    }

    private static AuthenticationFailure unauthenticated() {
        return new AuthenticationFailure(AuthenticationFailure.Reason.UNAUTHENTICATED, NEEDS_TOKEN);
    }

    private static Optional<String> tenantOf(Subject user) {
        return user.principal().abacAttribute(TENANT_CLAIM)
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .filter(t -> TENANT.matcher(t).matches());
    }
}
