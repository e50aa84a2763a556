package io.eventsearch.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.http.HeaderNames;
import io.helidon.security.AuthenticationResponse;
import io.helidon.security.Security;
import io.helidon.security.SecurityContext;
import io.helidon.security.SecurityEnvironment;
import io.helidon.security.SecurityResponse;
import io.helidon.security.Subject;
import io.helidon.security.providers.common.TokenCredential;

/**
 * Bearer tokens verified by Helidon Security's JWT provider, with a memory: a client sends the same token with
 * every request. A token verified once is trusted again, by its exact text, until it expires and at most
 * {@link #MAX_AGE} after the check. Only successes are kept; a token that failed is checked afresh every time. (The
 * provider reads its key set once, when it is created: a rotated key set takes a restart either way.)
 *
 * <p>Helidon Security runs only for a token not seen yet, not on every request as its server feature would: that
 * builds a security environment of the whole request (its URI parsed again, its headers copied, its peer's address)
 * and writes an audit record whose source is found by walking the stack, about a sixth of a listing's CPU even when
 * the token's check itself was remembered.
 */
final class VerifiedTokens {

    static final Duration MAX_AGE = Duration.ofSeconds(60);
    /** About 5 MB of tokens at most; when full, the memory is emptied (only a re-check follows). */
    private static final int MAX_TOKENS = 10_000;

    private final Security security;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(Subject user, Instant until) {
    }

    VerifiedTokens(Security security, Clock clock) {
        this.security = security;
        this.clock = clock;
    }

    /** Who {@code authorization} (an Authorization header's value) names, when it is a valid bearer token. */
    Optional<Subject> user(String authorization) {
        Instant now = clock.instant();
        Verified known = verified.get(authorization);
        if (known != null && now.isBefore(known.until())) {
            return Optional.of(known.user());
        }
        SecurityContext context = security.createContext(UUID.randomUUID().toString());
        context.env(SecurityEnvironment.builder(security.serverTime())
                .header(HeaderNames.AUTHORIZATION.defaultCase(), authorization).build());
        AuthenticationResponse response = context.atnClientBuilder().submit();
        if (response.status() != SecurityResponse.SecurityStatus.SUCCESS || response.user().isEmpty()) {
            return Optional.empty();
        }
        Subject user = response.user().get();
        user.publicCredential(TokenCredential.class)
                .flatMap(TokenCredential::getExpTime)
                .ifPresent(expires -> remember(authorization, user, earliest(expires, now.plus(MAX_AGE))));
        return Optional.of(user);
    }

    private void remember(String authorization, Subject user, Instant until) {
        if (verified.size() >= MAX_TOKENS) {
            verified.clear();
        }
        verified.put(authorization, new Verified(user, until));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
