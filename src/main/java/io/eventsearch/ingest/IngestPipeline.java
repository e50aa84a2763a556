package io.eventsearch.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.eventsearch.security.Caller;
import io.eventsearch.store.BulkWriter;
import io.eventsearch.store.DocumentWrite;
import io.eventsearch.store.WriteMetrics;
import io.eventsearch.store.WriteOutcome;
import io.eventsearch.stream.StreamDefinition;

/**
 * Reads, validates, enriches and stamps a batch with the caller's tenant ({@link #prepare}), then writes it
 * ({@link #store}): the ingest path, free of HTTP.
 */
public final class IngestPipeline {

    /** How often a service-assigned id that collides with a stored one is drawn again. */
    private static final int ID_DRAWS = 3;
    /** Sends the parts of a batch split into several bulk requests, each on a thread of its own. */
    private static final ExecutorService PARTS = Executors.newVirtualThreadPerTaskExecutor();

    private final EventBatchParser parser;
    private final EventNormalizer normalizer;
    private final BulkWriter writer;
    private final WriteMetrics metrics;
    private final Clock clock;
    private final int bulkEvents;

    /** {@code bulkEvents}: events per bulk request, a larger batch sent as several requests at once. */
    public IngestPipeline(EventBatchParser parser, EventNormalizer normalizer, BulkWriter writer, WriteMetrics metrics,
                          Clock clock, int bulkEvents) {
        this.bulkEvents = bulkEvents;
        this.parser = parser;
        this.normalizer = normalizer;
        this.writer = writer;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** An event on its way to OpenSearch, with its place in the batch. */
    private record Pending(int position, EventNormalizer.NormalizedEvent event, DocumentWrite write) {
    }

    /** A batch read and normalised: the events to write, and the results of those rejected already. */
    public static final class PreparedBatch {
        private final Caller caller;
        private final StreamDefinition stream;
        private final List<ItemResult> rejected = new ArrayList<>();
        private final List<Pending> pending = new ArrayList<>();
        private int size;

        private PreparedBatch(Caller caller, StreamDefinition stream) {
            this.caller = caller;
            this.stream = stream;
        }

        /** Whether the body held no events at all. */
        public boolean isEmpty() {
            return size == 0;
        }
    }

    /**
     * Reads the body's events and makes each a document to store or a rejection.
     *
     * @throws InvalidBatchException when the body is not a batch of events (malformed JSON anywhere, too many events)
     */
    public PreparedBatch prepare(Caller caller, StreamDefinition stream, byte[] body, boolean ndjson) {
        PreparedBatch batch = new PreparedBatch(caller, stream);
        EventNormalizer.Batch events = normalizer.batch(stream, caller.tenant(), clock.millis());
        batch.size = parser.parse(body, ndjson, (position, event) -> {
            try {
                EventNormalizer.NormalizedEvent normalized = events.normalize(event);
                batch.pending.add(new Pending(position, normalized, write(batch, normalized)));
            } catch (RejectedEvent e) {
                batch.rejected.add(new ItemResult(position, e.producerId(), ItemStatus.REJECTED, e.getMessage()));
            }
        });
        return batch;
    }

    /** One event built by the service itself (an API key's usage event), read and written like any batch. */
    public IngestReport ingest(Caller caller, StreamDefinition stream, JsonNode event) {
        byte[] body = event.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return store(prepare(caller, stream, body, true), false);
    }

    /**
     * Writes what {@link #prepare} kept; one result per event of the batch, in its order. A batch of more than
     * {@code bulkEvents} is written as several bulk requests at once: OpenSearch works on one part while the answer
     * to another travels, instead of idling between one producer's batches.
     */
    public IngestReport store(PreparedBatch batch, boolean waitForRefresh) {
        ItemResult[] results = new ItemResult[batch.size];
        batch.rejected.forEach(result -> results[result.position()] = result);
        List<Pending> pending = batch.pending;
        if (pending.size() <= bulkEvents) {
            write(batch, pending, waitForRefresh, results);
        } else {
            List<Future<?>> parts = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += bulkEvents) {
                List<Pending> part = pending.subList(from, Math.min(pending.size(), from + bulkEvents));
                parts.add(PARTS.submit(() -> write(batch, part, waitForRefresh, results)));
            }
            awaitAll(parts);
        }
        String stream = batch.stream.name();
        IngestReport report = new IngestReport(stream, List.of(results));
        metrics.batch(stream, batch.size);
        metrics.ingested(stream, report.count(ItemStatus.CREATED));
        metrics.rejected(stream, report.count(ItemStatus.REJECTED));
        return report;
    }

    /** Writes {@code pending} and records each one's result at its position. */
    private void write(PreparedBatch batch, List<Pending> pending, boolean waitForRefresh, ItemResult[] results) {
        StreamDefinition stream = batch.stream;
        for (int draw = 1; !pending.isEmpty(); draw++) {
            List<WriteOutcome> outcomes = writer.write(stream.name(), pending.stream().map(Pending::write).toList(),
                    waitForRefresh);
            List<Pending> redraw = new ArrayList<>();
            for (int k = 0; k < outcomes.size(); k++) {
                Pending item = pending.get(k);
                WriteOutcome outcome = outcomes.get(k);
                if (outcome instanceof WriteOutcome.AlreadyPresent && item.event().idAssigned() && draw < ID_DRAWS) {
                    // A conflict on an id the service drew is a collision, not a re-send: draw another id.
                    EventNormalizer.NormalizedEvent again = normalizer.redraw(stream, item.event());
                    redraw.add(new Pending(item.position(), again, write(batch, again)));
                    continue;
                }
                results[item.position()] = result(item, outcome);
            }
            pending = redraw;
        }
    }

    /** Waits for every part; a part's failure is the batch's, once all parts are done (none left writing). */
    private static void awaitAll(List<Future<?>> parts) {
        RuntimeException failure = null;
        for (Future<?> part : parts) {
            try {
                part.get();
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while storing a batch", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static DocumentWrite write(PreparedBatch batch, EventNormalizer.NormalizedEvent event) {
        return new DocumentWrite(batch.stream.indexFor(event.time()), documentId(batch.caller, event.id()),
                event.document());
    }

    private static ItemResult result(Pending item, WriteOutcome outcome) {
        int position = item.position();
        JsonNode id = TextNode.valueOf(item.event().id());
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
    static String documentId(Caller caller, String id) {
        return caller.tenant() + ":" + id;
    }
}
