package io.eventsearch.api.hub;

import io.eventsearch.api.querylang.FieldSelection;
import java.util.LinkedHashMap;
import java.util.Map;

import io.eventsearch.api.EventLayout;
import io.eventsearch.api.JsonResponses;
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
            body.put("events", layout(EVENT, selected).list(page.events()));
        }
        return new Listing.Answer(body, Map.of());
    }

    /** One event cut down to {@code fields}. */
    static JsonResponses.Writable event(StoredEvent event, FieldSelection fields) {
        return layout(EVENT, fields).one(event);
    }

    /** The fields of {@code shape} that {@code fields} selects, in the shape's order; objects and arrays in turn. */
    private static EventLayout layout(FieldSelection.Shape shape, FieldSelection fields) {
        EventLayout.Builder layout = EventLayout.builder(EventLayout.Missing.OMIT);
        shape.fields().forEach((name, below) -> {
            if (!fields.includes(name)) {
                return;
            }
            if (below.fields().isEmpty()) {
                layout.values(name);
            } else {
                layout.object(name, layout(below, fields.below(name)));
            }
        });
        return layout.build();
    }
}
