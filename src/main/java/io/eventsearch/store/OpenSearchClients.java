package io.eventsearch.store;


import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/** Builds the one OpenSearch client the process shares. */
public final class OpenSearchClients {

    private OpenSearchClients() {
    }

    public static OpenSearchClient create(OpenSearchSettings settings, ObjectMapper mapper) {
        HttpHost host;
        try {
            host = HttpHost.create(settings.url());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("opensearch.url is not a usable URL: " + settings.url(), e);
        }
        ApacheHttpClient5TransportBuilder builder = ApacheHttpClient5TransportBuilder.builder(host)
                .setMapper(new JacksonJsonpMapper(mapper));
        if (!settings.username().isEmpty()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(new AuthScope(host),
                    new UsernamePasswordCredentials(settings.username(), settings.password().toCharArray()));
            builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        return new OpenSearchClient(builder.build());
    }

}
