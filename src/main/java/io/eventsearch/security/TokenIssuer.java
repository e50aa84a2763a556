package io.eventsearch.security;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.helidon.common.configurable.Resource;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.Jwk;
import io.helidon.security.jwt.jwk.JwkKeys;

/**
 * Signs tokens with the first key of a JWK set: the development key of scripts/token, and the tests' keys.
 * Production tokens come from the users' own identity provider.
 */
public final class TokenIssuer {

    private final Jwk key;
    private final String issuer;
    private final String audience;

    public TokenIssuer(Jwk key, String issuer, String audience) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
    }

    public static TokenIssuer fromJwkFile(Path jwkSet, String issuer, String audience) {
        JwkKeys keys = JwkKeys.builder().resource(Resource.create(jwkSet)).build();
        Jwk key = keys.keys().stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no key in " + jwkSet));
        return new TokenIssuer(key, issuer, audience);
    }

    /** The id of the signing key ({@code kid}). */
    public String keyId() {
        return key.keyId();
    }

    /** A token for {@code subject} in {@code tenant} with the space-separated {@code scopes}, valid for {@code ttl}. */
    public String issue(String subject, String tenant, String scopes, Duration ttl) {
        Instant now = Instant.now();
        return issue(subject, tenant, scopes, now, now.plus(ttl));
    }

    public String issue(String subject, String tenant, String scopes, Instant issuedAt, Instant expiresAt) {
        List<String> scopeList = Arrays.stream(scopes.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        Jwt.Builder jwt = Jwt.builder()
                .keyId(key.keyId())
                .algorithm(key.algorithm())
                .subject(subject)
                .issuer(issuer)
                .addAudience(audience)
                .issueTime(issuedAt)
                .notBefore(issuedAt.minusSeconds(5))
                .expirationTime(expiresAt)
                .scopes(scopeList);
        if (tenant != null) {
            jwt.addPayloadClaim(BearerTokenAuthenticator.TENANT_CLAIM, tenant);
        }
        return SignedJwt.sign(jwt.build(), key).tokenContent();
    }
}
