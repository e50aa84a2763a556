package io.eventsearch.store;

/**
 * One document to create.
 *
 * @param index    the concrete index (derived from the event's own time)
 * @param docId    the OpenSearch {@code _id}, unique per tenant and event id
 * @param document the stored JSON, as written into the bulk request
 */
public record DocumentWrite(String index, String docId, byte[] document) {
}
