package io.eventsearch.api.releases;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders stored events in the seed's shape: every field present, in the seed's order, null when unknown. */
final class ReleaseDownloadRenderer {

    private static final List<String> FIELDS = List.of("id", "createdAt", "updatedAt", "releaseId", "releaseVersion",
            "releaseFileId", "releaseFileName", "productId", "statusCode", "userId", "licenseId");
    private static final List<String> LOCATION = List.of("ipAddress", "countryCode", "countryName", "regionCode",
            "regionName", "city", "zipCode", "timeZone", "latitude", "longitude");
    private static final List<String> TRAILING = List.of("errorCode", "errorMessage", "releaseChannel");

    ArrayNode render(List<ObjectNode> events) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        events.forEach(event -> array.add(render(event)));
        return array;
    }

    ObjectNode render(ObjectNode stored) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        copy(stored, out, FIELDS);
        ObjectNode location = out.putObject("location");
        copy(stored.path("location"), location, LOCATION);
        copy(stored, out, TRAILING);
        return out;
    }

    private static void copy(JsonNode from, ObjectNode to, List<String> fields) {
        for (String field : fields) {
            JsonNode value = from.get(field);
            to.set(field, value == null ? JsonNodeFactory.instance.nullNode() : value);
        }
    }
}
