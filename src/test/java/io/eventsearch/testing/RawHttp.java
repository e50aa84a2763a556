package io.eventsearch.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bytes written on a socket as they are, for requests no HTTP client would send (bad framing, other versions,
 * bare line feeds), and everything the server wrote back until it closed the connection or went quiet.
 */
public final class RawHttp {

    private static final int QUIET_MILLIS = 10_000;

    private RawHttp() {
    }

    /** One response as read off the wire. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * What came back for one connection.
     *
     * @param responses every response, in order
     * @param closed    true when the server closed the connection; false when it went quiet, the connection open
     */
    public record Exchange(List<Response> responses, boolean closed) {
        public Response only() {
            if (responses.size() != 1) {
                throw new AssertionError("expected exactly one response, got " + responses.size() + ": " + responses);
            }
            return responses.get(0);
        }
    }

    /** Writes {@code request}, then half-closes when {@code endInput}, and reads until EOF or quiet. */
    public static Exchange exchange(int port, byte[] request, boolean endInput) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(QUIET_MILLIS);
            try {
                socket.getOutputStream().write(request);
                if (endInput) {
                    socket.shutdownOutput();
                }
            } catch (IOException refusedMidway) {
                // the server may close before it read everything (a refused oversized body): read what it said
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed;
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException quiet) {
                closed = false;
            } catch (IOException reset) {
                closed = true;
            }
            return new Exchange(parse(received.toByteArray()), closed);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Exchange exchange(int port, String request) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static List<Response> parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<Response> responses = new ArrayList<>();
        int at = 0;
        while (text.startsWith("HTTP/1.1 ", at)) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                break;
            }
            String[] lines = text.substring(at, headEnd).split("\r\n");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            int bodyStart = headEnd + 4;
            int bodyEnd = Math.min(text.length(), bodyStart + length);
            String body = new String(text.substring(bodyStart, bodyEnd).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8);
            responses.add(new Response(Integer.parseInt(lines[0].substring(9, 12)), headers, body));
            at = bodyEnd;
        }
        return responses;
    }
}
