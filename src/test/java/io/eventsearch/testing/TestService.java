package io.eventsearch.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.Json;
import io.eventsearch.Main;
import io.eventsearch.api.ApiService;
import io.eventsearch.security.TokenIssuer;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

/**
 * The service as its users meet it, over HTTP on a free port, against the run's OpenSearch. One shared instance
 * serves most tests; each test isolates itself with tenants of its own.
 */
public final class TestService implements AutoCloseable {

    private static TestService shared;

    private final Main.Running running;
    private final WebServer server;
    private final List<ApiService> apis;
    private final Path jwkSet;
    private final TokenIssuer tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper mapper = Json.mapper();

    private TestService(Main.Running running, Path jwkSet) {
        this.running = running;
        this.server = running.server();
        this.apis = running.apis();
        this.jwkSet = jwkSet;
        this.tokens = TestKeys.issuer(jwkSet);
    }

    public static synchronized TestService shared() {
        if (shared == null) {
            shared = start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A service of its own, with {@code overrides} on top of the test configuration. */
    public static TestService start(Map<String, String> overrides) {
        return start(overrides, TestKeys.newJwkSet("test-key"));
    }

    /** A service of its own whose tokens are signed with the first key of {@code jwk}. */
    public static TestService start(Map<String, String> overrides, Path jwk) {
        Map<String, String> settings = new HashMap<>();
        settings.put("server.port", "0");
        settings.put("server.host", "127.0.0.1");
        settings.put("opensearch.url", TestOpenSearch.url().toString());
        settings.put("auth.jwk.path", jwk.toString());
        settings.put("auth.issuer", TestKeys.ISSUER);
        settings.put("auth.audience", TestKeys.AUDIENCE);
        settings.put("geoip.database", TestGeoIp.database().toString());
        settings.putAll(overrides);
        return new TestService(Main.start(config(settings)), jwk);
    }

    /** The service's configuration (application.yaml, its defaults) with {@code settings} on top. */
    public static Config config(Map<String, String> settings) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(ConfigSources.create(settings), ConfigSources.classpath("application.yaml"))
                .build();
    }

    public static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public TokenIssuer tokens() {
        return tokens;
    }

    /** The JWK set the service trusts, to sign tokens with other claims. */
    public Path jwkSet() {
        return jwkSet;
    }

    public String token(String tenant, String scopes) {
        return tokens.issue("tester", tenant, scopes, Duration.ofMinutes(10));
    }

    public int port() {
        return server.port();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    /** The APIs the service routes. */
    public List<ApiService> apis() {
        return apis;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** A response with its body parsed as JSON (null when the body is not JSON). */
    public record Reply(int status, JsonNode json, String body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The "id" of each event in a successful JSON array answer, in order. */
        public List<String> ids() {
            if (status != 200 || json == null || !json.isArray()) {
                throw new AssertionError("expected 200 with a JSON array, got " + status + ": " + body);
            }
            List<String> ids = new java.util.ArrayList<>();
            json.forEach(event -> ids.add(event.get("id").asText()));
            return ids;
        }
    }

    /**
     * A GET written byte for byte on a socket, for request targets that java.net.URI refuses to build (a lone '%').
     * Returns the status code and the body (read up to Content-Length; the read gives up after 30 s).
     */
    public Map.Entry<Integer, String> rawGet(String target, String token) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            int status = Integer.parseInt(head.substring(9, 12));
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)")
                    .matcher(head);
            byte[] body = new byte[length.find() ? Integer.parseInt(length.group(1)) : 0];
            in.readFully(body);
            return Map.entry(status, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Reply get(String pathAndQuery, String token) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET(), token);
    }

    public Reply post(String pathAndQuery, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, token);
    }

    public Reply postJson(String pathAndQuery, String token, String body) {
        return post(pathAndQuery, token, "application/json", body);
    }

    public Reply send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = response.body().isEmpty() ? null : mapper.readTree(response.body());
            } catch (IOException notJson) {
                // left null: the assertion on the body will say what came back
            }
            return new Reply(response.statusCode(), json, response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running.stop();
    }
}
