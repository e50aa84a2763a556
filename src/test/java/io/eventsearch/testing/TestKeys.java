package io.eventsearch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import io.eventsearch.security.TokenIssuer;

/** JWK sets made for a test run: the one the service trusts, and a stranger's, for bad signatures. */
public final class TestKeys {

    public static final String ISSUER = "event-search-test";
    public static final String AUDIENCE = "event-search";

    private TestKeys() {
    }

    /** Writes a fresh HS256 JWK set and returns its path. */
    public static Path newJwkSet(String keyId) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String json = "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"" + keyId + "\",\"alg\":\"HS256\",\"use\":\"sig\",\"k\":\""
                + k + "\"}]}";
        try {
            Path file = Files.createTempFile("jwk-" + keyId, ".json");
            Files.writeString(file, json);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TokenIssuer issuer(Path jwkSet) {
        return TokenIssuer.fromJwkFile(jwkSet, ISSUER, AUDIENCE);
    }
}
