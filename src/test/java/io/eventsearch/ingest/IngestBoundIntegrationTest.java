package io.eventsearch.ingest;

import java.io.IOException;
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

/**
 * Ingest holds a bounded number of request bytes and of batches at once: beyond either, 503 with Retry-After, never
 * the heap's end; what a finished batch held is given back.
 */
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

    /**
     * A producer whose batch is inside the handler but not finished: it asks for "100 Continue" (sent when the
     * handler starts to read, its reservations made by then), and holds back the body's last 100 bytes.
     */
    private static final class HeldBatch implements AutoCloseable {
        private final Socket socket;
        private final String body;

        HeldBatch(TestService service, String token, String body) throws IOException {
            this.socket = new Socket("127.0.0.1", service.port());
            this.body = body;
            String request = post(token, body).replaceFirst("Host: x\r\n", "Host: x\r\nExpect: 100-continue\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.substring(0, request.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String interim = new String(socket.getInputStream().readNBytes(25), StandardCharsets.US_ASCII);
            assertThat(interim).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            out.write(body.substring(0, body.length() - 100).getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Sends the rest; the head of the answer. */
        String finish() throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(body.substring(body.length() - 100).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(40), StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Probes until one is answered {@code status} (the server frees a slot a moment after its answer), or 10 s. */
    private static RawHttp.Response probeUntil(TestService service, String token, int size, int status) {
        RawHttp.Response probe = null;
        Instant deadline = Instant.now().plusSeconds(10);
        while ((probe == null || probe.status() != status) && Instant.now().isBefore(deadline)) {
            probe = RawHttp.exchange(service.port(), postAndClose(token, batch(size))).only();
        }
        return probe;
    }

    @Test
    void aRequestBeyondTheBytesInFlightIs503AndTheBytesComeBackWhenABatchIsDone() throws Exception {
        try (TestService service = TestService.start(Map.of("ingest.limit.bytes", "10000",
                "ingest.limit.inflight", "15000"))) {
            String token = service.token(TestService.newTenant(), "events:write");
            try (HeldBatch held = new HeldBatch(service, token, batch(10_000))) {
                // While its 10 KB are held, 6 KB more do not fit in 15 KB.
                RawHttp.Response refused = probeUntil(service, token, 6_000, 503);
                assertThat(refused.status()).as("a probe refused while 10 KB are held").isEqualTo(503);
                assertThat(refused.header("Retry-After")).isNotBlank();
                assertThat(refused.body()).contains("holding as many ingest bytes as it may");
                assertThat(held.finish()).contains("HTTP/1.1 200");
            }
            assertThat(probeUntil(service, token, 6_000, 200).status()).as("the bytes were given back").isEqualTo(200);
        }
    }

    @Test
    void aBatchBeyondTheBatchesInFlightIs503AndTheSlotComesBackWhenABatchIsDone() throws Exception {
        try (TestService service = TestService.start(Map.of("ingest.limit.concurrent", "1"))) {
            String token = service.token(TestService.newTenant(), "events:write");
            try (HeldBatch held = new HeldBatch(service, token, batch(2_000))) {
                RawHttp.Response refused = probeUntil(service, token, 200, 503);
                assertThat(refused.status()).as("a second batch while one is stored").isEqualTo(503);
                assertThat(refused.header("Retry-After")).isNotBlank();
                assertThat(refused.body()).contains("as many ingest batches at once as it may");
                assertThat(held.finish()).contains("HTTP/1.1 200");
            }
            assertThat(probeUntil(service, token, 200, 200).status()).as("the slot was given back").isEqualTo(200);
        }
    }
}
