package io.eventsearch.api.usage;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.eventsearch.api.ApiException;
import io.eventsearch.api.ApiService;
import io.eventsearch.api.Endpoint;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.Listing;
import io.eventsearch.api.ProblemErrorShape;
import io.eventsearch.security.Authenticator;
import io.eventsearch.store.EventStore;
import io.eventsearch.stream.StreamDefinition;

/**
 * {@code GET /v1/events}, the seed's API-usage events: authenticated by {@code X-API-KEY} alone (the key decides
 * the tenant), limited in requests per minute per key, errors as {@code {"title","status",...}} under {@code /v1/}.
 */
public final class UsageEventsService {

    private static final String MOUNT = "/v1";

    private UsageEventsService() {
    }

    public static ApiService create(StreamDefinition stream, EventStore store, Authenticator apiKeys,
                                    JsonResponses json, Clock clock, UsageSettings settings) {
        Listing<UsageQuery> listing = new Listing<>(stream, store, new UsageQueryParser(clock, settings.window()),
                new UsageRenderer(MOUNT + "/events"), json);
        int perMinute = settings.requestsPerMinute();
        RateLimiter limiter = new RateLimiter(perMinute, clock);
        Endpoint.Handler list = listing.handler();
        return new ApiService(MOUNT, apiKeys, new ProblemErrorShape(), List.of(
                Endpoint.get("/events", null, (caller, req, res) -> {
                    OptionalLong wait = limiter.acquire(caller.subject());
                    if (wait.isPresent()) {
                        throw new ApiException(429, "this API key made more than " + perMinute + " requests in a "
                                + "minute; try again in " + wait.getAsLong() + " s", null,
                                Map.of("Retry-After", Long.toString(Math.max(1, wait.getAsLong()))));
                    }
                    list.handle(caller, req, res);
                })));
    }
}
