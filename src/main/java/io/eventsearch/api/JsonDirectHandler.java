package io.eventsearch.api;

import java.util.regex.Pattern;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Helidon's own answers to requests it refuses before any route runs (a malformed header, a request line or headers
 * too long, a method that is no token), which it sends with an empty body: here in the error shape of the API the
 * path falls under, with a message that says what was wrong. The connection is closed after them, since what
 * follows a malformed request cannot be trusted to start a new one.
 */
public final class JsonDirectHandler implements DirectHandler {

    /** RFC 9110 token characters: what a method may be made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final ErrorShapes shapes;
    private final JsonResponses json;

    public JsonDirectHandler(ErrorShapes shapes, JsonResponses json) {
        this.shapes = shapes;
        this.json = json;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        Status status = defaultStatus;
        if (status.code() >= 500 && !TOKEN.matcher(request.method()).matches()) {
            // Helidon fails on a method that is no token as if it were its own fault.
            status = Status.BAD_REQUEST_400;
            message = "the method '" + UnhandledErrors.printable(request.method()) + "' is not a valid HTTP method";
        }
        ApiException error = new ApiException(status.code(), describe(status, message), null);
        byte[] body = json.errorBody(shapes.forPath(request.path()), error);
        return TransportResponse.builder()
                .status(status)
                .headers(responseHeaders)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .keepAlive(false)
                .entity(body)
                .build();
    }

    private static String describe(Status status, String message) {
        return switch (status.code()) {
            case 414 -> "the request line is too long";
            case 413 -> "the request is too large";
            case 431 -> "the request headers are too large";
            case 505 -> "only HTTP/1.1 is served";
            case 400 -> message == null || message.isBlank() || message.startsWith("Bad request, see server log")
                    ? "the request is malformed" : "the request is malformed: " + message;
            default -> status.code() >= 500 ? "internal error; the service log has the details"
                    : status.reasonPhrase().toLowerCase();
        };
    }
}
