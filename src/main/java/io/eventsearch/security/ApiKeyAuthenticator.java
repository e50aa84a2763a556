package io.eventsearch.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.eventsearch.store.ApiKeyIndex;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Callers who present an API key in {@code X-API-KEY}: the key decides the tenant, and there are no scopes (a key
 * opens the API-usage API and nothing else). What a key is worth is remembered for {@code cacheFor}, so a revoked key
 * stops working on every instance within that bound, and unknown keys do not reach OpenSearch on every request.
 */
public final class ApiKeyAuthenticator implements Authenticator {

    public static final HeaderName HEADER = HeaderNames.create("X-API-KEY");
    private static final int MAX_KEY_LENGTH = 256;
    private static final int MAX_REMEMBERED = 10_000;

    private final ApiKeyIndex keys;
    private final Duration cacheFor;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    /** What a key hash was found to be, and until when that holds. */
    private record Remembered(Optional<ApiKeyIndex.StoredKey> key, Instant until) {
    }

    public ApiKeyAuthenticator(ApiKeyIndex keys, Duration cacheFor, Clock clock) {
        this.keys = keys;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    @Override
    public Caller authenticate(ServerRequest req, String requiredScope) {
        List<String> presented = req.headers().all(HEADER, List::of);
        if (presented.size() > 1) {
            throw new AuthenticationFailure(AuthenticationFailure.Reason.AMBIGUOUS,
                    "the request carries more than one X-API-KEY header; send exactly one");
        }
        String key = presented.isEmpty() ? "" : presented.get(0).trim();
        if (key.isEmpty()) {
            throw new AuthenticationFailure(AuthenticationFailure.Reason.UNAUTHENTICATED,
                    "an API key is required (X-API-KEY: <key>)");
        }
        ApiKeyIndex.StoredKey found = (key.length() > MAX_KEY_LENGTH ? Optional.<ApiKeyIndex.StoredKey>empty()
                : lookup(ApiKeys.hash(key))).filter(ApiKeyIndex.StoredKey::active)
                .orElseThrow(() -> new AuthenticationFailure(AuthenticationFailure.Reason.UNAUTHENTICATED,
                        "the API key is unknown or revoked"));
        return new Caller("api-key:" + found.id(), found.tenant(), Set.of());
    }

    private Optional<ApiKeyIndex.StoredKey> lookup(String hash) {
        Instant now = clock.instant();
        Remembered known = remembered.get(hash);
        if (known != null && now.isBefore(known.until())) {
            return known.key();
        }
        Optional<ApiKeyIndex.StoredKey> key = keys.byHash(hash);
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear(); // a flood of made-up keys must not grow the memory without end
        }
        remembered.put(hash, new Remembered(key, now.plus(cacheFor)));
        return key;
    }

    @Override
    public String challenge() {
        return "ApiKey";
    }

    @Override
    public String credentialHeader() {
        return HEADER.defaultCase();
    }
}
