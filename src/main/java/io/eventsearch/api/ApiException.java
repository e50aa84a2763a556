package io.eventsearch.api;

import java.util.Map;

/**
 * A request the service will not serve, with the HTTP status to answer and, where one parameter is at fault, its name.
 * Each API renders it in its own error shape.
 */
public class ApiException extends RuntimeException {

    /** What a 503 asks clients to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final int status;
    private final String parameter;
    private final Map<String, String> headers;

    public ApiException(int status, String message, String parameter, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.parameter = parameter;
        this.headers = Map.copyOf(headers);
    }

    public ApiException(int status, String message, String parameter) {
        this(status, message, parameter, Map.of());
    }

    public static ApiException badParameter(String parameter, String reason) {
        return new ApiException(400, "parameter '" + parameter + "': " + reason, parameter);
    }

    /** The query string cannot be decoded: a '%' without two hex digits, or bytes that are not UTF-8. */
    public static ApiException malformedQuery() {
        return badRequest("the query string is not valid: check its percent-encoding");
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, null);
    }

    /** 503 with Retry-After: the store is unavailable, the same request may succeed shortly. */
    public static ApiException unavailable(String message) {
        return new ApiException(503, message, null, Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
    }

    public int status() {
        return status;
    }

    /** The request parameter at fault, or null. */
    public String parameter() {
        return parameter;
    }

    /** Extra response headers (WWW-Authenticate, Retry-After). */
    public Map<String, String> headers() {
        return headers;
    }
}
