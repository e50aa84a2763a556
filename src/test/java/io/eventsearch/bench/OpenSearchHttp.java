package io.eventsearch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** OpenSearch's REST API as the benchmark's direct client: the requests a user would send without the service. */
final class OpenSearchHttp {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OpenSearchHttp(URI base) {
        this.base = base;
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) {
        return json(send("GET", path, null, "application/json"));
    }

    JsonNode put(String path, String body) {
        return json(send("PUT", path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json"));
    }

    JsonNode post(String path, String body) {
        return json(send("POST", path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json"));
    }

    void delete(String path) {
        send("DELETE", path, null, "application/json");
    }

    /** A {@code _bulk} body; fails unless every item was created. */
    void bulk(String path, byte[] ndjson) {
        JsonNode answer = json(send("POST", path, ndjson, "application/x-ndjson"));
        if (answer.path("errors").asBoolean(true)) {
            for (JsonNode item : answer.path("items")) {
                JsonNode error = item.path("create").path("error");
                if (!error.isMissingNode()) {
                    throw new IllegalStateException("bulk item failed: " + error);
                }
            }
        }
    }

    /**
     * CPU time of the OpenSearch processes on this machine, read like the service's from {@code /proc} (the node
     * stats' own figure is refreshed only once a second, too coarse for a round).
     */
    long cpuMicros() {
        long micros = 0;
        for (JsonNode node : get("/_nodes/process").path("nodes")) {
            micros += CpuTime.micros(node.path("process").path("id").asLong());
        }
        return micros;
    }

    /** The raw answer, for timing: status checked, body read and dropped. */
    void searchDiscarding(String pathAndQuery, byte[] body) {
        send("POST", pathAndQuery, body, "application/json");
    }

    private String send(String method, String path, byte[] body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", contentType)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }
}
