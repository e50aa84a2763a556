package io.eventsearch.store;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.eventsearch.stream.StreamDefinition;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;

/**
 * Retention without OpenSearch's index-management plugin: deletes a stream's time-partitioned indices once every
 * event in them is older than the stream's retention, that is once the index's period ended more than the retention
 * ago. Whole indices only, never single events, so an event may outlive its retention by up to one index period.
 * Several instances may sweep at once: deleting an index another one already deleted is no error.
 */
public final class RetentionSweeper implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RetentionSweeper.class.getName());

    private final OpenSearchClient client;
    private final Map<StreamDefinition, Duration> retention;
    private final Clock clock;
    private ScheduledExecutorService schedule;

    /** @param retention how long each stream keeps its events; streams not named keep them forever */
    public RetentionSweeper(OpenSearchClient client, Map<StreamDefinition, Duration> retention, Clock clock) {
        this.client = client;
        this.retention = Map.copyOf(retention);
        this.clock = clock;
    }

    /** Sweeps now and then every {@code interval}, on a thread of its own, until closed. */
    public void start(Duration interval) {
        if (retention.isEmpty()) {
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("retention").daemon().factory());
        schedule.scheduleWithFixedDelay(() -> {
            try {
                sweepOnce();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "retention sweep failed, tried again in {0}: {1}", interval, e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Deletes every index whose events are all past their stream's retention; returns their names. */
    public List<String> sweepOnce() {
        Instant now = clock.instant();
        List<String> deleted = new ArrayList<>();
        retention.forEach((stream, keep) -> {
            for (String index : indices(stream)) {
                Optional<Instant> end = stream.periodEnd(index);
                if (end.isPresent() && !end.get().plus(keep).isAfter(now) && delete(index)) {
                    deleted.add(index);
                }
            }
        });
        if (!deleted.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "retention deleted {0}", deleted);
        }
        return deleted;
    }

    private List<String> indices(StreamDefinition stream) {
        try {
            // Settings, not the whole index: the typed client cannot read mappings with field aliases.
            return List.copyOf(client.indices().getSettings(g -> g.index(stream.indexPrefix() + "*")
                    .name("index.creation_date").allowNoIndices(true).ignoreUnavailable(true)).result().keySet());
        } catch (IOException e) {
            throw new StoreUnavailableException("OpenSearch is unreachable", e);
        }
    }

    private boolean delete(String index) {
        try {
            client.indices().delete(d -> d.index(index));
            return true;
        } catch (OpenSearchException e) {
            if (e.status() == 404) {
                return false; // another instance swept it first
            }
            throw e;
        } catch (IOException e) {
            throw new StoreUnavailableException("OpenSearch is unreachable", e);
        }
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
