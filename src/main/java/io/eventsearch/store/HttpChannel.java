package io.eventsearch.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP path of the requests that carry the most bytes, bulk requests and listing pages, and of those on a deep
 * page's path. Apache's classic client
 * (in the same library as the async client the typed transport runs on), on the caller's own thread: the request is
 * written to the socket and the answer read from it by the virtual thread that asked, read straight into one array
 * of the answer's length. With the async client every exchange crossed to its I/O reactor and back (a selector
 * wake-up to send, a future completed to wake the caller), two thread hand-offs per request on cores OpenSearch
 * shares, and the reactor's own CPU: 0.4 ms per listing page, 2.5 µs per ingested event. The typed transport also
 * copies every request body into a growing {@code ByteArrayOutputStream} and out again; here the body is written
 * from the array that holds it. Everything else the service asks OpenSearch goes through the typed client.
 *
 * <p>Requests go to the configured nodes in turn; one that cannot be connected to is skipped for the next, so a
 * node that is down costs no request while another answers. What happens after a connection (no answer in time,
 * a broken connection) is the caller's to retry: the request may have been carried out.
 */
final class HttpChannel implements AutoCloseable {

    /** Socket reads of up to this many bytes for an answer's head; its body is read straight into its array. */
    private static final int READ_BUFFER = 64 * 1024;
    /**
     * A pooled connection idle this long is checked before use (a read of at most a millisecond): OpenSearch
     * restarted meanwhile would otherwise fail the next request on its dead connection.
     */
    private static final TimeValue CHECK_AFTER_IDLE = TimeValue.ofSeconds(1);

    /** A node's answer: its status and body. */
    record Answer(int status, byte[] body) {
    }

    private final CloseableHttpClient http;
    private final List<URI> nodes;
    private final String authorization;
    private final AtomicInteger next = new AtomicInteger();

    private HttpChannel(CloseableHttpClient http, List<URI> nodes, String authorization) {
        this.http = http;
        this.nodes = nodes;
        this.authorization = authorization;
    }

    static HttpChannel open(OpenSearchSettings settings, int connectionsPerNode) {
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(connectionsPerNode)
                .setMaxConnTotal(connectionsPerNode * settings.urls().size())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(settings.connectTimeout()))
                        .setSocketTimeout(timeout(settings.responseTimeout()))
                        .setValidateAfterInactivity(CHECK_AFTER_IDLE).build())
                // the JVM's trust store and its javax.net.ssl properties, as the typed client takes them
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().useSystemProperties().buildClassic())
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setBufferSize(READ_BUFFER).build()).build())
                .build();
        CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(timeout(settings.responseTimeout())).build())
                .addExecInterceptorFirst("metrics", OpenSearchCallMetrics.classic())
                // BulkWriter retries, knowing which items are uncertain; a listing page is tried again by StoreReads
                .disableAutomaticRetries()
                .disableCookieManagement()
                // no Accept-Encoding: OpenSearch would spend its CPU compressing and the service its own inflating
                .disableContentCompression()
                .build();
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
        return send("POST", pathAndQuery, body, type);
    }

    /**
     * {@code method} with {@code body} (none when null) to {@code pathAndQuery}, as {@link #post} does.
     *
     * @throws IOException when no node could be connected to, or the one that was did not answer
     */
    Answer send(String method, String pathAndQuery, byte[] body, ContentType type) throws IOException {
        int first = Math.floorMod(next.getAndIncrement(), nodes.size());
        IOException unreachable = null;
        for (int k = 0; k < nodes.size(); k++) {
            URI node = nodes.get((first + k) % nodes.size());
            ClassicRequestBuilder request = ClassicRequestBuilder.create(method).setUri(node.resolve(pathAndQuery));
            if (body != null) {
                request.setEntity(new ByteArrayEntity(body, type));
            }
            if (authorization != null) {
                request.setHeader(HttpHeaders.AUTHORIZATION, authorization);
            }
            try {
                // bounded by the connect and response timeouts
                return http.execute(request.build(), answer -> new Answer(answer.getCode(), body(answer.getEntity())));
            } catch (ConnectException | ConnectTimeoutException | NoRouteToHostException | UnknownHostException e) {
                unreachable = e; // nothing was sent: the next node may take it
            }
        }
        throw unreachable;
    }

    /** The answer's body in one array: of its declared length when it has one, so read without copies. */
    private static byte[] body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        long length = entity.getContentLength();
        try (InputStream in = entity.getContent()) {
            if (length < 0 || length > Integer.MAX_VALUE - 8) {
                return in.readAllBytes();
            }
            byte[] body = new byte[(int) length];
            if (in.readNBytes(body, 0, body.length) < body.length) {
                throw new IOException("OpenSearch's answer ended before its Content-Length");
            }
            return body;
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
