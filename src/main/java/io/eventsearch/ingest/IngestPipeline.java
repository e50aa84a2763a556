package io.eventsearch.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.security.Caller;
import io.eventsearch.store.BulkWriter;
import io.eventsearch.store.DocumentWrite;
import io.eventsearch.store.WriteMetrics;
import io.eventsearch.store.WriteOutcome;
import io.eventsearch.stream.StreamDefinition;

/** Validate, enrich, stamp the caller's tenant, and write: the ingest path, free of HTTP. */
public final class IngestPipeline {

    /** How often a service-assigned id that collides with a stored one is drawn again. */
    private static final int ID_DRAWS = 3;

    private final EventValidator validator;
    private final Map<String, EventEnricher> enrichers;
    private final BulkWriter writer;
    private final WriteMetrics metrics;
    private final Clock clock;

    public IngestPipeline(EventValidator validator, Map<String, EventEnricher> enrichers, BulkWriter writer,
                          WriteMetrics metrics, Clock clock) {
        this.clock = clock;
        this.validator = validator;
        this.enrichers = Map.copyOf(enrichers);
        this.writer = writer;
        this.metrics = metrics;
    }

    /** An event on its way to OpenSearch, with its place in the batch. */
    private record Pending(int position, EventValidator.ValidEvent event, DocumentWrite write) {
    }

    public IngestReport ingest(Caller caller, StreamDefinition stream, List<JsonNode> events, boolean waitForRefresh) {
        ItemResult[] results = new ItemResult[events.size()];
        List<Pending> pending = new ArrayList<>();
        EventEnricher enricher = enrichers.getOrDefault(stream.name(), EventEnricher.NONE);
        long accepted = clock.millis();

        for (int position = 0; position < events.size(); position++) {
            try {
                EventValidator.ValidEvent event = validator.validate(stream, events.get(position));
                ObjectNode document = event.document();
                enricher.enrich(document);
                document.put(StreamDefinition.TENANT_FIELD, caller.tenant());
                document.put(StreamDefinition.INGESTED_FIELD, accepted);
                pending.add(new Pending(position, event, write(caller, stream, event, event.id())));
            } catch (RejectedEvent e) {
                results[position] = new ItemResult(position, producerId(stream, events.get(position)),
                        ItemStatus.REJECTED, e.getMessage());
            }
        }

        for (int draw = 1; !pending.isEmpty(); draw++) {
            List<WriteOutcome> outcomes = writer.write(stream.name(), pending.stream().map(Pending::write).toList(),
                    waitForRefresh);
            List<Pending> redraw = new ArrayList<>();
            for (int k = 0; k < outcomes.size(); k++) {
                Pending item = pending.get(k);
                WriteOutcome outcome = outcomes.get(k);
                if (outcome instanceof WriteOutcome.AlreadyPresent && item.event().idAssigned() && draw < ID_DRAWS) {
                    // A conflict on an id the service drew is a collision, not a re-send: draw another id.
                    JsonNode id = validator.assignId(stream, item.event().document());
                    redraw.add(new Pending(item.position(), item.event(), write(caller, stream, item.event(), id)));
                    continue;
                }
                results[item.position()] = result(stream, item, outcome);
            }
            pending = redraw;
        }
        IngestReport report = new IngestReport(stream.name(), List.of(results));
        metrics.batch(stream.name(), events.size());
        metrics.ingested(stream.name(), report.count(ItemStatus.CREATED));
        metrics.rejected(stream.name(), report.count(ItemStatus.REJECTED));
        return report;
    }

    private static DocumentWrite write(Caller caller, StreamDefinition stream, EventValidator.ValidEvent event,
                                       JsonNode id) {
        return new DocumentWrite(stream.indexFor(event.time()), documentId(caller, id), event.document());
    }

    private static ItemResult result(StreamDefinition stream, Pending item, WriteOutcome outcome) {
        int position = item.position();
        JsonNode id = item.event().document().get(stream.idField());
        return switch (outcome) {
            case WriteOutcome.Created c -> new ItemResult(position, id, ItemStatus.CREATED, null);
            case WriteOutcome.AlreadyPresent a -> new ItemResult(position, id, ItemStatus.ALREADY_PRESENT, null);
            case WriteOutcome.Rejected r -> new ItemResult(position, id, ItemStatus.REJECTED, r.reason());
            case WriteOutcome.NotStored n -> new ItemResult(position, id, ItemStatus.NOT_STORED, n.reason());
        };
    }

    /**
     * The OpenSearch {@code _id}: tenant and event id, so the same event id under two tenants is two events.
     * Tenants cannot contain ':', so the pair is unambiguous.
     */
    static String documentId(Caller caller, JsonNode id) {
        return caller.tenant() + ":" + id.asText();
    }

    private static JsonNode producerId(StreamDefinition stream, JsonNode event) {
        JsonNode id = event.path(stream.idField());
        return id.isValueNode() ? id : null;
    }
}
