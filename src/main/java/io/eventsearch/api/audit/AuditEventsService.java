package io.eventsearch.api.audit;

import java.util.List;

import io.eventsearch.api.ApiService;
import io.eventsearch.api.Endpoint;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.Listing;
import io.eventsearch.api.ProblemErrorShape;
import io.eventsearch.security.Authenticator;
import io.eventsearch.security.Scope;
import io.eventsearch.store.EventStore;
import io.eventsearch.stream.StreamDefinition;

/** {@code GET /audit/events}, the seed's audit data API: bearer tokens, its parser, renderer and error shape. */
public final class AuditEventsService {

    private AuditEventsService() {
    }

    public static ApiService create(StreamDefinition stream, EventStore store, Authenticator authenticator,
                                    JsonResponses json) {
        Listing<AuditQuery> listing = new Listing<>(stream, store, new AuditQueryParser(), new AuditRenderer(), json);
        return new ApiService("/audit", authenticator, new ProblemErrorShape(),
                List.of(Endpoint.get("/events", Scope.AUDIT_READ, listing.handler())));
    }
}
