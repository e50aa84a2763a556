package io.eventsearch.api.explorer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.eventsearch.api.ApiException;
import io.eventsearch.security.AuthSettings;
import io.eventsearch.security.Scope;
import io.eventsearch.security.TokenIssuer;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Development tokens for the explorer's sign-in button: read-only tokens for any tenant, signed with the development
 * key that scripts/run creates. Served only when the service is started with {@code ui.dev.token} set (scripts/run
 * does so when it uses its own key), the key is that development key ({@code kid} event-search-dev, never an
 * identity provider's), and the request comes from this machine: a loopback peer, a loopback {@code Host} (so a
 * page of another site whose name resolves to 127.0.0.1 cannot ask) and, when the browser names one, a loopback
 * {@code Origin}.
 */
final class DevTokens {

    static final String DEV_KEY_ID = "event-search-dev";
    static final Duration TTL = Duration.ofHours(8);
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final System.Logger LOG = System.getLogger(DevTokens.class.getName());

    private final TokenIssuer issuer;

    DevTokens(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    /** The development tokens, when {@code enabled} and the service verifies tokens with the development key. */
    static Optional<DevTokens> of(boolean enabled, AuthSettings auth) {
        if (!enabled) {
            return Optional.empty();
        }
        if (auth.jwkPath().isBlank()) {
            LOG.log(System.Logger.Level.WARNING, "ui.dev.token is set but tokens are not verified with a key file: "
                    + "the explorer offers no development token");
            return Optional.empty();
        }
        TokenIssuer issuer = TokenIssuer.fromJwkFile(Path.of(auth.jwkPath()), auth.issuer(), auth.audience());
        if (!DEV_KEY_ID.equals(issuer.keyId())) {
            LOG.log(System.Logger.Level.WARNING, "ui.dev.token is set but the key is not the development key "
                    + "(kid {0}): the explorer offers no development token", DEV_KEY_ID);
            return Optional.empty();
        }
        return Optional.of(new DevTokens(issuer));
    }

    /** Whether {@code req} came from this machine, to this machine's name. */
    static boolean local(ServerRequest req) {
        SocketAddress peer = req.remotePeer().address();
        if (!(peer instanceof InetSocketAddress address) || address.getAddress() == null
                || !address.getAddress().isLoopbackAddress()) {
            return false;
        }
        Optional<String> host = req.headers().first(HeaderNames.HOST).map(DevTokens::hostOf);
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN).map(DevTokens::originHost);
        return host.filter(DevTokens::loopbackName).isPresent()
                && origin.map(DevTokens::loopbackName).orElse(true);
    }

    /** A read-only token for {@code tenant}. */
    Map<String, Object> issue(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw ApiException.badParameter("tenant", "must be 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        Instant now = Instant.now();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", issuer.issue("explorer-developer", tenant, Scope.EVENTS_READ, now, now.plus(TTL)));
        answer.put("tenant", tenant);
        answer.put("scope", Scope.EVENTS_READ);
        answer.put("expiresAt", now.plus(TTL).toString());
        return answer;
    }

    private static String hostOf(String authority) {
        String host = authority.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? "" : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String originHost(String origin) {
        try {
            String host = URI.create(origin.strip()).getHost();
            return host == null ? "" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAUri) {
            return "";
        }
    }

    private static boolean loopbackName(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        // Only literal addresses: a name is never looked up here.
        boolean literal = host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.matches("\\[[0-9a-f:.]+]");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
