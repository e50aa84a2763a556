package io.eventsearch;

import java.util.Optional;

import io.eventsearch.geoip.GeoIpDatabase;
import io.eventsearch.store.StoreReadiness;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/** /observe/health (ready only when OpenSearch answers and holds the templates; which GeoIP database) and metrics. */
final class ServiceHealth {

    private ServiceHealth() {
    }

    static ObserveFeature observeFeature(StoreReadiness store, String openSearchUrl, Optional<GeoIpDatabase> geoIp) {
        String geoIpState = geoIp.map(db -> db.path() + " (" + db.description() + ")")
                .orElse("none configured: release downloads are stored without location");
        return ObserveFeature.builder()
                .addObserver(HealthObserver.builder()
                        .details(true)
                        .addCheck(() -> HealthCheckResponse.builder()
                                .status(store.reachable() && store.ensureTemplates())
                                .detail("opensearch", openSearchUrl)
                                .build(), HealthCheckType.READINESS, "opensearch")
                        .addCheck(() -> HealthCheckResponse.builder()
                                .status(true)
                                .detail("database", geoIpState)
                                .build(), HealthCheckType.READINESS, "geoip")
                        .build())
                .addObserver(MetricsObserver.create())
                .build();
    }
}
