package io.eventsearch.api.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.eventsearch.api.Listing;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.query.ResultPage;
import io.eventsearch.query.StoredEvent;

/**
 * The seed's envelope, {@code {"data":{"totalItems","offset","limit","items":[...]}}}, every item field present in
 * the seed's order (null when unknown) and {@code eventTime} written as the seed writes it
 * ({@code 2000-01-23T04:56:07.000+00:00}). {@code X-Total-Count-Relation} says whether totalItems is exact.
 */
final class AuditRenderer implements Listing.Renderer<AuditQuery> {

    private static final List<String> FIELDS = List.of("targetName", "targetId", "data", "dataType", "ipAddress",
            "description", "source", "userName", "userId", "target", "appId", "eventTime", "action", "id");
    private static final DateTimeFormatter SEED_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    @Override
    public Listing.Answer render(AuditQuery request, ResultPage page, ParameterReader parameters) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("totalItems", page.total().value());
        data.put("offset", request.offset());
        data.put("limit", request.limit());
        data.put("items", page.events().stream().map(AuditRenderer::item).toList());
        return new Listing.Answer(Map.of("data", data),
                Map.of("X-Total-Count-Relation", page.total().exact() ? "eq" : "gte"));
    }

    private static Map<String, Object> item(StoredEvent event) {
        Map<String, Object> item = new LinkedHashMap<>();
        FIELDS.forEach(field -> item.put(field, event.value(field)));
        if (item.get("eventTime") instanceof String time) {
            item.put("eventTime", SEED_TIME.format(Instant.parse(time)));
        }
        return item;
    }
}
