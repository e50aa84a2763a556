package io.eventsearch.store;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP path of the requests that carry the most bytes: bulk requests and listing pages. Apache's async client
 * (the library the typed transport runs on), the body written to the socket from the array that holds it and the
 * answer read into one array. The typed transport copies every request body into a growing
 * {@code ByteArrayOutputStream}, out of it again, and then 8 KB at a time through an {@code InputStream}: for a
 * batch of a thousand downloads (800 KB) that was four copies and a hundred socket writes per request, and 2.4 KB of
 * garbage per event. Answers are read from the socket {@value #READ_BUFFER} bytes at a time rather than 8 KB: a
 * system call costs tens of microseconds on a virtual machine, and a page of a hundred events is 100 KB. Everything
 * else the service asks OpenSearch goes through the typed client.
 *
 * <p>Requests go to the configured nodes in turn; one that cannot be connected to is skipped for the next, so a
 * node that is down costs no request while another answers. What happens after a connection (no answer in time,
 * a broken connection) is the caller's to retry: the request may have been carried out.
 */
final class HttpChannel implements AutoCloseable {

    private static final int READ_BUFFER = 64 * 1024;

    /** A node's answer: its status and body. */
    record Answer(int status, byte[] body) {
    }

    private final CloseableHttpAsyncClient http;
    private final List<URI> nodes;
    private final String authorization;
    private final AtomicInteger next = new AtomicInteger();

    private HttpChannel(CloseableHttpAsyncClient http, List<URI> nodes, String authorization) {
        this.http = http;
        this.nodes = nodes;
        this.authorization = authorization;
    }

    static HttpChannel open(OpenSearchSettings settings, int connectionsPerNode) {
        var connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(connectionsPerNode)
                .setMaxConnTotal(connectionsPerNode * settings.urls().size())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(settings.connectTimeout()))
                        .setSocketTimeout(timeout(settings.responseTimeout())).build())
                // the JVM's trust store and its javax.net.ssl properties, as the typed client takes them
                .setTlsStrategy(ClientTlsStrategyBuilder.create().useSystemProperties().build())
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                .build();
        CloseableHttpAsyncClient http = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setHttp1Config(Http1Config.custom().setBufferSize(READ_BUFFER).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(timeout(settings.responseTimeout())).build())
                .addExecInterceptorFirst("metrics", new OpenSearchCallMetrics())
                // BulkWriter retries, knowing which items are uncertain; a listing page is tried again by StoreReads
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
        http.start();
        String authorization = settings.username().isEmpty() ? null : "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
        return new HttpChannel(http, settings.urls(), authorization);
    }

    /**
     * {@code POST} of {@code body} to {@code pathAndQuery} (encoded already) on the next node that can be connected to.
     *
     * @throws IOException when no node could be connected to, or the one that was did not answer
     */
    Answer post(String pathAndQuery, byte[] body, ContentType type) throws IOException {
        int first = Math.floorMod(next.getAndIncrement(), nodes.size());
        IOException unreachable = null;
        for (int k = 0; k < nodes.size(); k++) {
            URI node = nodes.get((first + k) % nodes.size());
            SimpleRequestBuilder request = SimpleRequestBuilder.post(node.resolve(pathAndQuery)).setBody(body, type);
            if (authorization != null) {
                request.setHeader(HttpHeaders.AUTHORIZATION, authorization);
            }
            try {
                SimpleHttpResponse answer = exchange(request.build());
                return new Answer(answer.getCode(), answer.getBodyBytes() == null ? new byte[0] : answer.getBodyBytes());
            } catch (ConnectException | ConnectTimeoutException | NoRouteToHostException | UnknownHostException e) {
                unreachable = e; // nothing was sent: the next node may take it
            }
        }
        throw unreachable;
    }

    private SimpleHttpResponse exchange(SimpleHttpRequest request) throws IOException {
        Future<SimpleHttpResponse> answer = http.execute(SimpleRequestProducer.create(request),
                SimpleResponseConsumer.create(), null);
        try {
            return answer.get(); // bounded by the client's connect and response timeouts
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for OpenSearch", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static Timeout timeout(java.time.Duration duration) {
        return Timeout.ofMilliseconds(duration.toMillis());
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }
}
