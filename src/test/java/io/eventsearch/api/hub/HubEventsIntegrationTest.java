package io.eventsearch.api.hub;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hub's events API against the real OpenSearch, over eight events a minute apart: several authors (one with a space
 * in its name), every target type, changes. A decoy tenant shares an author, an id range and the month.
 */
class HubEventsIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    private static final String TENANT = TestService.newTenant();
    private static final String DECOY = TestService.newTenant();
    private static final String READ = SERVICE.token(TENANT, "hubEvent:read");
    private static final long T0 = 1714557600000L; // 2024-05-01T10:00:00Z
    private static final long MINUTE = 60_000L;

    @BeforeAll
    static void ingest() {
        String events = """
                [{"id":"101","timestamp":%d,"type":"CREATED","targetType":"user","targetId":"u-7",
                  "targetPresentation":"Bob Jones","author":"a-1","authorPresentation":"John Smith","authorType":"user",
                  "changes":[],"ipAddress":"10.0.0.1"},
                 {"id":"102","timestamp":%d,"type":"UPDATED","targetType":"user","targetId":"u-7",
                  "targetPresentation":"Bob Jones","author":"a-2","authorPresentation":"alice","authorType":"user",
                  "changes":[{"field":"email","oldValue":"bob@old.example","newValue":"bob@new.example"}]},
                 {"id":"103","timestamp":%d,"type":"DELETED","targetType":"group","targetId":"g-1",
                  "targetPresentation":"Admins","author":"a-1","authorPresentation":"John Smith","authorType":"user"},
                 {"id":"104","timestamp":%d,"type":"CREATED","targetType":"role","targetId":"r-1",
                  "targetPresentation":"Auditor","author":"s-1","authorPresentation":"sync-service","authorType":"service"},
                 {"id":"105","timestamp":%d,"type":"UPDATED","targetType":"authModule","targetId":"m-1",
                  "targetPresentation":"LDAP","author":"a-2","authorPresentation":"alice","authorType":"user",
                  "changes":[{"field":"enabled","oldValue":"false","newValue":"true"}]},
                 {"id":"106","timestamp":%d,"type":"CREATED","targetType":"service","targetId":"svc-1",
                  "targetPresentation":"Billing","author":"g-9","authorPresentation":"Ops Team","authorType":"group"},
                 {"id":"107","timestamp":%d,"type":"LOGIN_FAILED","targetType":"user","targetId":"u-8",
                  "targetPresentation":"Carol","author":"a-3","authorPresentation":"carol","authorType":"user"},
                 {"id":"108","timestamp":%d,"type":"UPDATED","targetType":"group","targetId":"g-1",
                  "targetPresentation":"Admins","author":"a-1","authorPresentation":"John Smith","authorType":"user",
                  "changes":[{"field":"members","oldValue":"2","newValue":"3"}]}]"""
                .formatted(T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE, T0 + 4 * MINUTE, T0 + 5 * MINUTE,
                        T0 + 6 * MINUTE, T0 + 7 * MINUTE);
        Reply stored = SERVICE.postJson("/ingest/hub?refresh=wait_for", SERVICE.token(TENANT, "events:write"), events);
        assertThat(stored.json().get("created").asInt()).as(stored.body()).isEqualTo(8);
        Reply decoy = SERVICE.postJson("/ingest/hub?refresh=wait_for", SERVICE.token(DECOY, "events:write"),
                "[{\"id\":\"109\",\"timestamp\":" + (T0 + MINUTE) + ",\"type\":\"CREATED\",\"author\":\"a-1\","
                        + "\"authorPresentation\":\"John Smith\",\"targetType\":\"user\"}]");
        assertThat(decoy.json().get("created").asInt()).isEqualTo(1);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Reply events(String parameters) {
        return SERVICE.get("/hub/api/rest/events" + parameters, READ);
    }

    private static List<String> ids(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().get("events").forEach(event -> ids.add(event.get("id").asText()));
        return ids;
    }

    private static List<String> expected(String ids) {
        return ids.isEmpty() ? List.of() : List.of(ids.split(","));
    }

    @Test
    void listsTheTenantsEventsNewestFirstWithSkipAndTopButNoTotal() {
        Reply reply = events("");
        assertThat(ids(reply)).containsExactly("108", "107", "106", "105", "104", "103", "102", "101");
        assertThat(reply.json().get("skip").asInt()).isZero();
        assertThat(reply.json().get("top").asInt()).isEqualTo(100);
        assertThat(reply.json().has("total")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "author: {John Smith}                                        | 108,103,101",
        "author: a-1                                                 | 108,103,101",
        "author: ALICE                                               | 105,102",
        "author: alice, carol                                        | 107,105,102",
        "author: {Ops Team} or author: sync-service                  | 106,104",
        "event: created                                              | 106,104,101",
        "event: LOGIN_FAILED                                         | 107",
        "entityType: group                                           | 108,103",
        "entityType: authModule or entityType: service               | 106,105",
        "entityType: user or entityType: role                        | 107,104,102,101",
        "target: {Bob Jones}                                         | 102,101",
        "target: g-1                                                 | 108,103",
        "target: ldap                                                | 105",
        "before: 2024-05-01T10:02:00Z                                | 102,101",
        "after: 2024-05-01T10:05:00Z                                 | 108,107",
        "after: 1714557900000                                        | 108,107",
        "after: 2024-05-01T12:01:00+02:00 before: 2024-05-01T10:04:00Z | 104,103",
        "beforeId: 103                                               | 103,102,101",
        "afterId: 106                                                | 108,107",
        "afterId: 102 and beforeId: 104                              | 104,103",
        "event: updated and not author: alice                        | 108",
        "not event: updated and not event: created                   | 107,103",
        "(event: created or event: deleted) and author: {John Smith} | 103,101",
        "\"Bob Jones\"                                               | 102,101",
        "\"Jones Bob\"                                               | ''",
        "bob                                                         | 102,101",
        "ldap                                                        | 105",
        "new                                                         | 102",
        "admins author: {john smith}                                 | 108,103",
        "event: nothing-like-this                                    | ''",
    })
    void everyQueryFieldAndCombinationReturnsExactlyItsEvents(String query, String expected) {
        assertThat(ids(events("?query=" + encode(query)))).containsExactlyElementsOf(expected(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "timestamp:asc          | 101,102,103,104,105,106,107,108",
        "timestamp              | 101,102,103,104,105,106,107,108",
        "TIMESTAMP:DESC         | 108,107,106,105,104,103,102,101",
        "id:desc                | 108,107,106,105,104,103,102,101",
        "id                     | 101,102,103,104,105,106,107,108",
        "id:asc,timestamp:desc  | 101,102,103,104,105,106,107,108",
    })
    void ordersByEveryForm(String orderBy, String expected) {
        assertThat(ids(events("?orderBy=" + encode(orderBy)))).containsExactlyElementsOf(expected(expected));
    }

    @Test
    void skipsAndTakes() {
        Reply reply = events("?$skip=2&$top=3");
        assertThat(ids(reply)).containsExactly("106", "105", "104");
        assertThat(reply.json().get("skip").asInt()).isEqualTo(2);
        assertThat(reply.json().get("top").asInt()).isEqualTo(3);
        assertThat(ids(events("?$skip=8"))).isEmpty();
    }

    @Test
    void returnsOnlyTheSelectedFields() {
        assertThat(events("?fields=total&query=" + encode("author: alice")).body()).isEqualTo("{\"total\":2}");
        assertThat(events("?fields=skip,top,total,events(id)&$top=2").body())
                .isEqualTo("{\"skip\":0,\"top\":2,\"total\":8,\"events\":[{\"id\":\"108\"},{\"id\":\"107\"}]}");
        String nested = "{\"events\":[{\"id\":\"102\",\"changes\":[{\"field\":\"email\",\"newValue\":\"bob@new.example\"}]}]}";
        assertThat(events("?fields=events(id,changes(field,newValue))&query=afterId:101%20beforeId:102").body())
                .isEqualTo(nested);
        assertThat(events("?fields=events/id,events/changes/field,events/changes/newValue&query=afterId:101%20beforeId:102")
                .body()).isEqualTo(nested);
        assertThat(events("?fields=events(timestamp)&query=afterId:107").body())
                .isEqualTo("{\"events\":[{\"timestamp\":" + (T0 + 7 * MINUTE) + "}]}");
    }

    @Test
    void getEventAnswersHubsEventObject() {
        Reply reply = SERVICE.get("/hub/api/rest/events/102", READ);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(("{\"id\":\"102\",\"timestamp\":%d,\"type\":\"UPDATED\",\"targetId\":\"u-7\","
                + "\"targetType\":\"user\",\"targetPresentation\":\"Bob Jones\",\"author\":\"a-2\","
                + "\"authorPresentation\":\"alice\",\"authorType\":\"user\",\"changes\":[{\"field\":\"email\","
                + "\"oldValue\":\"bob@old.example\",\"newValue\":\"bob@new.example\"}]}").formatted(T0 + MINUTE));
        assertThat(SERVICE.get("/hub/api/rest/events/102?fields=id,changes(field)", READ).body())
                .isEqualTo("{\"id\":\"102\",\"changes\":[{\"field\":\"email\"}]}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"109", "999", "abc", "0102"})
    void getEventIs404ForAnIdThatIsNotTheTenants(String id) {
        Reply reply = SERVICE.get("/hub/api/rest/events/" + id, READ);
        assertThat(reply.status()).as(reply.body()).isEqualTo(404);
        assertThat(reply.json().get("error").asText()).isEqualTo("not_found");
        assertThat(reply.json().get("error_description").asText()).contains(id);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "query=(event:%20X            | parameter 'query': expected ')' at 9",
        "query=                       | parameter 'query': must not be empty",
        "query=foo:%20bar             | expected a field name",
        "query=before:%20yesterday    | expected an instant",
        "orderBy=type                 | parameter 'orderBy': 'type' is not an order",
        "orderBy=timestamp:up         | 'timestamp:up' is not an order",
        "orderBy=id,id:desc           | names 'id' twice",
        "fields=events(bogus)         | unknown field 'events/bogus'",
        "fields=events(id             | expected ')' at 9",
        "fields=                      | parameter 'fields': must not be empty",
        "$top=0                       | parameter '$top'",
        "$top=1001                    | parameter '$top'",
        "$skip=-1                     | parameter '$skip'",
        "$skip=100000001              | parameter '$skip'",
        "skip=1                       | parameter 'skip': is not a parameter of this API",
        "query=a&query=b              | parameter 'query': is given more than once",
    })
    void eachErrorIsA400InHubsShape(String parameters, String description) {
        Reply reply = events("?" + parameters);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(reply.json().get("error_description").asText()).contains(description);
    }

    @Test
    void everyStatusUnderHubUsesHubsShape() {
        Reply unknown = SERVICE.get("/hub/api/rest/nothing", READ);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("not_found");
        Reply post = SERVICE.postJson("/hub/api/rest/events", READ, "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.json().get("error").asText()).isEqualTo("method_not_allowed");
        Reply forbidden = SERVICE.get("/hub/api/rest/events", SERVICE.token(TENANT, "auditEvent:read"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("error").asText()).isEqualTo("forbidden");
    }

    private static JsonNode assist(String query, int caret) {
        Reply reply = SERVICE.get("/hub/api/rest/events/queryAssist?query=" + encode(query) + "&caret=" + caret, READ);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void queryAssistSuggestsFieldNamesAndKeywordsForTheTokenAtTheCaret() {
        JsonNode answer = assist("event: X an", 11);
        assertThat(answer.get("suggestions").toString()).isEqualTo(
                "[{\"option\":\"and\",\"insert\":\"and \",\"start\":9,\"end\":11,\"description\":\"keyword\"}]");
        JsonNode fields = assist("au", 2).get("suggestions");
        assertThat(fields.toString()).isEqualTo("[{\"option\":\"author:\",\"insert\":\"author: \",\"start\":0,"
                + "\"end\":2,\"description\":\"Events triggered by the user, group or service\"}]");
        assertThat(assist("", 0).get("suggestions")).hasSize(11);
    }

    @Test
    void queryAssistSuggestsTheCallersMostFrequentValuesOfTheFieldBeingTyped() {
        JsonNode all = assist("author: ", 8).get("suggestions");
        assertThat(all.get(0).toString()).isIn(
                "{\"option\":\"John Smith\",\"insert\":\"{John Smith}\",\"start\":8,\"end\":8,\"description\":\"3 events\"}",
                "{\"option\":\"a-1\",\"insert\":\"a-1\",\"start\":8,\"end\":8,\"description\":\"3 events\"}");
        List<String> options = new ArrayList<>();
        all.forEach(s -> options.add(s.get("option").asText()));
        assertThat(options).containsExactly("John Smith", "a-1", "a-2", "alice", "Ops Team", "a-3", "carol", "g-9",
                "s-1", "sync-service");
        JsonNode typed = assist("event: created and author: jo or x", 29).get("suggestions");
        assertThat(typed.toString()).isEqualTo("[{\"option\":\"John Smith\",\"insert\":\"{John Smith}\","
                + "\"start\":27,\"end\":29,\"description\":\"3 events\"}]");
        JsonNode second = assist("author: alice, c", 16).get("suggestions");
        assertThat(second.get(0).get("option").asText()).isEqualTo("carol");
    }

    @Test
    void queryAssistGivesTheRangesToHighlightAndTheErrorOfAQueryThatDoesNotParse() {
        JsonNode answer = assist("author: alice and (x", 20);
        assertThat(answer.get("ranges")).hasSize(5);
        assertThat(answer.at("/ranges/0/style").asText()).isEqualTo("field_name");
        assertThat(answer.at("/ranges/1/style").asText()).isEqualTo("field_value");
        assertThat(answer.at("/ranges/2/style").asText()).isEqualTo("keyword");
        assertThat(answer.at("/ranges/3/style").asText()).isEqualTo("parenthesis");
        assertThat(answer.at("/ranges/4/style").asText()).isEqualTo("text");
        assertThat(answer.at("/ranges/1/start").asInt()).isEqualTo(8);
        assertThat(answer.at("/ranges/1/end").asInt()).isEqualTo(13);
        assertThat(answer.at("/error/message").asText()).isEqualTo("expected ')' at 20");
        assertThat(answer.at("/error/position").asInt()).isEqualTo(20);
        assertThat(assist("event: X", 8).has("error")).isFalse();
    }
}
