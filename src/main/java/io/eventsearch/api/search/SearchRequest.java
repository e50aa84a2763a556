package io.eventsearch.api.search;

import java.time.Instant;
import java.util.List;

import io.eventsearch.query.StreamsQuery;

/**
 * A parsed {@code GET /api/events}.
 *
 * @param query   what to search, continued after the cursor's position when one was sent
 * @param binding the digest a cursor of this search carries
 * @param now     the instant relative times mean (the first page's, carried on by cursors)
 * @param format  how to answer
 * @param columns the fields an export writes (dotted paths), in order
 */
record SearchRequest(StreamsQuery query, String binding, Instant now, Format format, List<String> columns) {

    /** How the answer is written. */
    enum Format {
        /** a page of hits with a cursor */
        JSON,
        /** every matching event, one JSON object a line */
        NDJSON,
        /** every matching event, one CSV row each */
        CSV
    }
}
