package io.eventsearch.api.search;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Exports of GET /api/events as NDJSON and CSV against the real OpenSearch: every event, once, quoted safely. */
class EventsExportIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    private static final String TENANT = TestService.newTenant();
    private static final String READ = SERVICE.token(TENANT, "events:read");
    /** More than two of the export's batches, so the walk continues across batch boundaries. */
    private static final int MANY = 2_345;

    @BeforeAll
    static void ingest() {
        Instant t0 = Instant.parse("2024-02-01T00:00:00Z");
        for (int batch = 0; batch < MANY; batch += 1000) {
            StringBuilder audit = new StringBuilder("[");
            for (int i = batch; i < Math.min(MANY, batch + 1000); i++) {
                audit.append(i == batch ? "" : ",").append("{\"id\":\"e").append(i).append("\",\"eventTime\":\"")
                        .append(t0.plusSeconds(i / 3)).append("\",\"appId\":\"app\",\"action\":\"bulk\"}");
            }
            post("audit", audit.append("]").toString());
        }
        post("release-downloads", """
                [{"id":"csv-1","createdAt":"2024-03-01T00:00:00Z","statusCode":-1,"releaseFileName":"a,b \\"c\\"\\nd",
                  "errorMessage":"=HYPERLINK(\\"http://evil\\")","errorCode":"+1","productId":"@sum","userId":"-2+3",
                  "releaseVersion":"plain","location":{"ipAddress":"81.2.69.142"}}]""");
    }

    private static void post(String stream, String events) {
        Reply stored = SERVICE.postJson("/ingest/" + stream + "?refresh=wait_for", SERVICE.token(TENANT, "events:write"),
                events);
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().get("rejected").asInt()).as(stored.body()).isZero();
    }

    private static HttpResponse<String> export(String query, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(SERVICE.uri("/api/events" + query))
                .header("Authorization", "Bearer " + READ);
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ndjsonHoldsEveryMatchingEventOnceInOrder() throws Exception {
        HttpResponse<String> response = export("?q=" + URLEncoder.encode("stream: audit", StandardCharsets.UTF_8),
                "application/x-ndjson");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"events.ndjson\"");
        List<String> lines = response.body().lines().toList();
        assertThat(lines).hasSize(MANY);
        Set<String> ids = new HashSet<>();
        Instant previous = Instant.MAX;
        for (String line : lines) {
            JsonNode hit = SERVICE.mapper().readTree(line);
            assertThat(hit.get("stream").asText()).isEqualTo("audit");
            ids.add(hit.get("id").asText());
            Instant time = Instant.parse(hit.get("time").asText());
            assertThat(time).isBeforeOrEqualTo(previous);
            previous = time;
            assertThat(hit.has("highlights")).isFalse();
        }
        assertThat(ids).hasSize(MANY);
    }

    @Test
    void csvHasAHeaderQuotesAsRfc4180AndKeepsFormulasText() throws Exception {
        HttpResponse<String> response = export("?format=csv&q=" + URLEncoder.encode("id: csv-1", StandardCharsets.UTF_8)
                + "&fields=id,statusCode,releaseFileName,errorMessage,errorCode,productId,userId,releaseVersion,"
                + "location(countryCode)", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(response.body()).isEqualTo("stream,id,statusCode,releaseFileName,errorMessage,errorCode,productId,"
                + "userId,releaseVersion,location.countryCode\r\n"
                + "release-downloads,csv-1,-1,\"a,b \"\"c\"\"\nd\",\"'=HYPERLINK(\"\"http://evil\"\")\",\"'+1\",\"'@sum\","
                + "\"'-2+3\",plain,GB\r\n");
    }

    @Test
    void csvWithoutFieldsHasEveryFieldOfTheStreamsTheQueryCanMatch() throws Exception {
        HttpResponse<String> response = export("?q=" + URLEncoder.encode("stream: audit", StandardCharsets.UTF_8),
                "text/csv");
        List<String> rows = response.body().lines().toList();
        assertThat(rows.get(0)).isEqualTo("stream,id,eventTime,appId,userId,userName,targetId,target,targetName,"
                + "dataType,data,ipAddress,description,source,action");
        assertThat(rows).hasSize(MANY + 1);
        // e2343 and e2344 share the newest second: the id breaks the tie, newest first as well
        assertThat(rows.get(1)).startsWith("audit,e" + (MANY - 1) + ",").endsWith(",app,,,,,,,,,,,bulk");
    }

    @Test
    void anExportOfNothingIsJustTheHeader() throws Exception {
        HttpResponse<String> response = export("?format=csv&fields=id&q=" + URLEncoder.encode("id: none-such",
                StandardCharsets.UTF_8), null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("stream,id\r\n");
        assertThat(export("?format=ndjson&q=stream:hub", null).body()).isEmpty();
    }
}
