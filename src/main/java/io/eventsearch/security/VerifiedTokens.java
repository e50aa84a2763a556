package io.eventsearch.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.security.AuthenticationResponse;
import io.helidon.security.ProviderRequest;
import io.helidon.security.SecurityResponse;
import io.helidon.security.providers.common.TokenCredential;
import io.helidon.security.spi.AuthenticationProvider;

/**
 * Helidon's JWT provider with a memory: a client sends the same token with every request, and checking its signature
 * and claims again each time was a tenth of a listing's CPU. A token verified once is trusted again, by its exact
 * text, until it expires and at most {@link #MAX_AGE} after the check (so a key removed from a JWKS URL stops being
 * honoured within that bound). Only successes are kept; a token that failed is checked afresh every time.
 */
final class VerifiedTokens implements AuthenticationProvider {

    static final Duration MAX_AGE = Duration.ofSeconds(60);
    /** About 5 MB of tokens at most; when full, the memory is emptied (only a re-check follows). */
    private static final int MAX_TOKENS = 10_000;

    private final AuthenticationProvider verifier;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(AuthenticationResponse response, Instant until) {
    }

    VerifiedTokens(AuthenticationProvider verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public AuthenticationResponse authenticate(ProviderRequest request) {
        String credential = singleAuthorization(request.env().headers());
        if (credential == null) {
            return verifier.authenticate(request); // none, or several: the provider and the API decide
        }
        Instant now = clock.instant();
        Verified known = verified.get(credential);
        if (known != null && now.isBefore(known.until())) {
            return known.response();
        }
        AuthenticationResponse response = verifier.authenticate(request);
        if (response.status() == SecurityResponse.SecurityStatus.SUCCESS) {
            response.user().flatMap(user -> user.publicCredential(TokenCredential.class))
                    .flatMap(TokenCredential::getExpTime)
                    .ifPresent(expires -> remember(credential, response, earliest(expires, now.plus(MAX_AGE))));
        }
        return response;
    }

    private void remember(String credential, AuthenticationResponse response, Instant until) {
        if (verified.size() >= MAX_TOKENS) {
            verified.clear();
        }
        verified.put(credential, new Verified(response, until));
    }

    private static String singleAuthorization(Map<String, List<String>> headers) {
        String found = null;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if ("authorization".equalsIgnoreCase(header.getKey())) {
                if (found != null || header.getValue().size() != 1) {
                    return null;
                }
                found = header.getValue().get(0);
            }
        }
        return found;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
