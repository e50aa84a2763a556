package io.eventsearch.api.search;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.api.ApiException;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.query.Filter;
import io.eventsearch.query.SearchHit;
import io.eventsearch.query.SearchPage;
import io.eventsearch.query.SearchPosition;
import io.eventsearch.query.SortKey;
import io.eventsearch.query.StreamsQuery;
import io.eventsearch.security.Caller;
import io.eventsearch.store.EventStore;
import io.eventsearch.stream.StreamDefinition;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /api/events/tail}: Server-Sent Events of what is happening now. First the latest matching events
 * ({@code backlog}, default 10), then each matching event as it becomes searchable, in the order the service
 * accepted them. Each event's {@code id:} is its place in that order, so a client that reconnects with
 * {@code Last-Event-ID} (browsers' EventSource do so by themselves) continues after it: nothing missed, nothing
 * repeated. Events are sent {@link TailSettings#settle} after ingest, when the order among events ingested by
 * several instances at once has settled; a comment line keeps quiet connections open; each tenant may hold
 * {@link TailSettings#perTenant} tails on one instance, and a connection ends after {@link TailSettings#lifetime}
 * with an {@code end} event, to be resumed like any other.
 */
final class EventsTail {

    static final int MAX_BACKLOG = 100;
    private static final int BATCH = 500;
    private static final List<SortKey> ORDER = List.of(SortKey.ascending(StreamDefinition.INGESTED_FIELD));
    private static final Set<String> KNOWN = Set.of("q", "backlog", "lastEventId");

    private final List<StreamDefinition> streams;
    private final EventStore store;
    private final HitRenderer hits;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final TailSettings settings;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    EventsTail(List<StreamDefinition> streams, EventStore store, HitRenderer hits, ObjectMapper mapper, Clock clock,
               TailSettings settings) {
        this.streams = List.copyOf(streams);
        this.store = store;
        this.hits = hits;
        this.mapper = mapper;
        this.clock = clock;
        this.settings = settings;
    }

    void tail(Caller caller, ServerRequest req, ServerResponse res) throws IOException {
        ParameterReader parameters = ParameterReader.of(req)
                .requireKnown(KNOWN::contains, "parameters are q, backlog and lastEventId")
                .requireSingleValues(name -> "");
        Filter filter = parameters.single("q")
                .map(q -> SearchRequestParser.query(new EventsVocabulary(streams, clock.instant()), q))
                .orElse(Filter.all());
        int backlog = parameters.integer("backlog", 10, 0, MAX_BACKLOG);
        Optional<SearchPosition> resume = parameters.single("lastEventId")
                .or(() -> req.headers().first(HeaderNames.create("Last-Event-ID")))
                .map(this::position);
        AtomicInteger tails = open.computeIfAbsent(caller.tenant(), tenant -> new AtomicInteger());
        if (tails.incrementAndGet() > settings.perTenant()) {
            tails.decrementAndGet();
            throw new ApiException(429, "this tenant has " + settings.perTenant() + " live tails open on this "
                    + "instance, the most it may; close one first", null, java.util.Map.of("Retry-After", "10"));
        }
        try {
            stream(caller.tenant(), filter, backlog, resume, res);
        } finally {
            tails.decrementAndGet();
        }
    }

    private void stream(String tenant, Filter filter, int backlog, Optional<SearchPosition> resume,
                        ServerResponse res) throws IOException {
        // Read before anything is sent, so that a store that cannot answer is a 503 like any other request.
        Optional<Backlog> latest = resume.isPresent() ? Optional.empty() : Optional.of(latest(tenant, filter, backlog));
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8"));
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache"));
        try (OutputStream out = res.outputStream()) {
            write(out, "retry: 1000\n\n");
            for (SearchHit hit : latest.map(Backlog::hits).orElse(List.of())) {
                send(out, hit);
            }
            String reason;
            try {
                follow(tenant, filter, resume.orElseGet(() -> latest.orElseThrow().end()), out);
                reason = "this connection reached its lifetime; reconnect with Last-Event-ID to continue";
            } catch (UncheckedIOException gone) {
                throw gone;
            } catch (RuntimeException failed) {
                // The store failed while the stream was open: say so and end; the client reconnects and resumes.
                reason = "the event store did not answer; reconnect with Last-Event-ID to continue";
            }
            write(out, "event: end\ndata: " + mapper.writeValueAsString(java.util.Map.of("reason", reason)) + "\n\n");
        } catch (UncheckedIOException | IOException gone) {
            // The client went away: the tail ends with it.
        }
    }

    /** Sends each new event after {@code position} until the connection's lifetime ends. */
    private void follow(String tenant, Filter filter, SearchPosition position, OutputStream out) throws IOException {
        Instant ends = clock.instant().plus(settings.lifetime());
        Instant lastWrite = clock.instant();
        while (clock.instant().isBefore(ends)) {
            Instant settled = clock.instant().minus(settings.settle());
            SearchPage page = store.search(tenant, query(filter, settled, BATCH, Optional.of(position), ORDER));
            for (SearchHit hit : page.hits()) {
                send(out, hit);
                position = hit.position();
                lastWrite = clock.instant();
            }
            if (page.next().isPresent()) {
                continue;
            }
            if (!clock.instant().isBefore(lastWrite.plus(settings.heartbeat()))) {
                write(out, ": heartbeat\n\n");
                lastWrite = clock.instant();
            }
            pause();
        }
    }

    /** The latest settled events, oldest first, and where the live part starts: after the last of them. */
    private record Backlog(List<SearchHit> hits, SearchPosition end) {
    }

    private Backlog latest(String tenant, Filter filter, int size) {
        Instant settled = clock.instant().minus(settings.settle());
        List<SearchHit> latest = new ArrayList<>();
        if (size > 0) {
            latest.addAll(store.search(tenant, query(filter, settled, size, Optional.empty(),
                    List.of(SortKey.descending(StreamDefinition.INGESTED_FIELD)))).hits());
            latest.sort(Comparator.comparing(hit -> hit.position().after(), EventsTail::compare));
        }
        // With no backlog the live part starts at the settled instant, so nothing accepted after it is passed over.
        SearchPosition end = latest.isEmpty() ? new SearchPosition(null, List.of(settled.toEpochMilli(), "", ""))
                : latest.get(latest.size() - 1).position();
        return new Backlog(latest, end);
    }

    private StreamsQuery query(Filter filter, Instant settled, int size, Optional<SearchPosition> after,
                               List<SortKey> order) {
        Filter settledOnly = new Filter.And(List.of(filter,
                new Filter.Range(StreamDefinition.INGESTED_FIELD, null, null, null, settled)));
        return new StreamsQuery(streams, settledOnly, order, size, Set.of(), false,
                after.map(p -> new SearchPosition(null, p.after())), false);
    }

    private void send(OutputStream out, SearchHit hit) throws IOException {
        write(out, "id: " + eventId(hit.position()) + "\nevent: event\ndata: "
                + mapper.writeValueAsString(hits.render(hit, false)) + "\n\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void pause() {
        try {
            Thread.sleep(settings.poll());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("the tail was interrupted (the service stops)"));
        }
    }

    private String eventId(SearchPosition position) throws IOException {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mapper.writeValueAsBytes(position.after()));
    }

    /** The place an event id names: [ingest time, index, id]; a 400 naming Last-Event-ID when it is no such id. */
    private SearchPosition position(String id) {
        try {
            JsonNode values = mapper.readTree(Base64.getUrlDecoder().decode(id.strip()));
            if (values != null && values.isArray() && values.size() == 3 && values.get(0).isIntegralNumber()
                    && values.get(1).isTextual() && values.get(2).isTextual()) {
                return new SearchPosition(null, List.of(values.get(0).asLong(), values.get(1).asText(),
                        values.get(2).asText()));
            }
        } catch (IllegalArgumentException | IOException e) {
            // refused below
        }
        throw ApiException.badParameter("Last-Event-ID", "is not an event id of this tail; reconnect without it to "
                + "start from the latest events");
    }

    /** Orders positions [ingest time, index, id] as OpenSearch sorts them. */
    private static int compare(List<Object> a, List<Object> b) {
        int time = Long.compare(((Number) a.get(0)).longValue(), ((Number) b.get(0)).longValue());
        if (time != 0) {
            return time;
        }
        int index = String.valueOf(a.get(1)).compareTo(String.valueOf(b.get(1)));
        return index != 0 ? index : String.valueOf(a.get(2)).compareTo(String.valueOf(b.get(2)));
    }
}
