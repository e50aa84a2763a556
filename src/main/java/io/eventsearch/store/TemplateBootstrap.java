package io.eventsearch.store;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.stream.StreamDefinition;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Applies each stream's index template, idempotently: a template is written only when OpenSearch lacks it or holds
 * another version, so several service instances can start at once.
 */
public final class TemplateBootstrap {

    private static final System.Logger LOG = System.getLogger(TemplateBootstrap.class.getName());

    private final RawCalls raw;

    public TemplateBootstrap(OpenSearchClient client, ObjectMapper mapper) {
        this.raw = new RawCalls(client, mapper);
    }

    /** Returns the names of the templates it wrote. */
    public List<String> apply(List<StreamDefinition> streams) {
        List<String> written = new ArrayList<>();
        for (StreamDefinition stream : streams) {
            if (installedVersion(stream) != stream.templateVersion()) {
                put(stream);
                written.add(stream.templateName());
                LOG.log(System.Logger.Level.INFO, "applied index template {0} version {1}",
                        stream.templateName(), stream.templateVersion());
            }
        }
        return written;
    }

    /** The installed template's version, or -1 when there is none. */
    public int installedVersion(StreamDefinition stream) {
        JsonNode body = raw.call("GET", "/_index_template/" + stream.templateName(), null,
                "read index template " + stream.templateName(), 404);
        return body.path("index_templates").path(0).path("index_template").path("version").asInt(-1);
    }

    private void put(StreamDefinition stream) {
        raw.call("PUT", "/_index_template/" + stream.templateName(), stream.template(),
                "apply index template " + stream.templateName());
    }
}
