package io.eventsearch.store;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.eventsearch.testing.TestOpenSearch;
import org.apache.hc.core5.http.ContentType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bulk requests' own HTTP path, against a real OpenSearch node and nodes that are down. */
class HttpChannelIntegrationTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private static OpenSearchSettings settings(List<URI> urls, String username, String password) {
        return new OpenSearchSettings(urls, username, password, 3, Duration.ofMillis(50), Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    @Test
    void aNodeThatCannotBeConnectedToIsSkippedForTheNext() throws Exception {
        URI down = URI.create("http://127.0.0.1:" + closedPort());
        String index = "bulk-channel-" + System.nanoTime();
        TestOpenSearch.raw("PUT", "/" + index, "");
        try (HttpChannel channel = HttpChannel.open(settings(List.of(down, TestOpenSearch.url()), "", ""), 2)) {
            // Four requests: the turn starts at the node that is down for half of them.
            for (int i = 0; i < 4; i++) {
                String body = "{\"create\":{\"_index\":\"" + index + "\",\"_id\":\"" + i + "\"}}\n{\"n\":" + i + "}\n";
                HttpChannel.Answer answer = channel.post("/_bulk?filter_path=items.*.status",
                        body.getBytes(StandardCharsets.UTF_8), ContentType.create("application/x-ndjson"));
                assertThat(answer.status()).isEqualTo(200);
                assertThat(mapper.readTree(answer.body()).at("/items/0/create/status").intValue()).isEqualTo(201);
            }
        }
        TestOpenSearch.raw("POST", "/" + index + "/_refresh", "");
        JsonNode count = mapper.readTree(TestOpenSearch.raw("GET", "/" + index + "/_count", "").body());
        assertThat(count.get("count").intValue()).isEqualTo(4);
        TestOpenSearch.raw("DELETE", "/" + index, "");
    }

    @Test
    void whenNoNodeCanBeConnectedToTheRequestFailsAsUnreachable() throws Exception {
        List<URI> down = List.of(URI.create("http://127.0.0.1:" + closedPort()),
                URI.create("http://127.0.0.1:" + closedPort()));
        try (HttpChannel channel = HttpChannel.open(settings(down, "", ""), 2)) {
            assertThatThrownBy(() -> channel.post("/_bulk", new byte[] {'\n'}, ContentType.APPLICATION_JSON))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void sendsTheBodyAsItIsAndBasicCredentialsWithTheFirstRequest() throws Exception {
        List<String> authorizations = new ArrayList<>();
        List<String> encodings = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        HttpServer node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            encodings.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding")));
            bodies.add(exchange.getRequestBody().readAllBytes());
            byte[] answer = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        node.start();
        byte[] body = new byte[900_000]; // about a batch of a thousand downloads
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        try (HttpChannel channel = HttpChannel.open(settings(List.of(URI.create("http://127.0.0.1:"
                + node.getAddress().getPort())), "svc", "pä:ss"), 2)) {
            HttpChannel.Answer answer = channel.post("/_bulk", body, ContentType.create("application/x-ndjson"));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"items\":[]}");
        } finally {
            node.stop(0);
        }
        assertThat(authorizations).containsExactly("Basic " + Base64.getEncoder()
                .encodeToString("svc:pä:ss".getBytes(StandardCharsets.UTF_8)));
        assertThat(bodies).singleElement().isEqualTo(body);
        assertThat(encodings).as("no compressed answers asked for: they cost both sides CPU").containsExactly("null");
    }

    @Test
    void anAnswerWithoutALengthIsReadWholeAndTheConnectionServesTheNextRequest() throws Exception {
        List<Integer> ports = new ArrayList<>();
        HttpServer node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] answer = "{\"items\":[]}".repeat(20_000).getBytes(StandardCharsets.UTF_8);
        node.createContext("/", exchange -> {
            ports.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0); // chunked
            for (int from = 0; from < answer.length; from += 1000) {
                exchange.getResponseBody().write(answer, from, Math.min(1000, answer.length - from));
            }
            exchange.close();
        });
        node.start();
        try (HttpChannel channel = HttpChannel.open(settings(List.of(URI.create("http://127.0.0.1:"
                + node.getAddress().getPort())), "", ""), 1)) {
            for (int i = 0; i < 3; i++) {
                HttpChannel.Answer read = channel.post("/_search", new byte[] {'{', '}'}, ContentType.APPLICATION_JSON);
                assertThat(read.status()).isEqualTo(200);
                assertThat(read.body()).isEqualTo(answer);
            }
        } finally {
            node.stop(0);
        }
        assertThat(ports).as("one connection, kept open between requests").hasSize(3).containsOnly(ports.get(0));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // free once closed: nothing listens there
        }
    }
}
