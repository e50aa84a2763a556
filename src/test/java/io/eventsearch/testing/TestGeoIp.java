package io.eventsearch.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The GeoLite2 City database pinned by the OpenSearch distribution the project fetches (3.6.0), so that expected
 * locations cannot drift: GEOIP_DATABASE when set, else the copy in the distribution.
 */
public final class TestGeoIp {

    private static Path database;

    private TestGeoIp() {
    }

    public static synchronized Path database() {
        if (database == null) {
            String configured = System.getenv("GEOIP_DATABASE");
            database = configured != null && !configured.isBlank() ? Path.of(configured) : fromDistribution();
        }
        return database;
    }

    private static Path fromDistribution() {
        try {
            Process fetch = new ProcessBuilder(
                    TestOpenSearch.projectRoot().resolve("scripts/opensearch").toString(), "fetch")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String home = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (fetch.waitFor() != 0) {
                throw new IllegalStateException("scripts/opensearch fetch failed");
            }
            Path mmdb = Path.of(home.lines().reduce((a, b) -> b).orElseThrow())
                    .resolve("modules/ingest-geoip/GeoLite2-City.mmdb");
            if (!Files.isReadable(mmdb)) {
                throw new IllegalStateException("the OpenSearch distribution has no " + mmdb);
            }
            return mmdb;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
