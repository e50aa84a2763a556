package io.eventsearch.query;

import java.util.List;

/**
 * A condition on events, in terms of stream fields (dotted paths) and typed values ({@link String}, {@link Long},
 * {@link Double}, {@link java.time.Instant}). API adapters build filters; only the store's translator knows how
 * OpenSearch expresses them.
 */
public sealed interface Filter {

    /** The field equals the value; for text values, ignoring case when {@code ignoreCase}. */
    record Term(String field, Object value, boolean ignoreCase) implements Filter {
        public Term(String field, Object value) {
            this(field, value, false);
        }
    }

    /** The field's value starts with {@code prefix} (a text field), ignoring case when {@code ignoreCase}. */
    record Prefix(String field, String prefix, boolean ignoreCase) implements Filter {
    }

    /**
     * Free text over the stream's text fields: every word must occur; {@code "quotes"} make a phrase, {@code -word}
     * excludes, {@code word*} is a prefix. Never fails on syntax.
     */
    record Text(String text) implements Filter {
    }

    /** Every word of {@code text} occurs in the field's text (its analysed form: case and accents do not matter). */
    record FieldText(String field, String text) implements Filter {
    }

    /** The event belongs to the stream named {@code stream}: true or false as a whole for each stream searched. */
    record InStream(String stream) implements Filter {
    }

    /** The exact phrase occurs in one of the stream's text fields. */
    record Phrase(String phrase) implements Filter {
    }

    /** The field equals one of the values. */
    record Terms(String field, List<Object> values) implements Filter {
        public Terms {
            values = List.copyOf(values);
        }
    }

    /** The field lies in a range; null bounds are open. */
    record Range(String field, Object gt, Object gte, Object lt, Object lte) implements Filter {
    }

    /** The field has a value. */
    record Exists(String field) implements Filter {
    }

    record Not(Filter filter) implements Filter {
    }

    /** Every filter holds; no filters at all matches everything. */
    record And(List<Filter> filters) implements Filter {
        public And {
            filters = List.copyOf(filters);
        }
    }

    /** Some filter holds; no filters at all matches nothing. */
    record Or(List<Filter> filters) implements Filter {
        public Or {
            filters = List.copyOf(filters);
        }
    }

    /** Matches every event. */
    static Filter all() {
        return new And(List.of());
    }

    /** Matches no event. */
    static Filter none() {
        return new Or(List.of());
    }
}
