package io.eventsearch.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.eventsearch.testing.TestKeys;
import io.eventsearch.testing.TestService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Production set-up: the key set comes from the identity provider's JWKS URL instead of a file. */
class JwksUrlIntegrationTest {

    private HttpServer jwks;
    private TestService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (jwks != null) {
            jwks.stop(0);
        }
    }

    @Test
    void verifiesTokensAgainstAKeySetServedOverHttp() throws IOException {
        Path keySet = TestKeys.newJwkSet("idp-key");
        byte[] body = Files.readAllBytes(keySet);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
        String url = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json";

        service = TestService.start(Map.of("auth.jwk.path", "", "auth.jwks.url", url), keySet);
        String tenant = TestService.newTenant();
        TestService.Reply ok = service.get("/v3/release-download-events",
                service.token(tenant, "releaseDownloadEvent:read"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);

        String stranger = TestKeys.issuer(TestKeys.newJwkSet("idp-key"))
                .issue("x", tenant, "releaseDownloadEvent:read", java.time.Duration.ofMinutes(5));
        assertThat(service.get("/v3/release-download-events", stranger).status()).isEqualTo(401);
    }
}
