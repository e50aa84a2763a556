package io.eventsearch.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.Json;

/** What a careful producer does: send a batch again until every event in it is acknowledged. */
public final class RetryingProducer {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI ingest;
    private final String token;
    private final AtomicInteger retries = new AtomicInteger();

    /** @param ingest the stream's ingest URI */
    public RetryingProducer(URI ingest, String token) {
        this.ingest = ingest;
        this.token = token;
    }

    /** How many times a batch had to be sent again (service gone, or 503). */
    public int retries() {
        return retries.get();
    }

    /** Sends {@code batch} until it is answered 200; the ids it acknowledged (created or already present). */
    public List<String> send(String batch) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(ingest)
                        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    List<String> ids = new ArrayList<>();
                    for (JsonNode item : Json.mapper().readTree(response.body()).get("items")) {
                        String status = item.get("status").asText();
                        if (!status.equals("created") && !status.equals("already_present")) {
                            throw new AssertionError("answered 200 with an item " + status + ": " + response.body());
                        }
                        ids.add(item.get("id").asText());
                    }
                    return ids;
                }
                if (response.statusCode() != 503) {
                    throw new AssertionError("neither 200 nor 503: " + response.statusCode() + " " + response.body());
                }
            } catch (IOException gone) {
                // the service is down or restarting: the batch is sent again
            }
            retries.incrementAndGet();
            Thread.onSpinWait();
        }
        throw new AssertionError("a batch was never acknowledged");
    }
}
