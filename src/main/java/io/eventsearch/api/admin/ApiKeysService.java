package io.eventsearch.api.admin;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.api.ApiException;
import io.eventsearch.api.ApiService;
import io.eventsearch.api.Endpoint;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.NativeErrorShape;
import io.eventsearch.api.ParameterReader;
import io.eventsearch.api.RequestBodies;
import io.eventsearch.ingest.IngestPipeline;
import io.eventsearch.ingest.IngestReport;
import io.eventsearch.ingest.ItemStatus;
import io.eventsearch.security.ApiKeys;
import io.eventsearch.security.Authenticator;
import io.eventsearch.security.Caller;
import io.eventsearch.security.Scope;
import io.eventsearch.store.ApiKeyIndex;
import io.eventsearch.stream.StreamDefinition;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * API key administration under {@code /admin/api-keys} (bearer tokens with scope {@code apiKeys:write}; the tenant
 * from the token): create (the key is shown only then), list, revoke. Creating and revoking record
 * {@code api_key_added} / {@code api_key_removed} in the tenant's API-usage stream.
 */
public final class ApiKeysService {

    private static final System.Logger LOG = System.getLogger(ApiKeysService.class.getName());
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_NAME = 200;

    private final ApiKeyIndex keys;
    private final IngestPipeline pipeline;
    private final StreamDefinition usage;
    private final Authenticator authenticator;
    private final JsonResponses json;
    private final Clock clock;

    public ApiKeysService(ApiKeyIndex keys, IngestPipeline pipeline, StreamDefinition usage,
                          Authenticator authenticator, JsonResponses json, Clock clock) {
        this.keys = keys;
        this.pipeline = pipeline;
        this.usage = usage;
        this.authenticator = authenticator;
        this.json = json;
        this.clock = clock;
    }

    public ApiService api() {
        return new ApiService("/admin", authenticator, new NativeErrorShape(), List.of(
                Endpoint.post("/api-keys", Scope.API_KEYS_WRITE, this::create),
                Endpoint.get("/api-keys", Scope.API_KEYS_WRITE, this::list),
                Endpoint.delete("/api-keys/{id}", Scope.API_KEYS_WRITE, this::revoke)));
    }

    private void create(Caller caller, ServerRequest req, ServerResponse res) throws IOException {
        noParameters(req);
        String name = name(RequestBodies.read(req, MAX_BODY, "send {\"name\": \"...\"}"));
        if (keys.active(caller.tenant()).size() >= ApiKeyIndex.MAX_KEYS_PER_TENANT) {
            throw new ApiException(409, "a tenant may hold at most " + ApiKeyIndex.MAX_KEYS_PER_TENANT
                    + " active API keys; revoke one first", null);
        }
        String key = ApiKeys.newKey();
        ApiKeyIndex.StoredKey stored = keys.create(ApiKeys.hash(key), UUID.randomUUID().toString(), caller.tenant(),
                name, clock.instant());
        record(caller, "api_key_added", stored);
        Map<String, Object> body = describe(stored);
        body.put("key", key);
        res.header("Location", "/admin/api-keys/" + stored.id());
        json.send(res, 201, body);
    }

    private void list(Caller caller, ServerRequest req, ServerResponse res) {
        noParameters(req);
        json.send(res, 200, Map.of("keys", keys.active(caller.tenant()).stream().map(ApiKeysService::describe).toList()));
    }

    private void revoke(Caller caller, ServerRequest req, ServerResponse res) {
        noParameters(req);
        String id = req.path().pathParameters().get("id");
        ApiKeyIndex.StoredKey revoked = keys.revoke(caller.tenant(), id, clock.instant())
                .orElseThrow(() -> ApiException.notFound("no active API key has the id '" + id + "'"));
        record(caller, "api_key_removed", revoked);
        res.status(Status.NO_CONTENT_204).send();
    }

    private static void noParameters(ServerRequest req) {
        ParameterReader.of(req).requireKnown(name -> false, "it takes none");
    }

    private String name(byte[] body) {
        JsonNode request;
        try {
            request = json.mapper().readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("the body must be a JSON object such as {\"name\": \"deploy bot\"}");
        }
        if (!(request instanceof ObjectNode object) || !object.path("name").isTextual()) {
            throw ApiException.badRequest("the body must be a JSON object with a string 'name', "
                    + "such as {\"name\": \"deploy bot\"}");
        }
        object.fieldNames().forEachRemaining(field -> {
            if (!field.equals("name")) {
                throw ApiException.badRequest("unknown field '" + field + "'; the only one is name");
            }
        });
        String name = object.get("name").textValue().strip();
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("'name' must be 1 to " + MAX_NAME + " characters without control characters");
        }
        return name;
    }

    private static Map<String, Object> describe(ApiKeyIndex.StoredKey key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", key.id());
        body.put("name", key.name());
        body.put("createdAt", key.createdAt().toString());
        return body;
    }

    /** The usage event of a key change; the change stands even if the event cannot be stored now (logged). */
    private void record(Caller caller, String type, ApiKeyIndex.StoredKey key) {
        ObjectNode event = json.object();
        event.put("type", type);
        event.put("stored_at", Instant.now(clock).toEpochMilli());
        event.putObject("api_key").put("id", key.id()).put("name", key.name());
        event.putObject("client").put("id", caller.subject());
        IngestReport report = pipeline.ingest(caller, usage, event);
        if (report.count(ItemStatus.CREATED) != 1) {
            LOG.log(System.Logger.Level.WARNING, "the {0} usage event of API key {1} was not stored: {2}", type,
                    key.id(), report.items());
        }
    }
}
