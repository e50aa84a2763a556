package io.eventsearch;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.RawHttp;
import io.eventsearch.testing.RawHttp.Exchange;
import io.eventsearch.testing.RawHttp.Response;
import io.eventsearch.testing.TestService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client that does not speak HTTP/1.1 properly meets, on the real server and the wire: a proper status with a
 * JSON body in the shape of the API the path belongs to, never silence, never a 5xx; and after a request whose rest
 * cannot be trusted, a closed connection rather than its tail read as a new request.
 */
class HttpProtocolIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    private static final String TENANT = TestService.newTenant();
    private static final String WRITE = SERVICE.token(TENANT, "events:write releaseDownloadEvent:read");

    private static Exchange send(String request) {
        return RawHttp.exchange(SERVICE.port(), request.replace("$TOKEN", WRITE));
    }

    private static JsonNode json(Response response) {
        try {
            return SERVICE.mapper().readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** A refusal in the service's own shape ({"error":{...}}), and the connection closed after it. */
    private static void assertRefusedAndClosed(Exchange exchange, int status, String message) {
        Response response = exchange.only();
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(json(response).at("/error/status").asInt()).isEqualTo(status);
        assertThat(json(response).at("/error/message").asText()).contains(message);
        assertThat(exchange.closed()).as("connection closed").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.0 health check | GET /observe/health HTTP/1.0\\r\\n\\r\\n | 505 | only HTTP/1.1 is served, not HTTP/1.0",
        "HTTP/2.0 request line | GET /observe/health HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n | 505 | not HTTP/2.0",
        "bare LF line endings | GET /observe/health HTTP/1.1\\nHost: x\\n\\n | 400 | not a bare LF",
        "a blank line first | \\r\\nGET /observe/health HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400 | starts with a blank line",
        "not HTTP at all | hello there\\r\\n\\r\\n | 400 | not an HTTP/1.1 request line",
    })
    void aRequestLineHelidonDoesNotClaimGetsAnAnswer(String name, String request, int status, String message) {
        assertRefusedAndClosed(send(request.replace("\\r", "\r").replace("\\n", "\n")), status, message);
    }

    @Test
    void anHttp10RequestToAnApiIsAnsweredInThatApisShape() {
        Response response = send("GET /v3/release-download-events HTTP/1.0\r\n\r\n").only();
        assertThat(response.status()).isEqualTo(505);
        assertThat(json(response).get("error").asText()).isEqualTo("HTTP Version Not Supported");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Content-Length -1 | Content-Length: -1 | [] | 400 | Content-Length must be a number of bytes, not '-1'",
        "Content-Length +2 | Content-Length: +2 | [] | 400 | not '+2'",
        "two Content-Lengths | Content-Length: 2\\r\\nContent-Length: 3 | [] | 400 | given more than once",
        "Transfer-Encoding with Content-Length | Transfer-Encoding: chunked\\r\\nContent-Length: 2 | 2\\r\\n[]\\r\\n0\\r\\n\\r\\n | 400 | both Transfer-Encoding and Content-Length",
        "an unknown transfer coding | Transfer-Encoding: gzip | [] | 501 | only the chunked transfer coding",
    })
    void ambiguousOrUnknownFramingIsRefusedAndTheConnectionClosed(String name, String framing, String body,
                                                                   int status, String message) {
        String unescaped = framing.replace("\\r", "\r").replace("\\n", "\n");
        Exchange exchange = send("POST /ingest/audit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer $TOKEN\r\n" + unescaped + "\r\n\r\n" + body.replace("\\r", "\r").replace("\\n", "\n")
                + "GET /observe/health HTTP/1.1\r\nHost: x\r\n\r\n");
        assertRefusedAndClosed(exchange, status, message);
    }

    @Test
    void aBrokenChunkSizeIsA400() {
        assertRefusedAndClosed(send("POST /ingest/audit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer $TOKEN\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n[]\r\n0\r\n\r\n"),
                400, "the body could not be read");
    }

    @Test
    void aBodyShorterThanItsContentLengthIsA400() {
        byte[] request = ("POST /ingest/audit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + WRITE + "\r\nContent-Length: 50\r\n\r\n[{\"action\":\"x\"}]")
                .getBytes(StandardCharsets.US_ASCII);
        assertRefusedAndClosed(RawHttp.exchange(SERVICE.port(), request, true), 400, "ended before its Content-Length");
    }

    @Test
    void theTailOfARefusedOversizedBodyIsNeverReadAsARequest() {
        // A request hidden at the end of the body, inside its Content-Length: it must never be answered.
        String hidden = "\r\nGET /observe/health HTTP/1.1\r\nHost: x\r\n\r\n";
        StringBuilder body = new StringBuilder("[");
        while (body.length() < 11 * 1024 * 1024) {
            body.append("{\"action\":\"x\"},");
        }
        body.append("{}]").append(hidden);
        Exchange exchange = send("POST /ingest/audit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nAuthorization: Bearer $TOKEN\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body);
        assertRefusedAndClosed(exchange, 413, "the body is larger than");
    }

    @Test
    void aRefusedBodyIsReadToItsEndSoTheAnswerArrivesAndTheConnectionServesTheNextRequest() {
        String body = "[{\"action\":\"x\"}]";
        Exchange exchange = send("POST /ingest/no-such-stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer $TOKEN\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                + "GET /observe/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(exchange.responses()).extracting(Response::status).containsExactly(404, 200);
        assertThat(exchange.closed()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a method that is no token | G(T /observe/health HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400 | not a valid HTTP method",
        "a malformed header | GET /observe/health HTTP/1.1\\r\\nHost: x\\r\\nBad Header\\r\\n\\r\\n | 400 | the request is malformed",
        "no Host header | GET /observe/health HTTP/1.1\\r\\n\\r\\n | 400 | the request is malformed",
        "raw bytes in the path | GET /v3/\u00ff HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400 | must be printable ASCII",
        "a '%' without hex digits | GET /observe/health?x=%zz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400 | check its percent-encoding",
        "percent-encoded bytes that are not UTF-8 | GET /observe/health?x=%c3 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400 | check its percent-encoding",
    })
    void whatHelidonRefusesBeforeAnyRouteComesWithAJsonBody(String name, String request, int status, String message) {
        assertRefusedAndClosed(send(request.replace("\\r", "\r").replace("\\n", "\n")), status, message);
    }

    @Test
    void aRequestLineTooLongIs414WithAJsonBody() {
        assertRefusedAndClosed(send("GET /observe/health?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                414, "the request line is too long");
    }

    @Test
    void connectionCloseClosesTheConnectionAfterTheAnswer() {
        Exchange exchange = send("GET /observe/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(exchange.only().status()).isEqualTo(200);
        assertThat(exchange.closed()).isTrue();
    }

    @Test
    void keepAliveStillServesSeveralRequestsOnOneConnection() {
        String health = "GET /observe/health HTTP/1.1\r\nHost: x\r\n\r\n";
        Exchange exchange = send(health + health + "GET /observe/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(exchange.responses()).extracting(Response::status).containsExactly(200, 200, 200);
        assertThat(exchange.closed()).isTrue();
    }
}
