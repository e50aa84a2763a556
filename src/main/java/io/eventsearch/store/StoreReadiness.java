package io.eventsearch.store;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.eventsearch.stream.StreamDefinition;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Knows whether OpenSearch answers and holds the stream templates. Writes wait for the templates: an index created
 * before its template would get guessed mappings, so the service never writes before they are in place. When
 * OpenSearch is down at start-up the service still starts, and applies the templates on the first request that
 * finds OpenSearch back.
 */
public final class StoreReadiness {

    private static final System.Logger LOG = System.getLogger(StoreReadiness.class.getName());

    private final OpenSearchClient client;
    private final TemplateBootstrap bootstrap;
    private final List<StreamDefinition> streams;
    private final AtomicBoolean templatesApplied = new AtomicBoolean();

    public StoreReadiness(OpenSearchClient client, TemplateBootstrap bootstrap, List<StreamDefinition> streams) {
        this.client = client;
        this.bootstrap = bootstrap;
        this.streams = List.copyOf(streams);
    }

    /** Applies the templates if that has not succeeded yet; false when OpenSearch cannot be reached or refuses. */
    public boolean ensureTemplates() {
        if (templatesApplied.get()) {
            return true;
        }
        synchronized (this) {
            if (templatesApplied.get()) {
                return true;
            }
            try {
                bootstrap.apply(streams);
                templatesApplied.set(true);
                return true;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot apply the index templates yet: {0}", e.toString());
                return false;
            }
        }
    }

    /** True when OpenSearch answers a ping. */
    public boolean reachable() {
        try {
            return client.ping().value();
        } catch (Exception e) {
            return false;
        }
    }
}
