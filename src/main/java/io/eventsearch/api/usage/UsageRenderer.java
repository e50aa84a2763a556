package io.eventsearch.api.usage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.eventsearch.api.EventLayout;
import io.eventsearch.api.Listing;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.query.ResultPage;
import io.eventsearch.query.StoredEvent;

/**
 * The seed's answer, {@code {"events":[...],"_links":{"self":{"href"},"next":{"href"}}}}, each event with the seed's
 * fields (null when absent). {@code next} continues after the last event; on an empty page it repeats the request's
 * own cursor, so a client polling it for new events keeps its place.
 */
final class UsageRenderer implements Listing.Renderer<UsageQuery> {

    /** The seed's event: its fields and objects in the seed's order, null when unknown. */
    private static final EventLayout EVENT = eventLayout();

    private final String path;

    UsageRenderer(String path) {
        this.path = path;
    }

    @Override
    public Listing.Answer render(UsageQuery request, ResultPage page, ParameterReader parameters) {
        Map<String, String> next = new LinkedHashMap<>(request.kept());
        if (page.events().isEmpty()) {
            parameters.single("startAfter").ifPresent(time -> next.put("startAfter", time));
            parameters.single("startAfterId").ifPresent(id -> next.put("startAfterId", id));
        } else {
            StoredEvent last = page.events().get(page.events().size() - 1);
            next.put("startAfter", String.valueOf(last.value("stored_at")));
            next.put("startAfterId", String.valueOf(last.value("id")));
        }
        Map<String, String> self = new LinkedHashMap<>();
        parameters.all().forEach((name, values) -> self.put(name, values.get(0)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", EVENT.list(page.events()));
        body.put("_links", Map.of("self", Map.of("href", href(self)), "next", Map.of("href", href(next))));
        return new Listing.Answer(body, Map.of(), request.pretty());
    }

    private static EventLayout eventLayout() {
        EventLayout.Builder event = EventLayout.builder(EventLayout.Missing.NULL).values("id", "type", "stored_at")
                .object("client", EventLayout.builder(EventLayout.Missing.NULL).values("id").build());
        EventLayout named = EventLayout.builder(EventLayout.Missing.NULL).values("id", "name").build();
        for (String object : List.of("message", "api_key", "queue", "listener")) {
            event.object(object, named);
        }
        return event.build();
    }

    private String href(Map<String, String> parameters) {
        return parameters.isEmpty() ? path : path + "?" + parameters.entrySet().stream()
                .map(p -> encode(p.getKey()) + "=" + encode(p.getValue())).collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
