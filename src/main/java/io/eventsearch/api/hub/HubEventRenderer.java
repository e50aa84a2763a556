package io.eventsearch.api.hub;

import io.eventsearch.api.querylang.FieldSelection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.eventsearch.api.Listing;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.query.ResultPage;
import io.eventsearch.query.StoredEvent;

/**
 * Hub's answers: the page {@code {"skip","top","total","events":[...]}} and the event object, each cut down to the
 * selected fields. {@code total} comes only when the selection names it, as the seed says. Fields an event does not
 * have are left out.
 */
final class HubEventRenderer implements Listing.Renderer<HubQuery> {

    static final FieldSelection.Shape EVENT = FieldSelection.Shape.of("id", "timestamp", "type", "targetId",
            "targetType", "targetPresentation", "author", "authorPresentation", "authorType",
            "changes", FieldSelection.Shape.of("field", "oldValue", "newValue"), "ipAddress");
    static final FieldSelection.Shape PAGE = FieldSelection.Shape.of("skip", "top", "total", "events", EVENT);
    /** Without {@code fields}: the page without its total, full events. */
    static final FieldSelection DEFAULT_PAGE = FieldSelection.parse("skip,top,events", PAGE);

    @Override
    public Listing.Answer render(HubQuery request, ResultPage page, ParameterReader parameters) {
        FieldSelection fields = request.fields();
        Map<String, Object> body = new LinkedHashMap<>();
        if (fields.includes("skip")) {
            body.put("skip", request.skip());
        }
        if (fields.includes("top")) {
            body.put("top", request.top());
        }
        if (fields.children().containsKey("total")) {
            body.put("total", page.total().value());
        }
        if (fields.includes("events")) {
            FieldSelection selected = fields.below("events");
            body.put("events", page.events().stream().map(e -> event(e, selected)).toList());
        }
        return new Listing.Answer(body, Map.of());
    }

    static Map<String, Object> event(StoredEvent event, FieldSelection fields) {
        return select(event.source(), EVENT, fields);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> select(Map<String, Object> source, FieldSelection.Shape shape,
                                              FieldSelection fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        shape.fields().forEach((name, below) -> {
            Object value = source.get(name);
            if (value == null || !fields.includes(name)) {
                return;
            }
            if (below.fields().isEmpty()) {
                out.put(name, value);
            } else if (value instanceof List<?> list) {
                out.put(name, list.stream().map(item -> item instanceof Map<?, ?> map
                        ? select((Map<String, Object>) map, below, fields.below(name)) : item).toList());
            } else if (value instanceof Map<?, ?> map) {
                out.put(name, select((Map<String, Object>) map, below, fields.below(name)));
            }
        });
        return out;
    }
}
