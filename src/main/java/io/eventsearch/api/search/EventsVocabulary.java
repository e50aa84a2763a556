package io.eventsearch.api.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.eventsearch.api.querylang.QueryField;
import io.eventsearch.api.querylang.Vocabulary;
import io.eventsearch.query.Filter;
import io.eventsearch.query.TimeExpression;
import io.eventsearch.query.ValueParser;
import io.eventsearch.stream.FieldType;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.stream.StreamField;

/**
 * The native search's words: every field of every stream by its dotted path ({@code location.countryCode}), with
 * {@code :} and, for numbers and times, {@code < <= > >=}; {@code time} for each stream's own time field;
 * {@code stream:} to pick streams; {@code has:} for presence. Names match ignoring case. A field that several
 * streams have with different types ({@code id}) compares with each stream's values of the type its value reads
 * as. Relative times ({@code now-1h}) are read against one "now" per search, so every page means the same.
 */
final class EventsVocabulary implements Vocabulary {

    static final String TIME = "time";
    static final String STREAM = "stream";
    static final String HAS = "has";

    private final List<StreamDefinition> streams;
    /** Lower-cased name to the field's types, in stream order. */
    private final Map<String, Field> fields;
    private final Instant now;

    /** One field name of the vocabulary, with the distinct types the streams give it and the streams that have it. */
    private record Field(String path, List<FieldType> types, List<String> streams) {
    }

    EventsVocabulary(List<StreamDefinition> streams, Instant now) {
        this.streams = List.copyOf(streams);
        this.now = now;
        Map<String, Field> byName = new LinkedHashMap<>();
        for (StreamDefinition stream : streams) {
            for (StreamField field : stream.fields()) {
                if (field.serverOwned() || field.type() == FieldType.GEO_POINT) {
                    continue;
                }
                byName.merge(field.path().toLowerCase(Locale.ROOT),
                        new Field(field.path(), List.of(field.type()), List.of(stream.name())),
                        (a, b) -> new Field(a.path(), a.types().contains(field.type()) ? a.types()
                                : append(a.types(), field.type()), append(a.streams(), stream.name())));
            }
        }
        this.fields = byName;
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> all = new ArrayList<>(list);
        all.add(item);
        return List.copyOf(all);
    }

    /** The stream field (dotted path) written {@code name}, ignoring case; {@code time} is each stream's time. */
    Optional<String> path(String name) {
        if (name.equalsIgnoreCase(TIME)) {
            return Optional.of(StreamDefinition.TIME_ALIAS);
        }
        return Optional.ofNullable(fields.get(name.toLowerCase(Locale.ROOT))).map(Field::path);
    }

    /** The stream named {@code name}, ignoring case. */
    Optional<StreamDefinition> stream(String name) {
        return streams.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public Optional<QueryField> field(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (key) {
            case STREAM -> new StreamChoice();
            case HAS -> new Presence();
            case TIME -> new Compared(TIME, StreamDefinition.TIME_ALIAS, List.of(FieldType.DATE), "each stream's own time");
            default -> {
                Field field = fields.get(key);
                yield field == null ? null : new Compared(field.path(), field.path(), field.types(),
                        "a field of " + String.join(", ", field.streams()));
            }
        });
    }

    @Override
    public List<String> fieldNames() {
        List<String> names = new ArrayList<>(List.of(STREAM, HAS, TIME));
        fields.values().forEach(f -> names.add(f.path()));
        return names;
    }

    /**
     * Every field the vocabulary names, as {@code GET /api/events/fields} lists them: its types and streams, whether
     * its values are counted (top values) and whether it has an order (comparisons, and sorting when it has one type).
     */
    List<Map<String, Object>> describe() {
        List<Map<String, Object>> described = new ArrayList<>();
        described.add(description(TIME, List.of(FieldType.DATE), streams.stream().map(StreamDefinition::name).toList()));
        fields.values().forEach(f -> described.add(description(f.path(), f.types(), f.streams())));
        return described;
    }

    private static Map<String, Object> description(String name, List<FieldType> types, List<String> streams) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("name", name);
        field.put("types", types.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
        field.put("streams", streams);
        field.put("countable", types.size() == 1 && types.get(0).isCounted());
        field.put("sortable", types.size() == 1 && types.get(0) != FieldType.TEXT);
        return field;
    }

    @Override
    public boolean comparisons() {
        return true;
    }

    /** {@code stream: hub, audit}. */
    private final class StreamChoice implements QueryField {
        @Override
        public String name() {
            return STREAM;
        }

        @Override
        public String accepts() {
            return "a stream (" + streams.stream().map(StreamDefinition::name).collect(Collectors.joining(", ")) + ")";
        }

        @Override
        public String meaning() {
            return "Events of the given streams";
        }

        @Override
        public Filter condition(Operator operator, String value) {
            requireEquals(this, operator);
            return stream(value).<Filter>map(s -> new Filter.InStream(s.name())).orElseThrow(() ->
                    new IllegalArgumentException(accepts() + " after 'stream:', not '" + value + "',"));
        }
    }

    /** {@code has: errorCode}: the event has a value for the field. */
    private final class Presence implements QueryField {
        @Override
        public String name() {
            return HAS;
        }

        @Override
        public String accepts() {
            return "a field name";
        }

        @Override
        public String meaning() {
            return "Events that have a value for the field";
        }

        @Override
        public Filter condition(Operator operator, String value) {
            requireEquals(this, operator);
            return path(value).<Filter>map(Filter.Exists::new).orElseThrow(() ->
                    new IllegalArgumentException("a field name after 'has:', not '" + value + "',"));
        }
    }

    /** A stream field, or {@code time}: equality for every type, comparisons for numbers and times. */
    private final class Compared implements QueryField {
        private final String name;
        private final String path;
        private final List<FieldType> types;
        private final String meaning;

        Compared(String name, String path, List<FieldType> types, String meaning) {
            this.name = name;
            this.path = path;
            this.types = types;
            this.meaning = meaning;
        }

        @Override
        public String meaning() {
            return meaning;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String accepts() {
            return types.stream().map(EventsVocabulary::describe).distinct().collect(Collectors.joining(" or "));
        }

        @Override
        public Filter condition(Operator operator, String value) {
            List<Filter> conditions = new ArrayList<>();
            boolean comparable = false;
            for (FieldType type : types) {
                boolean ordered = type == FieldType.DATE || type.isNumeric();
                comparable |= ordered;
                if (operator != Operator.EQUALS && !ordered) {
                    continue;
                }
                typed(type, value).ifPresent(typed -> conditions.add(condition(type, operator, typed)));
            }
            if (operator != Operator.EQUALS && !comparable) {
                throw new IllegalArgumentException("':' after '" + name + "' (it is text, so it has no order), not '"
                        + operator.symbol() + "',");
            }
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException(accepts() + " after '" + name + operator.symbol() + "', not '"
                        + value + "',");
            }
            return conditions.size() == 1 ? conditions.get(0) : new Filter.Or(conditions);
        }

        private Filter condition(FieldType type, Operator operator, Object value) {
            return switch (operator) {
                case EQUALS -> switch (type) {
                    case KEYWORD -> new Filter.Term(path, value, true);
                    case TEXT -> new Filter.FieldText(path, (String) value);
                    default -> new Filter.Term(path, value);
                };
                case GREATER -> new Filter.Range(path, value, null, null, null);
                case AT_LEAST -> new Filter.Range(path, null, value, null, null);
                case LESS -> new Filter.Range(path, null, null, value, null);
                case AT_MOST -> new Filter.Range(path, null, null, null, value);
            };
        }

        private Optional<Object> typed(FieldType type, String value) {
            try {
                return Optional.of(type == FieldType.DATE ? TimeExpression.parse(value, now) : ValueParser.parse(type, value));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private static void requireEquals(QueryField field, QueryField.Operator operator) {
        if (operator != QueryField.Operator.EQUALS) {
            throw new IllegalArgumentException("':' after '" + field.name() + "', not '" + operator.symbol() + "',");
        }
    }

    private static String describe(FieldType type) {
        return switch (type) {
            case INTEGER, LONG -> "an integer";
            case DOUBLE -> "a number";
            case DATE -> TimeExpression.FORMS;
            default -> "a value";
        };
    }
}
