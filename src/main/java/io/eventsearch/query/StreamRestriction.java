package io.eventsearch.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.eventsearch.stream.FieldType;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.stream.StreamField;

/**
 * What a filter written for several streams means for one of them. A condition on a field the stream lacks, or
 * with a value of another type than the stream's field, holds for none of its events ({@code statusCode >= 400}
 * finds only release downloads); {@link Filter.InStream} holds for all or none; {@link StreamDefinition#TIME_ALIAS}
 * names the stream's own time field. The result is simplified, so a stream that cannot match is
 * {@link Filter#none()} and need not be searched.
 */
public final class StreamRestriction {

    private StreamRestriction() {
    }

    /** The streams whose events {@code filter} can match: the others need not be searched. */
    public static List<StreamDefinition> reachable(Filter filter, List<StreamDefinition> streams) {
        return streams.stream().filter(s -> !restrict(filter, s).equals(Filter.none())).toList();
    }

    /** {@code filter} as it applies to the events of {@code stream}. */
    public static Filter restrict(Filter filter, StreamDefinition stream) {
        return switch (filter) {
            case Filter.InStream in -> in.stream().equals(stream.name()) ? Filter.all() : Filter.none();
            case Filter.Text t -> t;
            case Filter.Phrase p -> p;
            case Filter.Term t -> field(stream, t.field())
                    .filter(f -> fits(f, t.value()))
                    .<Filter>map(f -> new Filter.Term(f.path(), t.value(), t.ignoreCase()))
                    .orElse(Filter.none());
            case Filter.Terms t -> field(stream, t.field()).<Filter>map(f -> {
                List<Object> values = t.values().stream().filter(v -> fits(f, v)).toList();
                return values.isEmpty() ? Filter.none() : new Filter.Terms(f.path(), values);
            }).orElse(Filter.none());
            case Filter.Range r -> field(stream, r.field())
                    .filter(f -> fits(f, r.gt()) && fits(f, r.gte()) && fits(f, r.lt()) && fits(f, r.lte()))
                    .<Filter>map(f -> new Filter.Range(f.path(), r.gt(), r.gte(), r.lt(), r.lte()))
                    .orElse(Filter.none());
            case Filter.Prefix p -> field(stream, p.field())
                    .<Filter>map(f -> new Filter.Prefix(f.path(), p.prefix(), p.ignoreCase())).orElse(Filter.none());
            case Filter.Exists e -> field(stream, e.field())
                    .<Filter>map(f -> new Filter.Exists(f.path())).orElse(Filter.none());
            case Filter.FieldText t -> field(stream, t.field())
                    .filter(StreamField::searchable)
                    .<Filter>map(f -> new Filter.FieldText(f.path(), t.text())).orElse(Filter.none());
            case Filter.Not n -> {
                Filter inner = restrict(n.filter(), stream);
                yield inner.equals(Filter.none()) ? Filter.all()
                        : inner.equals(Filter.all()) ? Filter.none() : new Filter.Not(inner);
            }
            case Filter.And a -> combine(a.filters(), stream, Filter.none(), Filter.all(), Filter.And::new);
            case Filter.Or o -> combine(o.filters(), stream, Filter.all(), Filter.none(), Filter.Or::new);
        };
    }

    /**
     * An and or an or of restricted parts: {@code absorbing} (none for and, all for or) decides it alone,
     * {@code neutral} parts drop out.
     */
    private static Filter combine(List<Filter> parts, StreamDefinition stream, Filter absorbing, Filter neutral,
                                  Function<List<Filter>, Filter> join) {
        List<Filter> kept = new ArrayList<>();
        for (Filter part : parts) {
            Filter restricted = restrict(part, stream);
            if (restricted.equals(absorbing)) {
                return absorbing;
            }
            if (!restricted.equals(neutral)) {
                kept.add(restricted);
            }
        }
        return kept.size() == 1 ? kept.get(0) : join.apply(kept);
    }

    private static Optional<StreamField> field(StreamDefinition stream, String name) {
        String path = StreamDefinition.TIME_ALIAS.equals(name) ? stream.timeField() : name;
        // Of the service's own fields, only the ingest time may be read (by the live tail, never by a caller's query).
        return stream.field(path).filter(f -> !f.serverOwned() || f.path().equals(StreamDefinition.INGESTED_FIELD));
    }

    /** Whether a value (null: no bound) can be compared with the field. */
    private static boolean fits(StreamField field, Object value) {
        if (value == null) {
            return true;
        }
        FieldType type = field.type();
        return switch (type) {
            case KEYWORD, TEXT -> value instanceof String;
            case INTEGER, LONG -> value instanceof Long || value instanceof Integer;
            case DOUBLE -> value instanceof Number;
            case DATE -> value instanceof java.time.Instant;
            case GEO_POINT -> false;
        };
    }
}
