package io.eventsearch.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One document to create.
 *
 * @param index    the concrete index (derived from the event's own time)
 * @param docId    the OpenSearch {@code _id}, unique per tenant and event id
 * @param document the stored JSON
 */
public record DocumentWrite(String index, String docId, ObjectNode document) {
}
