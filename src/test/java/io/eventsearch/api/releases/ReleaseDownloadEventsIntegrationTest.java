package io.eventsearch.api.releases;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.testing.TestService;
import io.eventsearch.testing.TestService.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /v3/release-download-events through HTTP, against the real OpenSearch, on a small known data set. */
class ReleaseDownloadEventsIntegrationTest {

    private static final TestService SERVICE = TestService.shared();
    private static final String TENANT = TestService.newTenant();
    private static final String OTHER_TENANT = TestService.newTenant();
    private static final String READ = SERVICE.token(TENANT, "releaseDownloadEvent:read");

    @BeforeAll
    static void ingest() {
        String events = """
            [{"id":"d01","createdAt":"2024-01-10T10:00:00Z","updatedAt":"2024-03-01T08:00:00Z","statusCode":200,
              "releaseId":"r1","productId":"p1","userId":"u1","licenseId":"l1","releaseFileId":"f1",
              "releaseFileName":"app-1.0.0.dmg","releaseVersion":"1.0.0","releaseChannel":"stable",
              "location":{"ipAddress":"81.2.69.142"}},
             {"id":"d02","createdAt":"2024-01-11T10:00:00Z","statusCode":403,"releaseId":"r1","productId":"p1",
              "userId":"u2","licenseId":"l2","errorCode":"LICENSE_EXPIRED","errorMessage":"License has expired",
              "releaseFileName":"app-1.0.0.exe","releaseVersion":"1.0.0","releaseChannel":"stable",
              "location":{"ipAddress":"2a00:1450:4001:81e::200e"}},
             {"id":"d03","createdAt":"2024-01-12T10:00:00Z","statusCode":404,"releaseId":"r2","productId":"p1",
              "userId":"u1","licenseId":"l1","errorCode":"FILE_NOT_FOUND","releaseFileName":"app-2.0.0-beta.dmg",
              "releaseVersion":"2.0.0-beta","releaseChannel":"beta","location":{"ipAddress":"89.160.20.128"}},
             {"id":"d04","createdAt":"2024-01-12T10:00:00Z","statusCode":200,"releaseId":"r2","productId":"p2",
              "userId":"u3","licenseId":"l3","releaseFileName":"tool-2.0.0.tar.gz","releaseVersion":"2.0.0",
              "releaseChannel":"stable","location":{"ipAddress":"10.0.0.7"}},
             {"id":"d05","createdAt":"2024-02-01T00:00:00Z","statusCode":429,"releaseId":"r3","productId":"p2",
              "userId":"u3","licenseId":"l3","errorCode":"RATE_LIMITED","releaseFileName":"tool-3.0.0.zip",
              "releaseVersion":"3.0.0","releaseChannel":"nightly","location":{"ipAddress":"216.160.83.56"}},
             {"id":"d06","createdAt":"2024-02-15T12:30:00Z","statusCode":200,"releaseId":"r3","productId":"p2",
              "userId":"u4","licenseId":"l4","releaseFileName":"tool-3.0.0.zip","releaseVersion":"3.0.0",
              "releaseChannel":"nightly"}]""";
        Reply mine = SERVICE.postJson("/ingest/release-downloads?refresh=wait_for",
                SERVICE.token(TENANT, "events:write"), events);
        assertThat(mine.json().get("created").asInt()).as(mine.body()).isEqualTo(6);
        Reply theirs = SERVICE.postJson("/ingest/release-downloads?refresh=wait_for",
                SERVICE.token(OTHER_TENANT, "events:write"), events.replace("\"d0", "\"x0"));
        assertThat(theirs.json().get("created").asInt()).as(theirs.body()).isEqualTo(6);
    }

    private static Reply list(String query) {
        return SERVICE.get("/v3/release-download-events" + query, READ);
    }

    private static List<String> ids(Reply reply) {
        return reply.ids();
    }

    @Test
    void listsTheTenantsEventsByCreationDateAscendingWithTheIdBreakingTies() {
        Reply reply = list("");
        assertThat(ids(reply)).containsExactly("d01", "d02", "d03", "d04", "d05", "d06");
        assertThat(reply.header("X-Total-Count")).isEqualTo("6");
        assertThat(reply.header("X-Total-Count-Relation")).isEqualTo("eq");
    }

    @Test
    void sortsByAnyFieldInEitherDirection() {
        assertThat(ids(list("?sort=-createdAt"))).containsExactly("d06", "d05", "d03", "d04", "d02", "d01");
        assertThat(ids(list("?sort=-statusCode,id"))).containsExactly("d05", "d03", "d02", "d01", "d04", "d06");
        assertThat(ids(list("?sort=releaseFileName"))).containsExactly("d01", "d02", "d03", "d04", "d05", "d06");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "releaseId=r2                                    | d03 d04",
        "productId=p2                                    | d04 d05 d06",
        "userId=u1                                       | d01 d03",
        "licenseId[eq]=l3                                | d04 d05",
        "statusCode=200                                  | d01 d04 d06",
        "statusCode[ne]=200                              | d02 d03 d05",
        "statusCode[in]=403,404                          | d02 d03",
        "statusCode[gte]=400&statusCode[lt]=429          | d02 d03",
        "statusCode[gt]=403                              | d03 d05",
        "statusCode[lte]=403                             | d01 d02 d04 d06",
        "errorCode=RATE_LIMITED                          | d05",
        "errorCode[in]=LICENSE_EXPIRED,FILE_NOT_FOUND    | d02 d03",
        "releaseFileName=tool-3.0.0.zip                  | d05 d06",
        "releaseVersion=2.0.0                            | d04",
        "releaseChannel[ne]=stable                       | d03 d05 d06",
        "countryCode=GB                                  | d01",
        "countryCode[in]=SE,DE                           | d02 d03",
        "id=d02                                          | d02",
        "id[in]=d06,d01                                  | d01 d06",
        "createdAt=2024-01-12T10:00:00Z                  | d03 d04",
        "createdAt[gte]=2024-01-12T10:00:00Z&createdAt[lt]=2024-02-01T00:00:00Z | d03 d04",
        "createdAt[gt]=2024-01-12T11:00:00%2B01:00       | d05 d06",
        "updatedAt[gte]=2024-03-01T00:00:00Z             | d01",
        "releaseId=r1&statusCode[ne]=200                 | d02",
        "releaseId=none                                  | ''",
    })
    void filtersByEveryParameterAndOperator(String query, String expected) {
        Reply reply = list("?" + query);
        List<String> want = expected.isBlank() ? List.of() : List.of(expected.trim().split(" "));
        assertThat(ids(reply)).containsExactlyElementsOf(want);
        assertThat(reply.header("X-Total-Count")).isEqualTo(Integer.toString(want.size()));
    }

    @ParameterizedTest(name = "search={0}")
    @CsvSource(delimiter = '|', value = {
        "beta              | d03",
        "expired           | d02",
        "Abingdon          | d01",
        "Frankfurt         | d02",
        "tool nightly      | d05 d06",
        "LICENSE_EXPIRED   | d02",
        "dmg               | d01 d03",
        "\"app-1.0.0.exe\" | d02",
    })
    void searchesTheTextFields(String text, String expected) {
        Reply reply = list("?search=" + java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(ids(reply)).containsExactlyInAnyOrder(expected.split(" "));
    }

    @Test
    void searchTextWithQuerySyntaxNeverFails() {
        for (String text : new String[] {"(", "\"unclosed", "a AND OR", "*", "field:value", "\\", "~1^2"}) {
            Reply reply = list("?search=" + java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(reply.status()).as(text).isEqualTo(200);
        }
    }

    @Test
    void rendersTheSeedShapeWithTheGeoIpLocation() {
        JsonNode first = list("?id=d01").json().get(0);
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("id", "createdAt", "updatedAt", "releaseId", "releaseVersion",
                "releaseFileId", "releaseFileName", "productId", "statusCode", "userId", "licenseId", "location",
                "errorCode", "errorMessage", "releaseChannel");
        assertThat(first.get("statusCode").isInt()).isTrue();
        assertThat(first.get("errorCode").isNull()).isTrue();
        JsonNode location = first.get("location");
        List<String> locationKeys = new ArrayList<>();
        location.fieldNames().forEachRemaining(locationKeys::add);
        assertThat(locationKeys).containsExactly("ipAddress", "countryCode", "countryName", "regionCode",
                "regionName", "city", "zipCode", "timeZone", "latitude", "longitude");
        assertThat(location.get("city").asText()).isEqualTo("Abingdon");
        assertThat(location.get("latitude").asDouble()).isEqualTo(51.7095);

        JsonNode privateAddress = list("?id=d04").json().get(0).get("location");
        assertThat(privateAddress.get("ipAddress").asText()).isEqualTo("10.0.0.7");
        assertThat(privateAddress.get("countryCode").isNull()).isTrue();
    }

    @Test
    void pagesWithTotalAndLinkHeaders() {
        Reply second = list("?limit=2&page=2&releaseChannel[ne]=none");
        assertThat(ids(second)).containsExactly("d03", "d04");
        assertThat(second.header("X-Total-Count")).isEqualTo("6");
        String link = second.header("Link");
        assertThat(link).contains("</v3/release-download-events?limit=2&releaseChannel[ne]=none&page=3>; rel=\"next\"")
                .contains("</v3/release-download-events?limit=2&releaseChannel[ne]=none&page=1>; rel=\"prev\"")
                .contains("page=1>; rel=\"first\"")
                .contains("page=3>; rel=\"last\"");

        Reply last = list("?limit=4&page=2");
        assertThat(ids(last)).containsExactly("d05", "d06");
        assertThat(last.header("Link")).doesNotContain("rel=\"next\"");

        Set<String> walked = new LinkedHashSet<>();
        for (int page = 1; page <= 3; page++) {
            walked.addAll(ids(list("?limit=2&sort=-createdAt&page=" + page)));
        }
        assertThat(walked).containsExactly("d06", "d05", "d03", "d04", "d02", "d01");
        assertThat(ids(list("?limit=2&page=9"))).isEmpty();
    }

    @Test
    void anotherTenantsEventsNeverShow() {
        Reply mine = list("?limit=100&search=tool");
        assertThat(ids(mine)).allMatch(id -> id.startsWith("d"));
        Reply theirs = SERVICE.get("/v3/release-download-events?limit=100",
                SERVICE.token(OTHER_TENANT, "releaseDownloadEvent:read"));
        assertThat(ids(theirs)).containsExactly("x01", "x02", "x03", "x04", "x05", "x06");
        assertThat(ids(list("?id=x01"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "limit=500                  | limit",
        "page=-1                    | page",
        "sort=tenant                | sort",
        "statusCode[foo]=1          | statusCode[foo]",
        "createdAt[gte]=2024-13-01T00:00:00Z | createdAt[gte]",
        "releaseId=                 | releaseId",
        "search=                    | search",
        "tenant=someone-else        | tenant",
        "releaseId=a&releaseId=b    | releaseId",
        "limit=10&limit=20          | limit",
        "releaseChannel             | releaseChannel",
        "statusCode=2147483648      | statusCode",
        "statusCode[ne]=-2147483649 | statusCode[ne]",
        "page=%EF%BC%91             | page",
        "statusCode=%D9%A2%D9%A0%D9%A0 | statusCode",
        "limit=1.5                  | limit",
    })
    void badInputIsA400InTheApisShapeNamingTheParameter(String query, String parameter) {
        Reply reply = list("?" + query);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("status").asInt()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("Bad Request");
        assertThat(reply.json().get("parameter").asText()).isEqualTo(parameter);
        assertThat(reply.json().get("message").asText()).contains(parameter);
    }

    @Test
    void bareSeparatorsInTheQueryStringAskForNothing() {
        assertThat(ids(list("?&&&&"))).isEqualTo(ids(list("")));
        assertThat(ids(list("?&&releaseId=r2&&"))).containsExactly("d03", "d04");
    }

    @Test
    void aMalformedQueryStringIsA400NotA500() {
        var reply = SERVICE.rawGet("/v3/release-download-events?releaseId=%", READ);
        assertThat(reply.getKey()).as(reply.getValue()).isEqualTo(400);
        assertThat(reply.getValue()).contains("percent-encoding").contains("\"status\":400");
    }

    @Test
    void otherMethodsAre405InTheApisShape() {
        Reply post = SERVICE.postJson("/v3/release-download-events", READ, "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET");
        assertThat(post.json().get("error").asText()).isEqualTo("Method Not Allowed");
    }

    @Test
    void authFailuresUseTheApisShape() {
        Reply none = SERVICE.get("/v3/release-download-events", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("error").asText()).isEqualTo("Unauthorized");
        Reply wrongScope = SERVICE.get("/v3/release-download-events", SERVICE.token(TENANT, "events:write"));
        assertThat(wrongScope.status()).isEqualTo(403);
        assertThat(wrongScope.json().get("message").asText()).contains("releaseDownloadEvent:read");
    }
}
