package io.eventsearch.api.hub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** $skip past OpenSearch's 10,000-hit window, over Hub events that share timestamps, in every order. */
class HubDeepPagingIntegrationTest {

    private static final int EVENTS = 10_050;
    private static final long T0 = 1717200000000L; // 2024-06-01T00:00:00Z
    private static final TestService SERVICE = TestService.shared();
    private static final String TENANT = TestService.newTenant();

    private static long time(int id) {
        return T0 + 60_000L * (id % 5);
    }

    @BeforeAll
    static void ingest() {
        String write = SERVICE.token(TENANT, "events:write");
        for (int start = 1; start <= EVENTS; start += 1000) {
            int end = Math.min(start + 999, EVENTS);
            StringBuilder batch = new StringBuilder("[");
            for (int id = start; id <= end; id++) {
                batch.append(id == start ? "" : ",").append("{\"id\":\"").append(id).append("\",\"timestamp\":")
                        .append(time(id)).append(",\"type\":\"").append(id % 2 == 0 ? "CREATED" : "DELETED").append("\"}");
            }
            Reply reply = SERVICE.postJson("/ingest/hub" + (end == EVENTS ? "?refresh=wait_for" : ""), write, batch + "]");
            assertThat(reply.json().get("created").asInt()).as(reply.body()).isEqualTo(end - start + 1);
        }
    }

    /** The ids a full sort puts at [skip, skip + top). */
    private static List<String> expected(String orderBy, String type, int skip, int top) {
        Comparator<Integer> byTime = Comparator.comparingLong(HubDeepPagingIntegrationTest::time);
        Comparator<Integer> order = switch (orderBy) {
            case "timestamp:asc" -> byTime.thenComparing(Comparator.naturalOrder());
            case "timestamp:desc" -> byTime.reversed().thenComparing(Comparator.naturalOrder());
            case "id:desc" -> Comparator.reverseOrder();
            default -> throw new IllegalArgumentException(orderBy);
        };
        return IntStream.rangeClosed(1, EVENTS).boxed()
                .filter(id -> type.isEmpty() || (id % 2 == 0) == type.equals("CREATED"))
                .sorted(order).skip(skip).limit(top).map(String::valueOf).toList();
    }

    @ParameterizedTest(name = "orderBy={0} query={1} $skip={2} $top={3}")
    @CsvSource({
        "timestamp:asc,  '',      9990,  20",
        "timestamp:desc, '',      10000, 30",
        "id:desc,        '',      10045, 10",
        "timestamp:asc,  CREATED, 4990,  20",
        "id:desc,        CREATED, 5020,  10",
    })
    void pagesPastTheWindowExactlyAsAFullSortWould(String orderBy, String type, int skip, int top) {
        String query = type.isEmpty() ? "" : "&query=event:%20" + type;
        Reply reply = SERVICE.get("/hub/api/rest/events?orderBy=" + orderBy + "&$skip=" + skip + "&$top=" + top
                + "&fields=total,events(id)" + query, SERVICE.token(TENANT, "hubEvent:read"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().get("events").forEach(event -> ids.add(event.get("id").asText()));
        assertThat(ids).containsExactlyElementsOf(expected(orderBy, type, skip, top));
        assertThat(reply.json().get("total").asLong()).isEqualTo(type.isEmpty() ? EVENTS : EVENTS / 2);
    }

    @org.junit.jupiter.api.Test
    void idsSpreadOverTheWidestRangeAcceptedAreCountedToExactly() {
        // Ids from 1 to the largest a Hub id may be (18 digits): the counting's spans over them stay exact.
        String tenant = TestService.newTenant();
        List<Long> ids = new ArrayList<>();
        for (int k = 0; k < EVENTS; k++) {
            ids.add(k == EVENTS - 1 ? 999_999_999_999_999_999L : 1 + k * 99_000_000_000_000L);
        }
        String write = SERVICE.token(tenant, "events:write");
        for (int start = 0; start < EVENTS; start += 1000) {
            StringBuilder batch = new StringBuilder("[");
            for (int k = start; k < Math.min(start + 1000, EVENTS); k++) {
                batch.append(k == start ? "" : ",").append("{\"id\":\"").append(ids.get(k))
                        .append("\",\"timestamp\":").append(T0).append(",\"type\":\"CREATED\"}");
            }
            Reply reply = SERVICE.postJson("/ingest/hub", write, batch + "]");
            assertThat(reply.json().get("created").asInt()).as(reply.body()).isEqualTo(Math.min(1000, EVENTS - start));
        }
        io.eventsearch.testing.TestOpenSearch.raw("POST", "/events-hub/_refresh", "");
        for (String order : new String[] {"id:desc", "id:asc"}) {
            Reply reply = SERVICE.get("/hub/api/rest/events?orderBy=" + order + "&$skip=10000&$top=30"
                    + "&fields=total,events(id)", SERVICE.token(tenant, "hubEvent:read"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            List<String> got = new ArrayList<>();
            reply.json().get("events").forEach(event -> got.add(event.get("id").asText()));
            List<Long> sorted = new ArrayList<>(ids);
            sorted.sort(order.endsWith("desc") ? Comparator.reverseOrder() : Comparator.naturalOrder());
            assertThat(reply.json().get("total").asLong()).isEqualTo(EVENTS);
            assertThat(got).as(order).containsExactlyElementsOf(
                    sorted.subList(10_000, 10_030).stream().map(String::valueOf).toList());
        }
    }
}
