package io.eventsearch.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.Bytes;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * Answers the connections whose first line Helidon's HTTP/1.1 selector does not claim, which it would otherwise close
 * without a word: HTTP/1.0 (some load balancers' health checks still send it) and other versions get 505, a bare-LF
 * line ending or a blank line before the request line 400, anything else that ends a line 400. Each with a JSON body
 * in the error shape of the path's API, then the connection is closed. A first line that has not ended yet is left
 * to the HTTP/1.1 selector, which answers 414 when it grows too long.
 */
public final class UnclaimedConnections implements ServerConnectionSelector {

    private static final int MAX_LINE = 4096;

    private final ErrorShapes shapes;
    private final JsonResponses json;

    public UnclaimedConnections(ErrorShapes shapes, JsonResponses json) {
        this.shapes = shapes;
        this.json = json;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData request) {
        int lf = request.indexOf(Bytes.LF_BYTE);
        if (lf == -1) {
            return Support.UNSUPPORTED;
        }
        return request.readString(lf, StandardCharsets.ISO_8859_1).endsWith(" HTTP/1.1\r")
                ? Support.UNSUPPORTED : Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new Refusal(ctx);
    }

    /** What the first line deserves: a status, a message, and the path whose API shapes the answer. */
    record Verdict(Status status, String message, String path) {

        static Verdict of(String firstLine) {
            boolean crlf = firstLine.endsWith("\r");
            String line = crlf ? firstLine.substring(0, firstLine.length() - 1) : firstLine;
            if (line.isEmpty()) {
                return new Verdict(Status.BAD_REQUEST_400, "the request starts with a blank line; "
                        + "send the request line first", "/");
            }
            String[] parts = line.split(" ");
            String path = parts.length == 3 ? parts[1] : "/";
            String version = parts[parts.length - 1];
            if (version.matches("HTTP/[0-9](\\.[0-9])?") && !version.equals("HTTP/1.1")) {
                return new Verdict(Status.HTTP_VERSION_NOT_SUPPORTED_505, "only HTTP/1.1 is served, not "
                        + version, path);
            }
            if (!crlf && version.equals("HTTP/1.1")) {
                return new Verdict(Status.BAD_REQUEST_400, "lines must end with CRLF (\\r\\n), not a bare LF", path);
            }
            return new Verdict(Status.BAD_REQUEST_400, "the request line is not an HTTP/1.1 request line", path);
        }
    }

    private final class Refusal implements ServerConnection {

        private final ConnectionContext ctx;

        Refusal(ConnectionContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handle(Semaphore requestSemaphore) {
            byte[] head = ctx.dataReader().readBytes(Math.min(ctx.dataReader().available(), MAX_LINE));
            String text = new String(head, StandardCharsets.ISO_8859_1);
            int lf = text.indexOf('\n');
            Verdict verdict = Verdict.of(lf < 0 ? text : text.substring(0, lf));
            ApiException error = new ApiException(verdict.status().code(), verdict.message(), null);
            byte[] body = json.errorBody(shapes.forPath(verdict.path()), error);
            String headers = "HTTP/1.1 " + verdict.status().code() + " " + verdict.status().reasonPhrase() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            ctx.dataWriter().writeNow(BufferData.create(BufferData.create(headers.getBytes(StandardCharsets.US_ASCII)),
                    BufferData.create(body)));
        }

        @Override
        public Duration idleTime() {
            return Duration.ZERO;
        }

        @Override
        public void close(boolean interrupt) {
            // nothing held: the connection handler closes the socket once handle returns
        }
    }
}
