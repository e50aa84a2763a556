package io.eventsearch.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome for one event of a batch.
 *
 * @param position the event's 0-based position in the batch
 * @param id       the event id, as the producer sent it or as the service assigned it; null when none could be read
 * @param status   what happened
 * @param reason   why, for rejected and not-stored events
 */
public record ItemResult(int position, JsonNode id, ItemStatus status, String reason) {
}
