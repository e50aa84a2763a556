package io.eventsearch.api;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.eventsearch.testing.CuttableProxy;
import io.eventsearch.testing.TestOpenSearch;
import io.eventsearch.testing.TestService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages past OpenSearch's window are bounded per tenant on each instance: with a bound of one and OpenSearch's
 * answers held back, of two deep pages of one tenant one waits for OpenSearch and the other is refused at once;
 * once the first is served, the next deep page is served again.
 */
class DeepPageBoundIntegrationTest {

    @Test
    void aTenantIsServedAtMostTheBoundOfDeepPagesAtOnce() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(TestOpenSearch.url());
             TestService service = TestService.start(Map.of(
                     "opensearch.url", proxy.uri().toString(),
                     "query.deep.pages.per.tenant", "1"))) {
            String read = service.token(TestService.newTenant(), "releaseDownloadEvent:read");
            String deep = "/v3/release-download-events?limit=100&page=101";
            assertThat(service.get("/v3/release-download-events?limit=10", read).status()).isEqualTo(200);

            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(service.uri(deep)).header("Authorization", "Bearer " + read)
                    .build();
            proxy.hold();
            CompletableFuture<HttpResponse<String>> first = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> second = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            Object answered = CompletableFuture.anyOf(first, second).get(60, TimeUnit.SECONDS);
            HttpResponse<?> refused = (HttpResponse<?>) answered;
            assertThat(refused.statusCode()).as(String.valueOf(refused.body())).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(String.valueOf(refused.body())).contains("pages past the 10,000th event");
            CompletableFuture<HttpResponse<String>> waiting = first.isDone() && first.getNow(null) == refused
                    ? second : first;
            assertThat(waiting).as("the other page waits for OpenSearch").isNotDone();

            proxy.release();
            HttpResponse<String> served = waiting.get(60, TimeUnit.SECONDS);
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(served.body()).isEqualTo("[]");
            assertThat(service.get(deep, read).status()).as("the slot is free again").isEqualTo(200);
            assertThat(service.get("/observe/metrics", null).body()).as("how deep clients page")
                    .containsPattern("listing_page_offset_count\\{[^}]*stream=\"release-downloads\"[^}]*} [1-9]");
        }
    }
}
