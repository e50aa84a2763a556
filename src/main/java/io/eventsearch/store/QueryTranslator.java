package io.eventsearch.store;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import io.eventsearch.query.EventQuery;
import io.eventsearch.query.Filter;
import io.eventsearch.query.InvalidQueryException;
import io.eventsearch.query.SortKey;
import io.eventsearch.query.StreamRestriction;
import io.eventsearch.stream.FieldType;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.stream.StreamField;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOptions;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Operator;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch._types.query_dsl.RangeQuery;
import org.opensearch.client.opensearch._types.query_dsl.TextQueryType;

/**
 * Turns the query model into OpenSearch queries with the client's typed builders. Field names are checked against
 * the stream definition, never passed through from a request; free text goes only into {@code simple_query_string}
 * over the stream's text fields, which never fails on syntax and runs no scripts.
 */
public final class QueryTranslator {

    /** The tenant filter first, then the caller's filter and text. */
    public Query query(StreamDefinition stream, String tenant, EventQuery query) {
        List<Query> filters = new ArrayList<>();
        filters.add(term(StreamDefinition.TENANT_FIELD, FieldValue.of(tenant)));
        // The caller's top-level conditions join the tenant filter directly: one bool, not one per level.
        joinRanges(conjuncts(query.filter())).forEach(f -> filters.add(filter(stream, f)));
        return Query.of(q -> q.bool(b -> b.filter(filters)));
    }

    /**
     * Ranges over one field that bound different ends ({@code createdAt[gte]} and {@code createdAt[lte]}) joined into
     * one: OpenSearch then walks the field's index once, not twice. Ranges that bound the same end stay apart.
     */
    static List<Filter> joinRanges(List<Filter> conditions) {
        List<Filter> joined = new ArrayList<>(conditions.size());
        for (Filter condition : conditions) {
            int other = -1;
            if (condition instanceof Filter.Range range) {
                for (int k = 0; k < joined.size() && other < 0; k++) {
                    if (joined.get(k) instanceof Filter.Range earlier && earlier.field().equals(range.field())
                            && (lowerFree(earlier) || lowerFree(range)) && (upperFree(earlier) || upperFree(range))) {
                        other = k;
                    }
                }
            }
            if (other < 0) {
                joined.add(condition);
            } else {
                Filter.Range a = (Filter.Range) joined.get(other);
                Filter.Range b = (Filter.Range) condition;
                joined.set(other, new Filter.Range(a.field(), either(a.gt(), b.gt()), either(a.gte(), b.gte()),
                        either(a.lt(), b.lt()), either(a.lte(), b.lte())));
            }
        }
        return joined;
    }

    private static boolean lowerFree(Filter.Range range) {
        return range.gt() == null && range.gte() == null;
    }

    private static boolean upperFree(Filter.Range range) {
        return range.lt() == null && range.lte() == null;
    }

    private static Object either(Object a, Object b) {
        return a != null ? a : b;
    }

    /**
     * One query over several streams' indices: the tenant filter, then for each stream the filter as it applies to
     * that stream ({@link StreamRestriction}), limited to the stream's own indices. Streams the filter cannot match
     * should not be passed (the caller leaves them out of the search).
     */
    public Query query(List<StreamDefinition> streams, String tenant, Filter filter) {
        if (streams.size() == 1) {
            StreamDefinition stream = streams.get(0);
            return query(stream, tenant, new EventQuery(StreamRestriction.restrict(filter, stream), List.of(),
                    new io.eventsearch.query.Page.Offset(0, 0), java.util.Set.of()));
        }
        List<Query> perStream = new ArrayList<>();
        for (StreamDefinition stream : streams) {
            List<Query> conditions = new ArrayList<>();
            conditions.add(Query.of(q -> q.prefix(p -> p.field("_index").value(stream.indexPrefix()))));
            joinRanges(conjuncts(StreamRestriction.restrict(filter, stream))).forEach(f -> conditions.add(filter(stream, f)));
            perStream.add(Query.of(q -> q.bool(b -> b.filter(conditions))));
        }
        return Query.of(q -> q.bool(b -> b.filter(term(StreamDefinition.TENANT_FIELD, FieldValue.of(tenant)))
                .should(perStream).minimumShouldMatch("1")));
    }

    /**
     * Sort options for a search over several streams: {@link StreamDefinition#TIME_ALIAS} is each stream's time; any
     * other key must have one type in every stream that has it (events of the others sort last). The index and the
     * id alias break ties, so the order is total and a cursor never skips or repeats an event.
     */
    public List<SortOptions> sort(List<StreamDefinition> streams, List<SortKey> keys) {
        List<SortOptions> sort = new ArrayList<>();
        for (SortKey key : keys) {
            boolean time = StreamDefinition.TIME_ALIAS.equals(key.field()) || StreamDefinition.INGESTED_FIELD.equals(key.field());
            FieldType type = time ? FieldType.DATE : sharedType(streams, key.field(), "sort");
            if (type == FieldType.TEXT || type == FieldType.GEO_POINT) {
                throw new InvalidQueryException("sort", "cannot sort by '" + key.field() + "'");
            }
            sort.add(sortOption(key.field(), key.descending(), type));
        }
        // Ties go the way of the first key, so newest first is exactly the reverse of oldest first.
        boolean descending = !keys.isEmpty() && keys.get(0).descending();
        sort.add(SortOptions.of(s -> s.field(f -> f.field("_index").order(descending ? SortOrder.Desc : SortOrder.Asc))));
        sort.add(sortOption(StreamDefinition.KEY_ALIAS, descending, FieldType.KEYWORD));
        return sort;
    }

    /**
     * The one type {@code name} has in every stream of {@code streams} that has it; refused, naming
     * {@code parameter}, when no stream has it or two disagree.
     */
    static FieldType sharedType(List<StreamDefinition> streams, String name, String parameter) {
        List<FieldType> types = streams.stream().flatMap(s -> s.field(name).filter(f -> !f.serverOwned()).stream())
                .map(StreamField::type).distinct().toList();
        if (types.isEmpty()) {
            throw new InvalidQueryException(parameter, "no stream searched has a field '" + name + "'");
        }
        if (types.size() > 1) {
            throw new InvalidQueryException(parameter, "'" + name + "' is " + types.stream().map(t -> t.name()
                    .toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(" in one stream and "))
                    + " in another; pick one stream (stream: NAME)");
        }
        return types.get(0);
    }

    /** The conditions that must all hold, nested ands unfolded. */
    private static List<Filter> conjuncts(Filter filter) {
        return filter instanceof Filter.And and
                ? and.filters().stream().flatMap(f -> conjuncts(f).stream()).toList()
                : List.of(filter);
    }

    /** The caller's sort keys followed by the event id, the unique tiebreaker that keeps pages from skipping. */
    public List<SortOptions> sort(StreamDefinition stream, List<SortKey> keys) {
        List<SortOptions> sort = new ArrayList<>();
        boolean hasId = false;
        for (SortKey key : keys) {
            StreamField field = field(stream, key.field());
            if (field.type() == FieldType.TEXT || field.type() == FieldType.GEO_POINT) {
                throw new InvalidQueryException(key.field(), "cannot sort by '" + key.field() + "'");
            }
            hasId |= field.path().equals(stream.idField());
            sort.add(field.type() == FieldType.KEYWORD && !field.path().equals(stream.idField())
                    ? sortOption(field.path(), key.descending(), FieldType.KEYWORD)
                    : sortOption(field.path(), key.descending()));
        }
        if (!hasId) {
            sort.add(sortOption(stream.idField(), false));
        }
        return sort;
    }

    /** The path of a keyword field to count values of; other types are refused. */
    public String aggregatable(StreamDefinition stream, String name) {
        StreamField field = field(stream, name);
        if (field.type() != FieldType.KEYWORD) {
            throw new InvalidQueryException(name, "'" + name + "' is not a keyword field, so its values are not counted");
        }
        return field.path();
    }

    /** Checks that every projected field exists and returns their paths. */
    public List<String> projection(StreamDefinition stream, java.util.Set<String> fields) {
        return fields.stream().map(f -> field(stream, f).path()).sorted().toList();
    }

    Query filter(StreamDefinition stream, Filter filter) {
        return switch (filter) {
            case Filter.Term t -> {
                String path = filterable(stream, t.field()).path();
                FieldValue value = value(stream, t.field(), t.value());
                yield t.ignoreCase() && value.isString()
                        ? Query.of(q -> q.term(x -> x.field(path).value(value).caseInsensitive(true)))
                        : term(path, value);
            }
            case Filter.Prefix p -> {
                StreamField field = filterable(stream, p.field());
                if (field.type() != FieldType.KEYWORD) {
                    throw new InvalidQueryException(p.field(), "'" + p.field() + "' is not text, so it has no prefix");
                }
                yield Query.of(q -> q.prefix(x -> x.field(field.path()).value(p.prefix())
                        .caseInsensitive(p.ignoreCase())));
            }
            case Filter.Text t -> fullText(stream, t.text());
            case Filter.FieldText t -> {
                StreamField field = field(stream, t.field());
                if (!field.searchable()) {
                    throw new InvalidQueryException(t.field(), "'" + t.field() + "' holds no text to search");
                }
                yield Query.of(q -> q.match(m -> m.field(field.searchPath()).query(FieldValue.of(t.text()))
                        .operator(Operator.And)));
            }
            case Filter.InStream in -> in.stream().equals(stream.name()) ? Query.of(q -> q.matchAll(m -> m))
                    : Query.of(q -> q.matchNone(m -> m));
            case Filter.Phrase p -> Query.of(q -> q.multiMatch(m -> m.query(p.phrase())
                    .fields(searchPaths(stream)).type(TextQueryType.Phrase)));
            case Filter.Terms t -> {
                StreamField field = filterable(stream, t.field());
                List<FieldValue> values = t.values().stream().map(v -> value(stream, t.field(), v)).toList();
                yield Query.of(q -> q.terms(ts -> ts.field(field.path()).terms(tv -> tv.value(values))));
            }
            case Filter.Range r -> range(stream, r);
            case Filter.Exists e -> Query.of(q -> q.exists(x -> x.field(field(stream, e.field()).path())));
            case Filter.Not n -> {
                Query inner = filter(stream, n.filter());
                yield Query.of(q -> q.bool(b -> b.mustNot(inner)));
            }
            case Filter.And a -> {
                List<Query> all = a.filters().stream().map(f -> filter(stream, f)).toList();
                yield Query.of(q -> q.bool(b -> b.filter(all)));
            }
            case Filter.Or o -> {
                if (o.filters().isEmpty()) {
                    yield Query.of(q -> q.matchNone(m -> m));
                }
                List<Query> any = o.filters().stream().map(f -> filter(stream, f)).toList();
                yield Query.of(q -> q.bool(b -> b.should(any).minimumShouldMatch("1")));
            }
        };
    }

    private static Query fullText(StreamDefinition stream, String text) {
        return Query.of(q -> q.simpleQueryString(s -> s.query(text).fields(searchPaths(stream))
                .defaultOperator(Operator.And).lenient(true)));
    }

    private static List<String> searchPaths(StreamDefinition stream) {
        return stream.searchableFields().stream().map(StreamField::searchPath).toList();
    }

    private static Query term(String field, FieldValue value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    private static Query range(StreamDefinition stream, Filter.Range r) {
        StreamField field = field(stream, r.field());
        if (field.type() != FieldType.DATE && !field.type().isNumeric()) {
            throw new InvalidQueryException(r.field(), "'" + r.field() + "' is not a date or number, so it has no range");
        }
        RangeQuery.Builder range = new RangeQuery.Builder().field(field.path());
        if (r.gt() != null) {
            range.gt(json(stream, r.field(), r.gt()));
        }
        if (r.gte() != null) {
            range.gte(json(stream, r.field(), r.gte()));
        }
        if (r.lt() != null) {
            range.lt(json(stream, r.field(), r.lt()));
        }
        if (r.lte() != null) {
            range.lte(json(stream, r.field(), r.lte()));
        }
        RangeQuery built = range.build();
        return Query.of(q -> q.range(built));
    }

    private static JsonData json(StreamDefinition stream, String field, Object value) {
        FieldValue v = value(stream, field, value);
        return switch (v._kind()) {
            case Long -> JsonData.of(v.longValue());
            case Double -> JsonData.of(v.doubleValue());
            default -> JsonData.of(v.stringValue());
        };
    }

    private static FieldValue value(StreamDefinition stream, String fieldName, Object value) {
        StreamField field = field(stream, fieldName);
        return switch (field.type()) {
            case KEYWORD, TEXT -> {
                if (value instanceof String s) {
                    yield FieldValue.of(s);
                }
                throw mismatch(fieldName, "a string", value);
            }
            case INTEGER, LONG -> {
                if (value instanceof Long || value instanceof Integer) {
                    yield FieldValue.of(((Number) value).longValue());
                }
                throw mismatch(fieldName, "an integer", value);
            }
            case DOUBLE -> {
                if (value instanceof Number n) {
                    yield FieldValue.of(n.doubleValue());
                }
                throw mismatch(fieldName, "a number", value);
            }
            case DATE -> {
                if (value instanceof Instant instant) {
                    yield FieldValue.of(DateTimeFormatter.ISO_INSTANT.format(instant));
                }
                throw mismatch(fieldName, "an instant", value);
            }
            case GEO_POINT -> throw new InvalidQueryException(fieldName, "cannot filter on '" + fieldName + "'");
        };
    }

    private static InvalidQueryException mismatch(String field, String expected, Object value) {
        return new InvalidQueryException(field, "'" + field + "' takes " + expected + ", not " + value);
    }

    private static StreamField filterable(StreamDefinition stream, String name) {
        StreamField field = field(stream, name);
        if (field.type() == FieldType.GEO_POINT) {
            throw new InvalidQueryException(name, "cannot filter on '" + name + "'");
        }
        return field;
    }

    private static StreamField field(StreamDefinition stream, String name) {
        return stream.field(name)
                .filter(f -> !f.serverOwned() || f.path().equals(StreamDefinition.INGESTED_FIELD))
                .orElseThrow(() -> new InvalidQueryException(name,
                        "stream '" + stream.name() + "' has no field '" + name + "'"));
    }

    private static SortOptions sortOption(String field, boolean descending) {
        return SortOptions.of(s -> s.field(f -> f.field(field).order(descending ? SortOrder.Desc : SortOrder.Asc)));
    }

    /**
     * A sort on a field some events or indices may lack: those events sort last, and no index fails. For text the
     * missing value is a concrete string at the end of the order, not OpenSearch's {@code _last}: with that, an
     * event without the field has a null sort value, which {@code search_after} cannot continue from (shards fail).
     */
    private static SortOptions sortOption(String field, boolean descending, FieldType type) {
        FieldType unmapped = switch (type) {
            case KEYWORD, TEXT, GEO_POINT -> FieldType.KEYWORD;
            default -> type;
        };
        String missing = unmapped != FieldType.KEYWORD ? "_last" : descending ? "" : LAST_TEXT;
        return SortOptions.of(s -> s.field(f -> f.field(field).order(descending ? SortOrder.Desc : SortOrder.Asc)
                .missing(m -> m.stringValue(missing)).unmappedType(unmappedType(unmapped))));
    }

    /** Sorts after any text an event holds. */
    private static final String LAST_TEXT = "\uffff\uffff\uffff\uffff";

    private static org.opensearch.client.opensearch._types.mapping.FieldType unmappedType(FieldType type) {
        return switch (type) {
            case INTEGER -> org.opensearch.client.opensearch._types.mapping.FieldType.Integer;
            case LONG -> org.opensearch.client.opensearch._types.mapping.FieldType.Long;
            case DOUBLE -> org.opensearch.client.opensearch._types.mapping.FieldType.Double;
            case DATE -> org.opensearch.client.opensearch._types.mapping.FieldType.Date;
            default -> org.opensearch.client.opensearch._types.mapping.FieldType.Keyword;
        };
    }
}
