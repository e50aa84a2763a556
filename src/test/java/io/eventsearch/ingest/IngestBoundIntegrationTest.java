package io.eventsearch.ingest;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import io.eventsearch.testing.RawHttp;
import io.eventsearch.testing.TestService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingest holds a bounded number of request bytes at once: beyond it, 503 with Retry-After, never the heap's end. */
class IngestBoundIntegrationTest {

    private static String batch(int bytes) {
        String prefix = "[{\"description\":\"";
        String suffix = "\"}]";
        return prefix + "d".repeat(bytes - prefix.length() - suffix.length()) + suffix;
    }

    private static String post(String token, String body) {
        return "POST /ingest/audit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer "
                + token + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** A request that asks the server to close the connection after its answer, so reading it ends at once. */
    private static String postAndClose(String token, String body) {
        return post(token, body).replaceFirst("Host: x\r\n", "Host: x\r\nConnection: close\r\n");
    }

    @Test
    void aRequestBeyondTheBytesInFlightIs503AndTheBytesComeBackWhenABatchIsDone() throws Exception {
        TestService service = TestService.start(Map.of("ingest.limit.bytes", "10000", "ingest.limit.inflight", "15000"));
        try (Socket slow = new Socket("127.0.0.1", service.port())) {
            String token = service.token(TestService.newTenant(), "events:write");
            String held = batch(10_000);
            String request = post(token, held).replaceFirst("Host: x\r\n", "Host: x\r\nExpect: 100-continue\r\n");
            String head = request.substring(0, request.indexOf("\r\n\r\n") + 4);
            OutputStream out = slow.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The server says "100 Continue" when the handler starts to read the body: its bytes are reserved by then.
            InputStream in = slow.getInputStream();
            String interim = new String(in.readNBytes(25), StandardCharsets.US_ASCII); // the whole interim answer
            assertThat(interim).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            out.write(held.substring(0, held.length() - 100).getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // While the slow producer's 10 KB are held, 6 KB more do not fit in 15 KB: some probe must be refused.
            RawHttp.Response refused = null;
            Instant deadline = Instant.now().plusSeconds(10);
            while (refused == null && Instant.now().isBefore(deadline)) {
                RawHttp.Response probe = RawHttp.exchange(service.port(), postAndClose(token, batch(6_000))).only();
                if (probe.status() == 503) {
                    refused = probe;
                }
            }
            assertThat(refused).as("a probe refused while 10 KB are held").isNotNull();
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(refused.body()).contains("holding as many ingest bytes as it may");

            out.write(held.substring(held.length() - 100).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(in.readNBytes(40), StandardCharsets.US_ASCII);
            assertThat(answer).contains("HTTP/1.1 200");

            // The held bytes are given back once that answer is written: a moment after the client reads it.
            int status = 503;
            Instant giveBack = Instant.now().plusSeconds(10);
            while (status == 503 && Instant.now().isBefore(giveBack)) {
                status = RawHttp.exchange(service.port(), postAndClose(token, batch(6_000))).only().status();
            }
            assertThat(status).as("the held bytes were given back").isEqualTo(200);
        } finally {
            service.close();
        }
    }
}
