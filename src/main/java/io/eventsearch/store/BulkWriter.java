package io.eventsearch.store;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

/**
 * Writes documents with the bulk API using {@code create}, so that a re-sent event is recognised instead of stored twice.
 * Items that OpenSearch pushes back (429, 5xx) and whole requests that fail to connect are retried, alone, with bounded
 * exponential backoff; what still fails after the last attempt is reported as {@link WriteOutcome.NotStored}, never
 * dropped silently.
 */
public final class BulkWriter {

    private static final System.Logger LOG = System.getLogger(BulkWriter.class.getName());

    private final OpenSearchClient client;
    private final OpenSearchSettings settings;
    private final WriteMetrics metrics;

    public BulkWriter(OpenSearchClient client, OpenSearchSettings settings, WriteMetrics metrics) {
        this.client = client;
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
        int attempt = 0;
        while (attempt < settings.writeAttempts() && !pending.isEmpty()) {
            attempt++;
            if (attempt > 1) {
                metrics.retried(stream, pending.size());
                pause(backoff);
                backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
            }
            try {
                Round round = send(writes, pending, outcomes, createdIndices, waitForRefresh);
                pending = round.retry();
                lastProblem = round.problem() != null ? round.problem() : lastProblem;
                if (!round.missingIndices().isEmpty()) {
                    // Clusters that forbid automatic index creation: create the month's index (the template
                    // gives it its mapping) and send those items again at once, without counting an attempt.
                    createIndices(round.missingIndices());
                    createdIndices.addAll(round.missingIndices());
                    attempt--;
                }
            } catch (OpenSearchException e) {
                if (e.status() == 400) {
                    throw e; // a malformed bulk request is our bug, not a state of the store
                }
                lastProblem = "OpenSearch answered " + e.status();
            } catch (IOException e) {
                lastProblem = "OpenSearch is unreachable: " + e.getClass().getSimpleName();
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

    /** Sends the pending items once, records their final outcomes, and says what is left. */
    private Round send(List<DocumentWrite> writes, List<Integer> pending, WriteOutcome[] outcomes,
                       Set<String> createdIndices, boolean waitForRefresh) throws IOException {
        BulkResponse response = client.bulk(request(writes, pending, waitForRefresh));
        List<Integer> retry = new ArrayList<>();
        Set<String> missingIndices = new HashSet<>();
        String problem = null;
        List<BulkResponseItem> items = response.items();
        for (int k = 0; k < items.size(); k++) {
            int index = pending.get(k);
            BulkResponseItem item = items.get(k);
            String target = writes.get(index).index();
            if (isMissingIndex(item) && !createdIndices.contains(target)) {
                missingIndices.add(target);
                retry.add(index);
                continue;
            }
            WriteOutcome outcome = outcomeOf(item);
            if (outcome == null) {
                retry.add(index);
                problem = "OpenSearch answered " + item.status()
                        + (item.error() != null ? " (" + item.error().type() + ")" : "");
            } else {
                outcomes[index] = outcome;
            }
        }
        return new Round(retry, missingIndices, problem);
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

    private static boolean isMissingIndex(BulkResponseItem item) {
        return item.status() == 404 && item.error() != null && "index_not_found_exception".equals(item.error().type());
    }

    private static BulkRequest request(List<DocumentWrite> writes, List<Integer> pending, boolean waitForRefresh) {
        List<BulkOperation> operations = new ArrayList<>(pending.size());
        for (int index : pending) {
            DocumentWrite write = writes.get(index);
            operations.add(BulkOperation.of(op -> op.create(c -> c
                    .index(write.index()).id(write.docId()).document(write.document()))));
        }
        return BulkRequest.of(b -> b.operations(operations).refresh(waitForRefresh ? Refresh.WaitFor : Refresh.False));
    }

    /**
     * The final outcome of an item, or null when it should be tried again. Only a 400 is the document's own fault;
     * anything else (429, 5xx, a write block on the index) is the store's, so the item is retried and, if it still
     * fails, reported as not stored: the producer must send it again, not drop it.
     */
    private static WriteOutcome outcomeOf(BulkResponseItem item) {
        int status = item.status();
        if (status >= 200 && status < 300) {
            return new WriteOutcome.Created();
        }
        if (status == 409) {
            return new WriteOutcome.AlreadyPresent();
        }
        if (status == 400) {
            String reason = item.error() != null ? item.error().reason() : "OpenSearch refused the event";
            return new WriteOutcome.Rejected(reason);
        }
        return null;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a bulk write", e);
        }
    }
}
