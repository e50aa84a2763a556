package io.eventsearch.query;

import java.util.List;
import java.util.Map;

/**
 * One event found by a search over several streams.
 *
 * @param stream     the stream it belongs to
 * @param event      the stored event
 * @param highlights for each field whose text matched (dotted path), its matching values with the ranges that
 *                   matched; empty when highlights were not asked for
 * @param position   where the hit stands in its search's order: a walk continued from here starts after it
 */
public record SearchHit(String stream, StoredEvent event, Map<String, List<Highlight>> highlights,
                        SearchPosition position) {

    public SearchHit {
        highlights = Map.copyOf(highlights);
    }

    /**
     * A value of a field and the stretches of it that matched the query.
     *
     * @param text   the whole value
     * @param ranges where the matches lie, as [start, end) offsets in UTF-16 code units (Java's and JavaScript's
     *               string indices)
     */
    public record Highlight(String text, List<TextRange> ranges) {
        public Highlight {
            ranges = List.copyOf(ranges);
        }
    }

    /** A stretch of a text: from {@code start} (inclusive) to {@code end} (exclusive). */
    public record TextRange(int start, int end) {
    }
}
