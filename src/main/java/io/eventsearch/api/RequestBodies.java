package io.eventsearch.api;

import java.io.IOException;
import java.io.InputStream;

import io.helidon.webserver.http.ServerRequest;

/** Reads request bodies up to a cap, refusing what is missing, too large or cut short. */
public final class RequestBodies {

    /**
     * The most bytes of a refused body that are read and thrown away so that the answer can be sent on a clean
     * connection. Closing a socket with unread input makes the kernel reset it, which can destroy the answer before
     * the client reads it; beyond this (or with no declared length) the connection is closed all the same.
     */
    static final long MAX_DRAIN = 32L * 1024 * 1024;

    private RequestBodies() {
    }

    /**
     * Reads and discards what is left of the body of {@code req} when its declared length is at most
     * {@link #MAX_DRAIN}; true when the body is fully read afterwards.
     */
    static boolean drain(ServerRequest req) {
        if (!req.content().hasEntity() || req.content().consumed()) {
            return true;
        }
        long declared = req.headers().contentLength().orElse(Long.MAX_VALUE);
        if (declared > MAX_DRAIN) {
            return false;
        }
        try {
            req.content().consume();
            return true;
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /**
     * The whole body: a 400 when there is none, {@code emptyHint} saying what to send; a 413 when it is larger than
     * {@code maxBytes}; a 400 when it ends before its Content-Length or its chunked framing is broken.
     */
    public static byte[] read(ServerRequest req, long maxBytes, String emptyHint) {
        if (!req.content().hasEntity()) {
            throw ApiException.badRequest("the body is empty: " + emptyHint);
        }
        // Not closed when refused: closing would drain the rest of an oversized body; the connection is ended instead.
        InputStream in = req.content().inputStream();
        byte[] body;
        try {
            long declared = req.headers().contentLength().orElse(-1);
            body = declared >= 0 && declared <= maxBytes
                    ? readDeclared(in, (int) declared) // into one array of its size: no chunks gathered and copied
                    : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (RuntimeException | IOException unreadable) {
            throw ApiException.badRequest("the body could not be read: it ended before its Content-Length, "
                    + "or its chunked encoding is malformed");
        }
        if (body.length > maxBytes) {
            if (req.headers().contentLength().orElse(Long.MAX_VALUE) <= MAX_DRAIN) {
                discardRest(in); // read to its end, so that the 413 goes out on a clean connection
            }
            throw new ApiException(413, "the body is larger than " + maxBytes + " bytes; split the batch", null);
        }
        try {
            in.close();
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read to its end");
        }
        return body;
    }

    /** Exactly {@code length} bytes, the body's declared length; an IOException when it ends sooner. */
    private static byte[] readDeclared(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        if (in.readNBytes(body, 0, length) < length) {
            throw new IOException("the body ended before its Content-Length");
        }
        return body;
    }

    private static void discardRest(InputStream in) {
        try (in) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException unreadable) {
            // the connection is closed after the answer instead
        }
    }
}
