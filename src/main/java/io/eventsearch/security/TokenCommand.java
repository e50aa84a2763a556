package io.eventsearch.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The program behind scripts/token: prints one development token, and nothing else, on standard output.
 * <pre>scripts/token --tenant acme --scope "releaseDownloadEvent:read events:write" [--subject alice] [--ttl 3600]</pre>
 */
public final class TokenCommand {

    private TokenCommand() {
    }

    public static void main(String[] args) {
        String tenant = null;
        String scope = null;
        String subject = "developer";
        long ttlSeconds = 3600;
        String jwk = System.getenv().getOrDefault("AUTH_JWK_PATH", "");
        String issuer = System.getenv().getOrDefault("AUTH_ISSUER", "event-search-dev");
        String audience = System.getenv().getOrDefault("AUTH_AUDIENCE", "event-search");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                usage(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--tenant" -> tenant = value;
                case "--scope" -> scope = value;
                case "--subject" -> subject = value;
                case "--ttl" -> ttlSeconds = parseTtl(value);
                case "--jwk" -> jwk = value;
                case "--issuer" -> issuer = value;
                case "--audience" -> audience = value;
                default -> usage("unknown option " + flag);
            }
        }
        if (tenant == null || tenant.isBlank()) {
            usage("--tenant is required");
        }
        if (scope == null || scope.isBlank()) {
            usage("--scope is required");
        }
        if (jwk.isBlank() || !Files.isReadable(Path.of(jwk))) {
            usage("no readable JWK set (--jwk or AUTH_JWK_PATH); scripts/token creates the development key");
        }
        TokenIssuer issuerOfTokens = TokenIssuer.fromJwkFile(Path.of(jwk), issuer, audience);
        System.out.println(issuerOfTokens.issue(subject, tenant, scope, Duration.ofSeconds(ttlSeconds)));
    }

    private static long parseTtl(String value) {
        try {
            long ttl = Long.parseLong(value);
            if (ttl > 0) {
                return ttl;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        usage("--ttl must be a positive number of seconds");
        return 0;
    }

    private static void usage(String problem) {
        System.err.println("scripts/token: " + problem);
        System.err.println("usage: scripts/token --tenant TENANT --scope \"SCOPE ...\" [--subject NAME] [--ttl SECONDS]");
        System.err.println("scopes: releaseDownloadEvent:read hubEvent:read auditEvent:read events:read events:write apiKeys:write");
        System.exit(2);
    }
}
