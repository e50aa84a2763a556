package io.eventsearch.api.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import io.eventsearch.api.EventLayout;
import io.eventsearch.api.Listing;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.query.ResultPage;

/**
 * The seed's envelope, {@code {"data":{"totalItems","offset","limit","items":[...]}}}, every item field present in
 * the seed's order (null when unknown) and {@code eventTime} written as the seed writes it
 * ({@code 2000-01-23T04:56:07.000+00:00}). {@code X-Total-Count-Relation} says whether totalItems is exact.
 */
final class AuditRenderer implements Listing.Renderer<AuditQuery> {

    private static final DateTimeFormatter SEED_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);
    /** The seed's item: every field, null when unknown, the time as the seed writes it. */
    private static final EventLayout ITEM = EventLayout.builder(EventLayout.Missing.NULL)
            .values("targetName", "targetId", "data", "dataType", "ipAddress", "description", "source", "userName",
                    "userId", "target", "appId")
            .text("eventTime", time -> SEED_TIME.format(Instant.parse(time)))
            .values("action", "id")
            .build();

    @Override
    public Listing.Answer render(AuditQuery request, ResultPage page, ParameterReader parameters) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("totalItems", page.total().value());
        data.put("offset", request.offset());
        data.put("limit", request.limit());
        data.put("items", ITEM.list(page.events()));
        return new Listing.Answer(Map.of("data", data),
                Map.of("X-Total-Count-Relation", page.total().exact() ? "eq" : "gte"));
    }
}
