package io.eventsearch.api;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.eventsearch.Meters;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * One structured access-log line per request (logger {@code io.eventsearch.access}, JSON: time, method, route
 * template, status, duration, tenant, request id; written by {@link AccessLogWriter}'s thread) and per-route
 * metrics at /observe/metrics ({@code http.requests} by route, method and status; {@code http.request.duration} by
 * route). The request id is the client's {@code X-Request-Id} when it is a plain token, a new one otherwise, and
 * is echoed in the answer. Neither the query string nor any credential is logged: they may hold other people's
 * words and keys.
 */
public final class RequestLog implements Filter {

    public static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    /**
     * JUL itself, not {@code System.Logger}: a line is logged with its source named ({@code logp}), since a record
     * without one has the formatter walk the stack to find it, for every request (a tenth of a listing's CPU).
     */
    private static final Logger ACCESS = Logger.getLogger("io.eventsearch.access");
    private static final AccessLogWriter LINES = AccessLogWriter.start(ACCESS);
    private static final String SOURCE = RequestLog.class.getName();
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** What the routing learns about a request that the log line reports: set by {@link ApiRouting}. */
    public static final class Facts {
        private final String requestId;
        private String route;
        private String tenant;

        Facts(String requestId) {
            this.requestId = requestId;
        }

        public String requestId() {
            return requestId;
        }

        void route(String route) {
            this.route = route;
        }

        void tenant(String tenant) {
            this.tenant = tenant;
        }
    }

    private final JsonResponses json;
    private final UnhandledErrors errors;

    public RequestLog(JsonResponses json, UnhandledErrors errors) {
        this.json = json;
        this.errors = errors;
    }

    /** Names the route template of {@code req} in its access log line and metrics (for routes outside the APIs). */
    public static void route(ServerRequest req, String route) {
        facts(req).ifPresent(facts -> facts.route(route));
    }

    /** The facts of {@code req}, when it passed through this filter. */
    static java.util.Optional<Facts> facts(ServerRequest req) {
        return req.context().get(Facts.class);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        // A graceful stop interrupts the connections that wait for a request, and Helidon 4.3 decides that from a
        // flag it reads while the request's first line may just have arrived (Http1Connection.close: "a chance of a
        // race condition"): a request then reached its handler already interrupted, and its bulk write failed as a
        // 500 instead of finishing within the grace period. A request being served is not waiting for one.
        Thread.interrupted();
        String requestId = req.headers().first(REQUEST_ID).filter(id -> PLAIN_ID.matcher(id).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
        Facts facts = new Facts(requestId);
        req.context().register(facts);
        res.header(REQUEST_ID, requestId);
        Instant start = Instant.now();
        try {
            chain.proceed();
        } catch (CloseConnectionException answeredAlready) {
            throw answeredAlready;
        } catch (RuntimeException failure) {
            // Answered here rather than by the routing's error handler, so that the line below has the real status.
            errors.handle(req, res, failure);
        } finally {
            Duration took = Duration.between(start, Instant.now());
            String route = facts.route != null ? facts.route
                    : req.matchingPattern().filter(pattern -> !pattern.isEmpty()).orElse("unmatched");
            String method = req.prologue().method().text();
            int status = res.status().code();
            Meters.counter("http.requests", "route", route, "method", method, "status", Integer.toString(status))
                    .increment();
            Meters.timer("http.request.duration", "route", route).record(took);
            log(start, method, route, status, took, facts);
        }
    }

    private void log(Instant start, String method, String route, int status, Duration took, Facts facts) {
        if (!ACCESS.isLoggable(Level.INFO)) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", start.toString());
        line.put("method", method);
        line.put("route", route);
        line.put("status", status);
        line.put("duration_ms", took.toNanos() / 1_000_000.0);
        line.put("tenant", facts.tenant);
        line.put("request_id", facts.requestId);
        try {
            LogRecord record = new LogRecord(Level.INFO, json.mapper().writeValueAsString(line));
            record.setLoggerName(ACCESS.getName());
            record.setSourceClassName(SOURCE);
            record.setSourceMethodName("log");
            LINES.write(record);
        } catch (JsonProcessingException e) {
            ACCESS.logp(Level.WARNING, SOURCE, "log", "access log line not written: " + e);
        }
    }

    /** Writes the access-log lines that still wait for their thread: at shutdown, so that none is left behind. */
    public static void drain() {
        LINES.drain();
    }
}
