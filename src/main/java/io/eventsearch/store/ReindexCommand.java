package io.eventsearch.store;

import java.util.List;

import io.eventsearch.Json;
import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import io.helidon.config.Config;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * {@code scripts/reindex STREAM...}: moves the streams' indices to their current templates ({@link Reindexer}),
 * reading the OpenSearch settings the service reads (OPENSEARCH_URL and the rest).
 */
public final class ReindexCommand {

    private ReindexCommand() {
    }

    public static void main(String[] args) throws Exception {
        StreamCatalog catalog = StreamCatalog.load(Json.mapper());
        if (args.length == 0) {
            usage(catalog, "name at least one stream");
        }
        List<StreamDefinition> streams = new java.util.ArrayList<>();
        for (String name : args) {
            streams.add(catalog.find(name).orElseGet(() -> {
                usage(catalog, "no stream is named '" + name + "'");
                return null;
            }));
        }
        OpenSearchSettings settings = OpenSearchSettings.from(Config.create().get("opensearch"));
        OpenSearchClient client = OpenSearchClients.create(settings, Json.mapper());
        try {
            Reindexer reindexer = new Reindexer(client, Json.mapper(), System.out::println);
            for (StreamDefinition stream : streams) {
                reindexer.reindex(stream);
            }
        } catch (RuntimeException e) {
            System.err.println("reindex failed: " + e.getMessage());
            System.exit(1);
        } finally {
            client._transport().close();
        }
    }

    private static void usage(StreamCatalog catalog, String problem) {
        System.err.println("reindex: " + problem);
        System.err.println("usage: scripts/reindex STREAM... (streams: " + String.join(", ",
                catalog.all().stream().map(StreamDefinition::name).toList()) + ")");
        System.exit(2);
    }
}
