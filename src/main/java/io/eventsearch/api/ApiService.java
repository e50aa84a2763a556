package io.eventsearch.api;

import java.util.List;

import io.helidon.webserver.http.HttpService;

/** An HTTP API of the service: where it is mounted and which paths it serves, as the OpenAPI document names them. */
public interface ApiService extends HttpService {

    /** The path prefix the service is registered under. */
    String mount();

    /** Every full path it routes, in OpenAPI notation ({@code /ingest/{stream}}). */
    List<String> paths();

    /** How this API renders errors. */
    ErrorShape errorShape();
}
