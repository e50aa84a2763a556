package io.eventsearch.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.stream.StreamDefinition;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Applies each stream's index template, idempotently: a template is written only when OpenSearch lacks it or holds
 * another version, so several service instances can start at once.
 */
public final class TemplateBootstrap {

    private static final System.Logger LOG = System.getLogger(TemplateBootstrap.class.getName());

    private final OpenSearchClient client;
    private final ObjectMapper mapper;

    public TemplateBootstrap(OpenSearchClient client, ObjectMapper mapper) {
        this.client = client;
        this.mapper = mapper;
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
        try (Response response = client.generic().execute(Requests.builder()
                .method("GET").endpoint("/_index_template/" + stream.templateName()).build())) {
            if (response.getStatus() == 404) {
                return -1;
            }
            JsonNode body = readBody(response, "read index template " + stream.templateName());
            return body.path("index_templates").path(0).path("index_template").path("version").asInt(-1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read index template " + stream.templateName(), e);
        }
    }

    private void put(StreamDefinition stream) {
        try (Response response = client.generic().execute(Requests.builder()
                .method("PUT").endpoint("/_index_template/" + stream.templateName())
                .json(mapper.writeValueAsString(stream.template())).build())) {
            readBody(response, "apply index template " + stream.templateName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply index template " + stream.templateName(), e);
        }
    }

    private JsonNode readBody(Response response, String what) throws IOException {
        String text = response.getBody().map(Body::bodyAsString).orElse("{}");
        if (response.getStatus() >= 300) {
            throw new IllegalStateException("OpenSearch refused to " + what + ": HTTP " + response.getStatus() + " " + text);
        }
        return mapper.readTree(text);
    }
}
