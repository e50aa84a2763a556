package io.eventsearch.api.search;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.api.ApiException;
import io.eventsearch.query.SearchPosition;

/**
 * The opaque {@code cursor} of {@code GET /api/events}: where the previous page ended, the "now" that relative
 * times were read against, and a digest of the caller's tenant and the search's parameters. A cursor offered with
 * other parameters, or by another tenant, is refused; even a forged one could read nothing but the caller's own
 * events, since the store adds the caller's tenant to every request.
 *
 * @param binding  the digest of tenant and parameters ({@link #binding})
 * @param now      the instant relative times mean
 * @param position where the next page starts
 */
record SearchCursor(String binding, Instant now, SearchPosition position) {

    private static final int VERSION = 1;
    private static final int MAX_INFLATED = 64 * 1024;

    /** The digest that ties a cursor to one caller's search: what decides which events, in which order. */
    static String binding(String tenant, List<String> parameters) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(tenant.getBytes(StandardCharsets.UTF_8));
            for (String parameter : parameters) {
                digest.update((byte) 0);
                digest.update(parameter.getBytes(StandardCharsets.UTF_8));
            }
            byte[] hash = digest.digest();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    String encode(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode();
        node.put("v", VERSION);
        node.put("b", binding);
        node.put("n", now.toEpochMilli());
        if (position.pointInTime() != null) {
            node.put("p", position.pointInTime());
        }
        ArrayNode after = node.putArray("a");
        position.after().forEach(value -> after.add(mapper.valueToTree(value)));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(deflate(mapper.writeValueAsBytes(node)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Compressed: a point in time's id repeats node and index names, and a cursor travels in a URL. */
    private static byte[] deflate(byte[] bytes) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(bytes);
            deflater.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** The inflated bytes, at most {@code MAX_INFLATED}; anything else is not a cursor of this API. */
    private static byte[] inflate(byte[] bytes) {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        try {
            inflater.setInput(bytes);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw notACursor();
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw notACursor();
                }
            }
            return out.toByteArray();
        } catch (java.util.zip.DataFormatException e) {
            throw notACursor();
        } finally {
            inflater.end();
        }
    }

    /** The cursor written {@code text}, which must belong to {@code binding}; a 400 naming {@code cursor} if not. */
    static SearchCursor decode(String text, String binding, ObjectMapper mapper) {
        JsonNode node;
        try {
            node = mapper.readTree(inflate(Base64.getUrlDecoder().decode(text)));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw notACursor();
        }
        if (node == null || node.path("v").asInt() != VERSION || !node.path("b").isTextual() || !node.path("n").isIntegralNumber()
                || !node.path("a").isArray() || node.path("a").isEmpty()
                || (node.has("p") && !node.path("p").isTextual())) {
            throw notACursor();
        }
        if (!node.path("b").asText().equals(binding)) {
            throw ApiException.badParameter("cursor", "belongs to another search (other q, from, to or sort) or to "
                    + "another caller: send the parameters of the first page with it, or leave it out to start again");
        }
        List<Object> after = new ArrayList<>();
        for (JsonNode value : node.path("a")) {
            after.add(switch (value.getNodeType()) {
                case NUMBER -> value.isIntegralNumber() ? (Object) value.asLong() : (Object) value.asDouble();
                case STRING -> value.asText();
                case BOOLEAN -> value.asBoolean();
                case NULL -> null;
                default -> throw notACursor();
            });
        }
        String pit = node.has("p") ? node.path("p").asText() : null;
        return new SearchCursor(binding, Instant.ofEpochMilli(node.path("n").asLong()), new SearchPosition(pit, after));
    }

    private static ApiException notACursor() {
        return ApiException.badParameter("cursor", "is not a cursor of this API; use the cursor of the previous page "
                + "as it was given, or leave it out to start again");
    }
}
