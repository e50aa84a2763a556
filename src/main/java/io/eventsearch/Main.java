package io.eventsearch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventsearch.api.ApiRouting;
import io.eventsearch.api.ApiService;
import io.eventsearch.api.DeepPageBound;
import io.eventsearch.api.ErrorShapes;
import io.eventsearch.api.RequestLog;
import io.eventsearch.api.audit.AuditEventsService;
import io.eventsearch.api.explorer.ExplorerPage;
import io.eventsearch.api.admin.ApiKeysService;
import io.eventsearch.api.hub.HubEventsService;
import io.eventsearch.api.search.EventsSearchService;
import io.eventsearch.api.usage.UsageEventsService;
import io.eventsearch.api.usage.UsageSettings;
import io.eventsearch.api.JsonDirectHandler;
import io.eventsearch.api.UnclaimedConnections;
import io.eventsearch.api.JsonResponses;
import io.eventsearch.api.ingest.IngestService;
import io.eventsearch.api.releases.ReleaseDownloadEventsService;
import io.eventsearch.geoip.GeoIpDatabase;
import io.eventsearch.geoip.LocationEnricher;
import io.eventsearch.ingest.EventBatchParser;
import io.eventsearch.ingest.EventEnricher;
import io.eventsearch.ingest.EventNormalizer;
import io.eventsearch.ingest.IdGenerator;
import io.eventsearch.ingest.IngestPipeline;
import io.eventsearch.ingest.IngestSettings;
import io.eventsearch.security.ApiKeyAuthenticator;
import io.eventsearch.security.AuthSettings;
import io.eventsearch.security.Authenticator;
import io.eventsearch.security.BearerTokenAuthenticator;
import io.eventsearch.store.ApiKeyIndex;
import io.eventsearch.store.BulkWriter;
import io.eventsearch.store.EventStore;
import io.eventsearch.store.OpenSearchClients;
import io.eventsearch.store.OpenSearchEventStore;
import io.eventsearch.store.OpenSearchSettings;
import io.eventsearch.store.QuerySettings;
import io.eventsearch.store.QueryTranslator;
import io.eventsearch.store.RetentionSettings;
import io.eventsearch.store.RetentionSweeper;
import io.eventsearch.store.StoreReadiness;
import io.eventsearch.store.TemplateBootstrap;
import io.eventsearch.store.WriteMetrics;
import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import io.helidon.config.Config;
import io.helidon.http.DirectHandler;
import io.helidon.logging.common.LogConfig;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
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

        /** Stops the server, writes the access-log lines that wait, releases the OpenSearch connections and GeoIP. */
        public void stop() {
            server.stop();
            RequestLog.drain();
            close(resources);
        }
    }

    /**
     * Every part of the service but the server: the APIs, the security they rely on, and what to close at the end.
     * Nothing here talks to OpenSearch yet, so routing tests build the same wiring with no cluster behind it.
     */
    record Wiring(List<ApiService> apis, ExplorerPage explorer, ErrorShapes shapes, JsonResponses json,
                  StoreReadiness store, OpenSearchSettings openSearch, Optional<GeoIpDatabase> geoIp,
                  RetentionSweeper retention, Duration sweepInterval, List<AutoCloseable> resources) {
    }

    /** Builds and starts the service from {@code config}; tests start it the same way. */
    public static Running start(Config config) {
        Wiring wiring = wire(config);
        if (!wiring.store().ensureTemplates()) {
            LOG.log(System.Logger.Level.WARNING, "OpenSearch at {0} is not reachable; the service starts anyway and "
                    + "reports not-ready until it is", wiring.openSearch().describeUrls());
        }
        WebServer server = WebServer.builder()
                .config(config.get("server"))
                // Filters are written field[op]=value and many clients send the brackets unencoded, which RFC 3986
                // does not allow in a query: Helidon's strict check would answer them 400 with an empty body.
                // A request line of 8 KiB (Helidon's default is 4): a cursor and the query it belongs to travel in it.
                .addProtocol(Http1Config.builder().validatePrologue(false).maxPrologueLength(8 * 1024).build())
                // What Helidon refuses by itself gets a JSON body too, and what no protocol claims an answer at all.
                .directHandlers(handlers -> {
                    JsonDirectHandler handler = new JsonDirectHandler(wiring.shapes(), wiring.json());
                    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                        handlers.addHandler(type, handler);
                    }
                })
                .addConnectionSelector(new UnclaimedConnections(wiring.shapes(), wiring.json()))
                .addFeature(ServiceHealth.observeFeature(wiring.store(), wiring.openSearch().describeUrls(),
                        wiring.geoIp()))
                .addFeature(OpenApiFeature.builder().staticFile("META-INF/openapi.yaml").build())
                .routing(routing -> routing(routing, wiring))
                .build()
                .start();
        wiring.retention().start(wiring.sweepInterval());
        return new Running(server, wiring.apis(), wiring.resources());
    }

    static Wiring wire(Config config) {
        ObjectMapper mapper = Json.mapper();
        Clock clock = Clock.systemUTC();
        StreamCatalog streams = StreamCatalog.load(mapper);
        JsonResponses json = new JsonResponses(mapper);

        OpenSearchSettings openSearch = OpenSearchSettings.from(config.get("opensearch"));
        OpenSearchClient client = OpenSearchClients.create(openSearch, mapper);
        StoreReadiness store = new StoreReadiness(client, new TemplateBootstrap(client, mapper), streams.all());
        OpenSearchEventStore events = new OpenSearchEventStore(client, openSearch, mapper, new QueryTranslator(),
                QuerySettings.from(config.get("query")));
        Optional<GeoIpDatabase> geoIp = openGeoIp(config.get("geoip"));
        WriteMetrics metrics = new WriteMetrics();
        IngestSettings ingest = IngestSettings.from(config.get("ingest"));
        // One connection to each node for every batch that may be stored at once.
        BulkWriter bulk = new BulkWriter(client, mapper, openSearch, metrics, ingest.maxConcurrentBatches());
        IngestPipeline pipeline = new IngestPipeline(
                new EventBatchParser(mapper, ingest.maxEvents()),
                new EventNormalizer(new IdGenerator(clock), clock, ingest.timeWindow(), mapper.getFactory(),
                        Map.<String, EventEnricher>of(StreamCatalog.RELEASE_DOWNLOADS, new LocationEnricher(geoIp))),
                bulk, metrics, clock, ingest.bulkEvents());

        AuthSettings auth = AuthSettings.from(config.get("auth"));
        Authenticator bearer = BearerTokenAuthenticator.create(auth, clock);
        ApiKeyIndex apiKeys = new ApiKeyIndex(client);
        StreamDefinition usage = streams.get(StreamCatalog.API_USAGE);
        EventStore listings = new DeepPageBound(events, config.get("query.deep.pages.per.tenant").asInt().get());
        List<ApiService> apis = List.of(
                new IngestService(streams, pipeline, ingest, bearer, json, store).api(),
                ReleaseDownloadEventsService.create(streams.get(StreamCatalog.RELEASE_DOWNLOADS), listings, bearer, json),
                AuditEventsService.create(streams.get(StreamCatalog.AUDIT), listings, bearer, json),
                HubEventsService.create(streams.get(StreamCatalog.HUB), listings, bearer, json),
                UsageEventsService.create(usage, listings, new ApiKeyAuthenticator(apiKeys, auth.apiKeyCache(), clock),
                        json, clock, UsageSettings.from(config.get("usage"))),
                new ApiKeysService(apiKeys, pipeline, usage, bearer, json, clock).api(),
                EventsSearchService.create(streams, events, bearer, json, clock, config.get("tail"),
                        config.get("query.exports.per.tenant").asInt().get()));
        RetentionSettings retention = RetentionSettings.from(config.get("retention"), streams);
        RetentionSweeper sweeper = new RetentionSweeper(client, retention.byStream(), clock);

        List<AutoCloseable> resources = new ArrayList<>();
        resources.add(sweeper);
        resources.add(bulk);
        resources.add(events);
        resources.add(client._transport());
        geoIp.ifPresent(resources::add);
        ExplorerPage explorer = ExplorerPage.create(config.get("ui"), auth, json);
        return new Wiring(apis, explorer, new ErrorShapes(apis), json, store, openSearch, geoIp, sweeper,
                retention.sweep(), List.copyOf(resources));
    }

    /** The service's routes: every API, the explorer page, and the answers for what no API serves. */
    static void routing(HttpRouting.Builder routing, Wiring wiring) {
        ApiRouting apis = new ApiRouting(wiring.apis(), wiring.shapes(), wiring.json());
        apis.readOnly(routing, List.of("/openapi", "/observe", "/observe/*"));
        apis.register(routing);
        wiring.explorer().register(routing);
    }

    private static Optional<GeoIpDatabase> openGeoIp(Config geoip) {
        String path = geoip.get("database").asString().get();
        if (path.isBlank()) {
            LOG.log(System.Logger.Level.WARNING, "no GeoIP database configured (geoip.database / GEOIP_DATABASE): "
                    + "release download events are stored without location details");
            return Optional.empty();
        }
        GeoIpDatabase database = GeoIpDatabase.open(Path.of(path));
        LOG.log(System.Logger.Level.INFO, "GeoIP database {0}: {1}", database.path(), database.description());
        return Optional.of(database);
    }

    static void close(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing {0} failed: {1}", resource, e.toString());
            }
        }
    }
}
