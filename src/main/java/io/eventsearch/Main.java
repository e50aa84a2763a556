package io.eventsearch;

import java.time.Clock;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.api.ApiService;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.UnhandledErrors;
import io.eventsearch.api.releases.ReleaseDownloadEventsService;
import io.eventsearch.geoip.GeoIpDatabase;
import io.eventsearch.geoip.LocationEnricher;
import io.eventsearch.query.QueryTranslator;
import io.eventsearch.store.EventSearch;
import io.eventsearch.ingest.EventBatchParser;
import io.eventsearch.ingest.EventEnricher;
import io.eventsearch.ingest.EventValidator;
import io.eventsearch.ingest.IdGenerator;
import io.eventsearch.ingest.IngestPipeline;
import io.eventsearch.ingest.IngestService;
import io.eventsearch.security.AuthSettings;
import io.eventsearch.security.CallerResolver;
import io.eventsearch.store.BulkWriter;
import io.eventsearch.store.OpenSearchClients;
import io.eventsearch.store.OpenSearchSettings;
import io.eventsearch.store.StoreReadiness;
import io.eventsearch.store.TemplateBootstrap;
import io.eventsearch.store.WriteMetrics;
import io.eventsearch.stream.StreamCatalog;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.security.Security;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.security.SecurityFeature;
import org.opensearch.client.opensearch.OpenSearchClient;

/** Wiring only: configuration, the OpenSearch client, the services, the routes. */
public final class Main {

    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Running running = start(Config.create());
        LOG.log(System.Logger.Level.INFO, "event search service listening on http://localhost:{0,number,#}",
                running.server().port());
    }

    /** The started server, the APIs it serves, and what to close when it stops. */
    public record Running(WebServer server, List<ApiService> apis, List<AutoCloseable> resources) {

        /** Stops the server and releases the OpenSearch connections and the GeoIP database. */
        public void stop() {
            server.stop();
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "closing {0} failed: {1}", resource, e.toString());
                }
            }
        }
    }

    /** Builds and starts the service from {@code config}; tests start it the same way. */
    public static Running start(Config config) {
        ObjectMapper mapper = Json.mapper();
        Clock clock = Clock.systemUTC();
        StreamCatalog streams = StreamCatalog.load(mapper);

        OpenSearchSettings openSearch = OpenSearchSettings.from(config.get("opensearch"));
        OpenSearchClient client = OpenSearchClients.create(openSearch, mapper);
        StoreReadiness store = new StoreReadiness(client, new TemplateBootstrap(client, mapper), streams.all());
        if (!store.ensureTemplates()) {
            LOG.log(System.Logger.Level.WARNING, "OpenSearch at {0} is not reachable; the service starts anyway and "
                    + "reports not-ready until it is", openSearch.url());
        }

        Optional<GeoIpDatabase> geoIp = openGeoIp(config.get("geoip"));
        WriteMetrics metrics = new WriteMetrics();
        JsonResponses json = new JsonResponses(mapper);
        AuthSettings auth = AuthSettings.from(config.get("auth"));
        CallerResolver callers = new CallerResolver(auth.issuer());
        Config ingestConfig = config.get("ingest");
        IngestPipeline pipeline = new IngestPipeline(
                new EventValidator(new IdGenerator(clock), clock),
                Map.<String, EventEnricher>of("release-downloads", new LocationEnricher(geoIp)),
                new BulkWriter(client, openSearch, metrics),
                metrics);
        IngestService ingest = new IngestService(streams, pipeline,
                new EventBatchParser(mapper, ingestConfig.get("limit.events").asInt().orElse(1000)),
                callers, json, store, ingestConfig.get("limit.bytes").asLong().orElse(10L * 1024 * 1024));

        EventSearch search = new EventSearch(client, new QueryTranslator(),
                config.get("query.total.bound").asInt().orElse(100_000));
        List<ApiService> apis = List.of(ingest,
                new ReleaseDownloadEventsService(streams.get("release-downloads"), search, callers, json));
        Security security = auth.security();
        WebServer server = WebServer.builder()
                .config(config.get("server"))
                // Filters are written field[op]=value and many clients send the brackets unencoded, which RFC 3986
                // does not allow in a query: Helidon's strict check would answer them 400 with an empty body.
                .addProtocol(Http1Config.builder().validatePrologue(false).build())
                .addFeature(SecurityFeature.builder().security(security).build())
                .addFeature(ServiceHealth.observeFeature(store, openSearch.url().toString(), geoIp))
                .addFeature(OpenApiFeature.builder().staticFile("META-INF/openapi.yaml").build())
                .routing(routing -> routing(routing, apis, json))
                .build()
                .start();
        List<AutoCloseable> resources = new java.util.ArrayList<>();
        resources.add(client._transport());
        geoIp.ifPresent(resources::add);
        return new Running(server, apis, List.copyOf(resources));
    }

    private static Optional<GeoIpDatabase> openGeoIp(Config geoip) {
        Optional<String> path = geoip.get("database").asString().filter(p -> !p.isBlank());
        if (path.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "no GeoIP database configured (geoip.database / GEOIP_DATABASE): "
                    + "release download events are stored without location details");
            return Optional.empty();
        }
        GeoIpDatabase database = GeoIpDatabase.open(Path.of(path.get()));
        LOG.log(System.Logger.Level.INFO, "GeoIP database {0}: {1}", database.path(), database.description());
        return Optional.of(database);
    }

    static void routing(HttpRouting.Builder routing, List<ApiService> apis, JsonResponses json) {
        // Authentication is optional at this layer so that each API can answer a missing or bad token in its own
        // error shape; every handler then demands its scope through CallerResolver.
        routing.any(SecurityFeature.authenticate().authenticationOptional());
        apis.forEach(api -> routing.register(api.mount(), api));
        routing.error(RuntimeException.class, new UnhandledErrors(apis, json));
    }
}
