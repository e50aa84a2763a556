package io.eventsearch.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hc.core5.http.ContentType;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Writes documents with the bulk API using {@code create}, so that a re-sent event is recognised instead of stored twice.
 * Items that OpenSearch pushes back (429, 5xx) and whole requests that fail to connect are retried, alone, with bounded
 * exponential backoff and jitter; what still fails after the last attempt is reported as {@link WriteOutcome.NotStored}, never
 * dropped silently.
 */
public final class BulkWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BulkWriter.class.getName());
    /** Of each item only what decides its outcome: a tenth of the answer OpenSearch would otherwise write. */
    private static final String BULK = "/_bulk?filter_path=items.*.status,items.*.error.type,items.*.error.reason";
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    private final OpenSearchClient client;
    private final HttpChannel channel;
    private final ObjectMapper mapper;
    private final OpenSearchSettings settings;
    private final WriteMetrics metrics;

    /**
     * {@code client} for what is rare (creating an index, reading back what an uncertain attempt stored); the bulk
     * requests themselves go through a channel of their own, {@code connectionsPerNode} connections to each node.
     */
    public BulkWriter(OpenSearchClient client, ObjectMapper mapper, OpenSearchSettings settings, WriteMetrics metrics,
                      int connectionsPerNode) {
        this.client = client;
        this.channel = HttpChannel.open(settings, connectionsPerNode);
        this.mapper = mapper;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Writes all documents; the outcomes are in the order of {@code writes}. */
    public List<WriteOutcome> write(String stream, List<DocumentWrite> writes, boolean waitForRefresh) {
        WriteOutcome[] outcomes = new WriteOutcome[writes.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            pending.add(i);
        }
        Duration backoff = settings.firstBackoff();
        String lastProblem = "not attempted";
        Set<String> createdIndices = new HashSet<>();
        // Items sent in a request whose outcome is unknown: OpenSearch may have stored them without our learning it.
        Set<Integer> uncertain = new HashSet<>();
        int attempt = 0;
        while (attempt < settings.writeAttempts() && !pending.isEmpty()) {
            attempt++;
            if (attempt > 1) {
                metrics.retried(stream, pending.size());
                pause(jittered(backoff));
                backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
            }
            try {
                Round round = send(writes, pending, outcomes, createdIndices, uncertain, waitForRefresh);
                pending = round.retry();
                lastProblem = round.problem() != null ? round.problem() : lastProblem;
                if (!round.missingIndices().isEmpty()) {
                    // Clusters that forbid automatic index creation: create the month's index (the template
                    // gives it its mapping) and send those items again at once, without counting an attempt.
                    createIndices(round.missingIndices());
                    createdIndices.addAll(round.missingIndices());
                    attempt--;
                }
            } catch (RefusedRequest e) {
                lastProblem = "OpenSearch answered " + e.status;
                if (e.status >= 500) {
                    uncertain.addAll(pending); // a gateway's 502/504 says nothing of what the node behind it did
                }
            } catch (IOException e) {
                uncertain.addAll(pending);
                lastProblem = e instanceof SocketTimeoutException
                        ? "OpenSearch did not answer within " + settings.responseTimeout().toMillis() + " ms"
                        : "OpenSearch is unreachable: " + e.getClass().getSimpleName();
                LOG.log(System.Logger.Level.WARNING, "bulk write attempt {0} failed: {1}", attempt, e.toString());
            }
        }
        for (int index : pending) {
            outcomes[index] = new WriteOutcome.NotStored(lastProblem);
        }
        return List.of(outcomes);
    }

    /** What one bulk request left to do: items to send again, indices to create first, the last item problem. */
    private record Round(List<Integer> retry, Set<String> missingIndices, String problem) {
    }

    /**
     * Sends the pending items once, records their final outcomes, and says what is left. An item that finds its id
     * taken after an attempt whose outcome was unknown is read back: stored exactly as written, it was that attempt
     * that stored it ({@code created}); otherwise another document holds the id ({@code already present}).
     */
    private Round send(List<DocumentWrite> writes, List<Integer> pending, WriteOutcome[] outcomes,
                       Set<String> createdIndices, Set<Integer> uncertain, boolean waitForRefresh) throws IOException {
        List<BulkBody.Item> items = bulk(BulkBody.write(writes, pending), pending.size(), waitForRefresh);
        List<Integer> retry = new ArrayList<>();
        Set<String> missingIndices = new HashSet<>();
        List<Integer> readBack = new ArrayList<>();
        String problem = null;
        for (int k = 0; k < items.size(); k++) {
            int index = pending.get(k);
            BulkBody.Item item = items.get(k);
            String target = writes.get(index).index();
            if (isMissingIndex(item) && !createdIndices.contains(target)) {
                missingIndices.add(target);
                retry.add(index);
                continue;
            }
            WriteOutcome outcome = outcomeOf(item);
            if (outcome == null) {
                retry.add(index);
                if (item.status() >= 500) {
                    uncertain.add(index);
                }
                problem = "OpenSearch answered " + item.status()
                        + (item.errorType() != null ? " (" + item.errorType() + ")" : "");
            } else if (outcome instanceof WriteOutcome.AlreadyPresent && uncertain.contains(index)) {
                readBack.add(index);
            } else {
                outcomes[index] = outcome;
            }
        }
        if (!readBack.isEmpty()) {
            try {
                List<Boolean> ours = storedAsWritten(writes, readBack);
                for (int k = 0; k < readBack.size(); k++) {
                    outcomes[readBack.get(k)] = ours.get(k) ? new WriteOutcome.Created() : new WriteOutcome.AlreadyPresent();
                }
            } catch (IOException e) {
                retry.addAll(readBack); // the next attempt finds the id taken again and reads back again
                problem = "OpenSearch could not be asked whether an earlier attempt stored the events";
            }
        }
        return new Round(retry, missingIndices, problem);
    }

    /** For each write, whether its id holds exactly the document written (a realtime read: no refresh needed). */
    private List<Boolean> storedAsWritten(List<DocumentWrite> writes, List<Integer> indices) throws IOException {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode docs = body.putArray("docs");
        for (int index : indices) {
            docs.addObject().put("_index", writes.get(index).index()).put("_id", writes.get(index).docId());
        }
        var request = Requests.builder().method("POST").endpoint("/_mget")
                .body(Body.from(mapper.writeValueAsBytes(body), "application/json")).build();
        JsonNode answer;
        try (Response response = client.generic().execute(request)) {
            if (response.getStatus() != 200 || response.getBody().isEmpty()) {
                throw new RefusedRequest(response.getStatus());
            }
            try (Body answerBody = response.getBody().get()) {
                answer = mapper.readTree(answerBody.body());
            }
        }
        List<Boolean> ours = new ArrayList<>(indices.size());
        for (int k = 0; k < indices.size(); k++) {
            JsonNode stored = answer.path("docs").path(k);
            // Both sides parsed by the same mapper from JSON text, so equal documents are equal trees.
            JsonNode written = mapper.readTree(writes.get(indices.get(k)).document());
            ours.add(stored.path("found").asBoolean(false) && written.equals(stored.path("_source")));
        }
        return ours;
    }

    /** One {@code _bulk} request; its items, or {@link RefusedRequest} when OpenSearch refused it as a whole. */
    private List<BulkBody.Item> bulk(byte[] body, int count, boolean waitForRefresh) throws IOException {
        HttpChannel.Answer answer = channel.post(waitForRefresh ? BULK + "&refresh=wait_for" : BULK, body, NDJSON);
        int status = answer.status();
        if (status == 400) {
            // a malformed bulk request is the service's bug, not a state of the store
            throw new IllegalStateException("OpenSearch refused a bulk request as malformed: "
                    + new String(answer.body(), StandardCharsets.UTF_8));
        }
        if (status >= 300 || answer.body().length == 0) {
            throw new RefusedRequest(status);
        }
        return BulkBody.read(mapper, new ByteArrayInputStream(answer.body()), count);
    }

    /** OpenSearch answered the whole bulk request with an error status (429 when overloaded, 5xx): retried. */
    private static final class RefusedRequest extends IOException {
        private final int status;

        RefusedRequest(int status) {
            super("OpenSearch answered " + status);
            this.status = status;
        }
    }

    private void createIndices(Set<String> indices) throws IOException {
        for (String index : indices) {
            try {
                client.indices().create(c -> c.index(index));
            } catch (OpenSearchException e) {
                if (e.error() == null || !"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
        }
    }

    private static boolean isMissingIndex(BulkBody.Item item) {
        return item.status() == 404 && "index_not_found_exception".equals(item.errorType());
    }

    /**
     * The final outcome of an item, or null when it should be tried again. Only a 400 is the document's own fault;
     * anything else (429, 5xx, a write block on the index) is the store's, so the item is retried and, if it still
     * fails, reported as not stored: the producer must send it again, not drop it.
     */
    private static WriteOutcome outcomeOf(BulkBody.Item item) {
        int status = item.status();
        if (status >= 200 && status < 300) {
            return new WriteOutcome.Created();
        }
        if (status == 409) {
            return new WriteOutcome.AlreadyPresent();
        }
        if (status == 400) {
            String reason = item.errorReason() != null ? item.errorReason() : "OpenSearch refused the event";
            return new WriteOutcome.Rejected(reason);
        }
        return null;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * A pause drawn evenly between half the bound and the bound: instances and requests pushed back at the same
     * moment spread out when they return, while each still waits at least half as long as the schedule says.
     */
    static Duration jittered(Duration bound) {
        long millis = bound.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis - millis / 2 + 1));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a bulk write", e);
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}
