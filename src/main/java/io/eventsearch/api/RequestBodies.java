package io.eventsearch.api;

import java.io.IOException;
import java.io.InputStream;

import io.helidon.webserver.http.ServerRequest;

/** Reads request bodies up to a cap, refusing what is missing, too large or cut short. */
public final class RequestBodies {

    private RequestBodies() {
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
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (RuntimeException | IOException unreadable) {
            throw ApiException.badRequest("the body could not be read: it ended before its Content-Length, "
                    + "or its chunked encoding is malformed");
        }
        if (body.length > maxBytes) {
            throw new ApiException(413, "the body is larger than " + maxBytes + " bytes; split the batch", null);
        }
        try {
            in.close();
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read to its end");
        }
        return body;
    }
}
