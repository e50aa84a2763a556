package io.eventsearch.api.releases;

import java.util.List;

import io.eventsearch.api.ApiService;
import io.eventsearch.api.Endpoint;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.Listing;
import io.eventsearch.security.Authenticator;
import io.eventsearch.security.Scope;
import io.eventsearch.store.EventStore;
import io.eventsearch.stream.StreamDefinition;

/** {@code GET /v3/release-download-events}, the seed's API: bearer tokens, its parser, renderer and error shape. */
public final class ReleaseDownloadEventsService {

    private static final String MOUNT = "/v3/release-download-events";

    private ReleaseDownloadEventsService() {
    }

    public static ApiService create(StreamDefinition stream, EventStore store, Authenticator authenticator,
                                    JsonResponses json) {
        Listing<ReleaseDownloadQuery> listing = new Listing<>(stream, store, new ReleaseDownloadQueryParser(stream),
                new ReleaseDownloadRenderer(MOUNT), json);
        return new ApiService(MOUNT, authenticator, new ReleaseDownloadErrorShape(),
                List.of(Endpoint.get("/", Scope.RELEASE_DOWNLOAD_READ, listing.handler())));
    }
}
