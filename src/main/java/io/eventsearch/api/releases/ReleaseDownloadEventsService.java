package io.eventsearch.api.releases;

import java.util.List;

import io.eventsearch.api.ApiService;
import io.eventsearch.api.Endpoint;
import io.eventsearch.api.ErrorShape;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.Listing;
import io.eventsearch.security.Authenticator;
import io.eventsearch.security.Scope;
import io.eventsearch.store.EventStore;
import io.eventsearch.stream.StreamDefinition;

/** {@code GET /v3/release-download-events}, the seed's API: bearer tokens, its parser, renderer and error shape. */
public final class ReleaseDownloadEventsService implements ApiService {

    private static final String MOUNT = "/v3/release-download-events";

    private final Authenticator authenticator;
    private final ErrorShape errors = new ReleaseDownloadErrorShape();
    private final List<Endpoint> endpoints;

    public ReleaseDownloadEventsService(StreamDefinition stream, EventStore store, Authenticator authenticator,
                                        JsonResponses json) {
        this.authenticator = authenticator;
        Listing<ReleaseDownloadQuery> listing = new Listing<>(stream, store, new ReleaseDownloadQueryParser(stream),
                new ReleaseDownloadRenderer(MOUNT), json);
        this.endpoints = List.of(Endpoint.get("/", Scope.RELEASE_DOWNLOAD_READ, listing.handler()));
    }

    @Override
    public String mount() {
        return MOUNT;
    }

    @Override
    public Authenticator authenticator() {
        return authenticator;
    }

    @Override
    public ErrorShape errorShape() {
        return errors;
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }
}
