package io.eventsearch.api.audit;

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

/** GET /audit/events against the real OpenSearch: the seed's envelope, every parameter, every refusal. */
class AuditEventsIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    private static final String TENANT = TestService.newTenant();
    private static final String DECOY = TestService.newTenant();
    private static final String READ = SERVICE.token(TENANT, "auditEvent:read");
    private static final String APP_A = "0a0a0a0a-0000-4000-8000-00000000000a";
    private static final String APP_B = "0b0b0b0b-0000-4000-8000-00000000000b";
    private static final String USER_1 = "11111111-0000-4000-8000-000000000001";
    private static final String USER_2 = "22222222-0000-4000-8000-000000000002";
    private static final String TARGET_1 = "33333333-0000-4000-8000-000000000003";

    @BeforeAll
    static void ingest() {
        String events = """
                [{"id":"a1","eventTime":"2024-03-01T10:00:00Z","appId":"%1$s","userId":"%3$s","userName":"Alice",
                  "targetId":"%5$s","target":"user","targetName":"Bob","dataType":"profile","data":"{\\"name\\":\\"Bob\\"}",
                  "action":"update","description":"changed the name","source":"console","ipAddress":"10.0.0.1"},
                 {"id":"a2","eventTime":"2024-03-01T12:00:00+02:00","appId":"%1$s","userId":"%4$s","target":"role",
                  "dataType":"permissions","action":"grant"},
                 {"id":"a3","eventTime":"2024-03-02T09:00:00Z","appId":"%2$s","userId":"%3$s","target":"user",
                  "dataType":"profile","action":"create"},
                 {"id":"a4","eventTime":"2024-03-03T00:00:00Z","appId":"%2$s","userId":"%4$s","target":"app",
                  "dataType":"settings","action":"update"},
                 {"id":"a5","eventTime":"2024-03-04T12:30:00Z","appId":"%1$s","userId":"%3$s","target":"user",
                  "dataType":"profile","action":"delete"}]""".formatted(APP_A, APP_B, USER_1, USER_2, TARGET_1);
        Reply stored = SERVICE.postJson("/ingest/audit?refresh=wait_for", SERVICE.token(TENANT, "events:write"), events);
        assertThat(stored.json().get("created").asInt()).as(stored.body()).isEqualTo(5);
        Reply decoy = SERVICE.postJson("/ingest/audit?refresh=wait_for", SERVICE.token(DECOY, "events:write"),
                "[{\"id\":\"d1\",\"eventTime\":\"2024-03-05T00:00:00Z\",\"appId\":\"" + APP_A + "\"}]");
        assertThat(decoy.json().get("created").asInt()).isEqualTo(1);
    }

    private static Reply list(String query) {
        return SERVICE.get("/audit/events" + query, READ);
    }

    private static List<String> ids(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().at("/data/items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    @Test
    void listsTheTenantsEventsNewestFirstInTheSeedsEnvelope() {
        Reply reply = list("");
        assertThat(ids(reply)).containsExactly("a5", "a4", "a3", "a1", "a2");
        JsonNode data = reply.json().get("data");
        assertThat(data.get("totalItems").asLong()).isEqualTo(5);
        assertThat(data.get("offset").asInt()).isZero();
        assertThat(data.get("limit").asInt()).isEqualTo(50);
        assertThat(reply.header("X-Total-Count-Relation")).isEqualTo("eq");
    }

    @Test
    void rendersEveryFieldOfTheSeedWithItsTimeFormat() {
        JsonNode a1 = list("?targetId=" + TARGET_1).json().at("/data/items/0");
        assertThat(a1.toString()).isEqualTo(("{\"targetName\":\"Bob\",\"targetId\":\"%s\",\"data\":\"{\\\"name\\\":\\\"Bob\\\"}\","
                + "\"dataType\":\"profile\",\"ipAddress\":\"10.0.0.1\",\"description\":\"changed the name\","
                + "\"source\":\"console\",\"userName\":\"Alice\",\"userId\":\"%s\",\"target\":\"user\","
                + "\"appId\":\"%s\",\"eventTime\":\"2024-03-01T10:00:00.000+00:00\",\"action\":\"update\",\"id\":\"a1\"}")
                .formatted(TARGET_1, USER_1, APP_A));
        JsonNode a2 = list("?userId=" + USER_2 + "&dataType=permissions").json().at("/data/items/0");
        assertThat(a2.get("targetName").isNull()).isTrue();
        assertThat(a2.get("eventTime").asText()).isEqualTo("2024-03-01T10:00:00.000+00:00");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "appId=" + APP_A + "                                 | a5,a1,a2",
        "appId=" + APP_B + "                                 | a4,a3",
        "userId=" + USER_1 + "                               | a5,a3,a1",
        "targetId=" + TARGET_1 + "                           | a1",
        "target=user                                         | a5,a3,a1",
        "dataType=profile&appId=" + APP_A + "                | a5,a1",
        "start=2024-03-02T09:00:00Z                          | a5,a4,a3",
        "end=2024-03-02T09:00:00Z                            | a1,a2",
        "start=2024-03-01T10:00:00Z&end=2024-03-03T00:00:00Z | a3,a1,a2",
        "offset=1&limit=2                                    | a4,a3",
        "offset=4                                            | a2",
        "offset=5                                            | ''",
        "offset=20000                                        | ''",
        "target=nothing-like-this                            | ''",
    })
    void filtersAndPagesExactly(String query, String expected) {
        Reply reply = list("?" + query);
        assertThat(ids(reply)).containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected.split(",")));
    }

    @Test
    void aPageEchoesItsOffsetAndLimitAndTheFullTotal() {
        JsonNode data = list("?offset=20000&limit=7").json().get("data");
        assertThat(data.get("offset").asInt()).isEqualTo(20000);
        assertThat(data.get("limit").asInt()).isEqualTo(7);
        assertThat(data.get("totalItems").asLong()).isEqualTo(5);
    }

    @Test
    void anotherTenantsEventsNeverShow() {
        assertThat(ids(list("?appId=" + APP_A))).doesNotContain("d1");
        assertThat(ids(SERVICE.get("/audit/events", SERVICE.token(DECOY, "auditEvent:read")))).containsExactly("d1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "start=2020-09-15                    | start",
        "start=2020-09-15T11:59:08%2B02:00   | start",
        "end=2020-09-15T11:59:08.000Z        | end",
        "end=2020-02-30T11:59:08Z            | end",
        "start=2024-03-02T00:00:00Z&end=2024-03-01T00:00:00Z | end",
        "appId=not-a-uuid                    | appId",
        "targetId=                           | targetId",
        "target=                             | target",
        "offset=-1                           | offset",
        "offset=100000001                    | offset",
        "limit=0                             | limit",
        "limit=501                           | limit",
        "limit=ten                           | limit",
        "page=2                              | page",
        "tenant=" + "other                   | tenant",
        "offset=1&offset=2                   | offset",
    })
    void aMalformedParameterIsA400ProblemNamingIt(String query, String parameter) {
        Reply reply = list("?" + query);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("type").asText()).isEqualTo("about:blank");
        assertThat(reply.json().get("title").asText()).isEqualTo("Bad Request");
        assertThat(reply.json().get("status").asInt()).isEqualTo(400);
        assertThat(reply.json().get("parameter").asText()).isEqualTo(parameter);
        assertThat(reply.json().get("detail").asText()).contains(parameter);
    }

    @Test
    void everyStatusUnderAuditIsAProblem() {
        Reply unknown = SERVICE.get("/audit/nothing", READ);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("title").asText()).isEqualTo("Not Found");
        Reply post = SERVICE.postJson("/audit/events", READ, "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET");
        assertThat(post.json().get("status").asInt()).isEqualTo(405);
        Reply anonymous = SERVICE.get("/audit/events", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("title").asText()).isEqualTo("Unauthorized");
    }
}
