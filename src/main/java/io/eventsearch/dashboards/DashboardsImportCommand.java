package io.eventsearch.dashboards;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventsearch.Json;

/**
 * {@code scripts/dashboards-import [URL]}: loads the saved objects of {@code dashboards/event-search.ndjson} into
 * OpenSearch Dashboards through its import API ({@code POST /api/saved_objects/_import?overwrite=true}, multipart
 * field {@code file}, header {@code osd-xsrf}), and reports each object created or overwritten and each error.
 * DASHBOARDS_USERNAME and DASHBOARDS_PASSWORD give basic auth for a secured Dashboards (never printed).
 */
public final class DashboardsImportCommand {

    private DashboardsImportCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: DashboardsImportCommand DASHBOARDS_URL FILE.ndjson");
            System.exit(2);
        }
        URI target = URI.create(args[0].replaceAll("/+$", "") + "/api/saved_objects/_import?overwrite=true");
        Path file = Path.of(args[1]);
        String boundary = "event-search-" + UUID.randomUUID();
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(2))
                .header("osd-xsrf", "true")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, file)));
        String user = System.getenv("DASHBOARDS_USERNAME");
        if (user != null && !user.isEmpty()) {
            String password = System.getenv().getOrDefault("DASHBOARDS_PASSWORD", "");
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("dashboards-import: cannot reach " + target + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        System.exit(report(response.statusCode(), response.body()));
    }

    /** The request body: one part, {@code file}, named like the file (Dashboards accepts only *.ndjson). */
    static byte[] multipart(String boundary, Path file) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/ndjson\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(file));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    /** Prints what the import did; the exit status: 0 when every object was imported. */
    static int report(int status, String body) throws IOException {
        JsonNode answer = body.isBlank() ? null : Json.mapper().readTree(body);
        if (status != 200 || answer == null) {
            System.err.println("dashboards-import: Dashboards answered " + status + ": " + body);
            return 1;
        }
        for (JsonNode result : answer.path("successResults")) {
            System.out.println((result.path("overwrite").asBoolean() ? "overwritten " : "created     ")
                    + result.path("type").asText() + " " + result.path("id").asText()
                    + " (" + result.path("meta").path("title").asText() + ")");
        }
        for (JsonNode error : answer.path("errors")) {
            System.out.println("error       " + error.path("type").asText() + " " + error.path("id").asText() + ": "
                    + error.path("error").path("type").asText() + " " + error.path("error").path("message").asText(""));
        }
        System.out.println(answer.path("successCount").asInt() + " saved objects imported, "
                + answer.path("errors").size() + " errors");
        return answer.path("success").asBoolean() ? 0 : 1;
    }
}
