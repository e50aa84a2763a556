package io.eventsearch.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How one API dialect renders an error body. */
@FunctionalInterface
public interface ErrorShape {

    ObjectNode render(ApiException error, JsonResponses json);
}
