package io.eventsearch.security;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.security.Security;
import io.helidon.security.providers.jwt.JwtProvider;

/**
 * How bearer tokens are verified (config section {@code auth}; defaults in application.yaml): a JWK set from a file ({@code auth.jwk.path}) or a URL
 * ({@code auth.jwks.url}), and the issuer and audience every token must name; how long an API key lookup is trusted.
 */
public record AuthSettings(String jwkPath, String jwksUrl, String issuer, String audience, Duration apiKeyCache) {

    public static AuthSettings from(Config auth) {
        return new AuthSettings(
                auth.get("jwk.path").asString().get(),
                auth.get("jwks.url").asString().get(),
                auth.get("issuer").asString().get(),
                auth.get("audience").asString().get(),
                Duration.parse(auth.get("apikey.cache").asString().get()));
    }

    /** Helidon security with the JWT provider configured from these settings. */
    public Security security() {
        if (jwkPath.isBlank() && jwksUrl.isBlank()) {
            throw new IllegalStateException("no token key set configured: set auth.jwk.path (AUTH_JWK_PATH) "
                    + "or auth.jwks.url (AUTH_JWKS_URL); scripts/run creates a development key");
        }
        // Helidon 4.3's validator fails with a NullPointerException (HTTP 500) on every token when no audience is set.
        if (audience.isBlank() || issuer.isBlank()) {
            throw new IllegalStateException("auth.issuer and auth.audience must both be set");
        }
        Map<String, String> provider = new HashMap<>();
        provider.put("optional", "false");
        provider.put("propagate", "false");
        provider.put("atn-token.verify-signature", "true");
        provider.put("atn-token.jwt-issuer", issuer);
        provider.put("atn-token.jwt-audience", audience);
        if (!jwkPath.isBlank()) {
            provider.put("atn-token.jwk.resource.path", jwkPath);
        } else {
            provider.put("atn-token.jwk.resource.uri", jwksUrl);
        }
        Config providerConfig = Config.just(ConfigSources.create(provider));
        return Security.builder()
                .addAuthenticationProvider(JwtProvider.create(providerConfig))
                .build();
    }
}
