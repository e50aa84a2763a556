package io.eventsearch.store;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * Builds the one OpenSearch client the process shares. With several nodes configured, the transport sends each
 * request to the next live node and, when a node cannot be reached, tries the request on another and leaves the
 * dead one out for a while: a node that dies is noticed by the first request that meets it.
 */
public final class OpenSearchClients {

    private OpenSearchClients() {
    }

    public static OpenSearchClient create(OpenSearchSettings settings, ObjectMapper mapper) {
        HttpHost[] hosts = settings.urls().stream().map(url -> {
            try {
                return HttpHost.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("opensearch.url is not a usable URL: " + url, e);
            }
        }).toArray(HttpHost[]::new);
        ApacheHttpClient5TransportBuilder builder = ApacheHttpClient5TransportBuilder.builder(hosts)
                .setMapper(new JacksonJsonpMapper(mapper))
                .setConnectionConfigCallback(connection -> connection
                        .setConnectTimeout(timeout(settings.connectTimeout()))
                        .setSocketTimeout(timeout(settings.responseTimeout())))
                .setRequestConfigCallback(request -> request.setResponseTimeout(timeout(settings.responseTimeout())));
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        if (!settings.username().isEmpty()) {
            UsernamePasswordCredentials user =
                    new UsernamePasswordCredentials(settings.username(), settings.password().toCharArray());
            for (HttpHost host : hosts) {
                credentials.setCredentials(new AuthScope(host), user);
            }
        }
        builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials)
                .addExecInterceptorFirst("metrics", OpenSearchCallMetrics.async()));
        return new OpenSearchClient(builder.build());
    }

    private static Timeout timeout(Duration duration) {
        return Timeout.ofMilliseconds(duration.toMillis());
    }

}
