package io.eventsearch.geoip;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.Json;
import io.eventsearch.ingest.EventNormalizer;
import io.eventsearch.ingest.EventTimeWindow;
import io.eventsearch.ingest.IdGenerator;
import io.eventsearch.ingest.RejectedEvent;
import io.eventsearch.stream.StreamCatalog;
import io.eventsearch.stream.StreamDefinition;
import io.eventsearch.testing.TestGeoIp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exact enrichment against the GeoLite2 City database pinned by the OpenSearch 3.6.0 distribution. */
class LocationEnricherTest {

    private static final GeoIpDatabase DATABASE = GeoIpDatabase.open(TestGeoIp.database());
    private final ObjectMapper mapper = Json.mapper();
    private final LocationEnricher enricher = new LocationEnricher(Optional.of(DATABASE));
    private final StreamDefinition releases = StreamCatalog.load(mapper).get(StreamCatalog.RELEASE_DOWNLOADS);

    @AfterAll
    static void close() {
        DATABASE.close();
    }

    /** The stored document of a release download read with {@code enricher}. */
    private ObjectNode document(LocationEnricher enricher, String json) throws Exception {
        EventNormalizer normalizer = new EventNormalizer(new IdGenerator(Clock.systemUTC()), Clock.systemUTC(),
                new EventTimeWindow(Instant.EPOCH, Duration.ofDays(1)), mapper.getFactory(),
                Map.of(StreamCatalog.RELEASE_DOWNLOADS, enricher));
        try (JsonParser in = mapper.createParser(json)) {
            in.nextToken();
            return (ObjectNode) mapper.readTree(normalizer.batch(releases, "t", 0).normalize(in).document());
        }
    }

    private ObjectNode enrich(String json) throws Exception {
        return (ObjectNode) document(enricher, json).get("location");
    }

    @Test
    void locatesAPublicIpv4AddressDownToTheCity() throws Exception {
        ObjectNode location = enrich("{\"location\":{\"ipAddress\":\"81.2.69.142\"}}");
        assertThat(location.get("countryCode").asText()).isEqualTo("GB");
        assertThat(location.get("countryName").asText()).isEqualTo("United Kingdom");
        assertThat(location.get("regionCode").asText()).isEqualTo("OXF");
        assertThat(location.get("regionName").asText()).isEqualTo("Oxfordshire");
        assertThat(location.get("city").asText()).isEqualTo("Abingdon");
        assertThat(location.get("zipCode").asText()).isEqualTo("OX13");
        assertThat(location.get("timeZone").asText()).isEqualTo("Europe/London");
        assertThat(location.get("latitude").asDouble()).isEqualTo(51.7095);
        assertThat(location.get("longitude").asDouble()).isEqualTo(-1.3614);
        assertThat(location.at("/point/lat").asDouble()).isEqualTo(51.7095);
        assertThat(location.at("/point/lon").asDouble()).isEqualTo(-1.3614);
    }

    @Test
    void storesWhatTheDatabaseKnowsOfEveryAddressNamesInAnyScript() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        int located = 0;
        int nonAscii = 0;
        for (int i = 0; i < 4_000; i++) {
            String ip = (1 + random.nextInt(222)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + (1 + random.nextInt(254));
            InetAddress address = InetAddress.getByName(ip);
            ObjectNode location = enrich("{\"location\":{\"ipAddress\":\"" + ip + "\"}}");
            Optional<GeoLocation> known = IpAddresses.isPublic(address) ? DATABASE.locate(address) : Optional.empty();
            GeoLocation stored = new GeoLocation(text(location, "countryCode"), text(location, "countryName"),
                    text(location, "regionCode"), text(location, "regionName"), text(location, "city"),
                    text(location, "zipCode"), text(location, "timeZone"),
                    location.has("latitude") ? location.get("latitude").doubleValue() : null,
                    location.has("longitude") ? location.get("longitude").doubleValue() : null);
            assertThat(stored).as(ip).isEqualTo(known.orElse(new GeoLocation(null, null, null, null, null, null, null,
                    null, null)));
            if (known.isPresent()) {
                located++;
                boolean placed = known.get().latitude() != null && known.get().longitude() != null;
                assertThat(location.has("point") ? location.at("/point/lat").doubleValue() : null).as(ip)
                        .isEqualTo(placed ? known.get().latitude() : null);
                nonAscii += location.toString().chars().anyMatch(c -> c > 127) ? 1 : 0;
            }
        }
        assertThat(located).isGreaterThan(3_000);
        assertThat(nonAscii).as("places named outside ASCII").isGreaterThan(50);
    }

    private static String text(ObjectNode location, String field) {
        return location.has(field) ? location.get(field).textValue() : null;
    }

    @Test
    void locatesAPublicIpv6Address() throws Exception {
        ObjectNode location = enrich("{\"location\":{\"ipAddress\":\"2a00:1450:4001:81e::200e\"}}");
        assertThat(location.get("countryCode").asText()).isEqualTo("DE");
        assertThat(location.get("regionCode").asText()).isEqualTo("HE");
        assertThat(location.get("regionName").asText()).isEqualTo("Hesse");
        assertThat(location.get("city").asText()).isEqualTo("Frankfurt am Main");
        assertThat(location.get("zipCode").asText()).isEqualTo("60313");
        assertThat(location.get("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(location.get("latitude").asDouble()).isEqualTo(50.1188);
        assertThat(location.get("longitude").asDouble()).isEqualTo(8.6843);
    }

    @Test
    void keepsWhatTheProducerSentAndFillsOnlyTheRest() throws Exception {
        ObjectNode location = enrich("{\"location\":{\"ipAddress\":\"81.2.69.142\",\"city\":\"Oxford\","
                + "\"latitude\":51.75,\"longitude\":-1.25}}");
        assertThat(location.get("city").asText()).isEqualTo("Oxford");
        assertThat(location.get("latitude").asDouble()).isEqualTo(51.75);
        assertThat(location.at("/point/lon").asDouble()).isEqualTo(-1.25);
        assertThat(location.get("countryCode").asText()).isEqualTo("GB");
    }

    @Test
    void privateReservedAndUnlistedAddressesGetNoLocation() throws Exception {
        for (String ip : new String[] {"10.0.0.1", "192.168.1.20", "127.0.0.1", "100.64.0.1", "203.0.113.9",
                "fd12:3456::1", "::1", "fe80::1"}) {
            ObjectNode location = enrich("{\"location\":{\"ipAddress\":\"" + ip + "\"}}");
            assertThat(location.has("countryCode")).as(ip).isFalse();
            assertThat(location.has("point")).as(ip).isFalse();
        }
    }

    @Test
    void locatesEachLocationOfAListAndLeavesAnEmptyOneOut() throws Exception {
        ObjectNode event = document(enricher, "{\"location\":[{\"ipAddress\":\"81.2.69.142\"},{\"latitude\":1,"
                + "\"longitude\":2}]}");
        assertThat(event.at("/location/0/city").asText()).isEqualTo("Abingdon");
        assertThat(event.at("/location/1/point")).isEqualTo(mapper.readTree("{\"lat\":1.0,\"lon\":2.0}"));
        assertThat(document(enricher, "{\"location\":{\"city\":null}}").has("location")).isFalse();
    }

    @Test
    void refusesCoordinatesOffTheGlobe() {
        assertThatThrownBy(() -> enrich("{\"location\":{\"latitude\":91,\"longitude\":0}}"))
                .isInstanceOf(RejectedEvent.class).hasMessageContaining("within ±90 and ±180");
    }

    @Test
    void aMalformedAddressRejectsTheEvent() {
        for (String bad : new String[] {"999.1.1.1", "example.com", "1.2.3", "12:zz::1", ""}) {
            assertThatThrownBy(() -> enrich("{\"location\":{\"ipAddress\":\"" + bad + "\"}}"))
                    .as(bad)
                    .isInstanceOf(RejectedEvent.class)
                    .hasMessageContaining("location.ipAddress");
        }
    }

    @Test
    void storesTheCanonicalFormOfAnAddress() throws Exception {
        ObjectNode location = enrich("{\"location\":{\"ipAddress\":\"2A00:1450:4001:081E:0:0:0:200E\"}}");
        assertThat(location.get("ipAddress").asText()).isEqualTo("2a00:1450:4001:81e::200e");
    }

    @Test
    void canonicalIpv6TextFollowsRfc5952() {
        assertThat(canonical("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(canonical("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(canonical("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
        assertThat(canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
    }

    private static String canonical(String text) {
        return IpAddresses.canonical(IpAddresses.parse(text).orElseThrow());
    }

    @Test
    void withoutADatabaseEventsAreStoredWithoutLocation() throws Exception {
        ObjectNode event = document(new LocationEnricher(Optional.empty()), "{\"location\":{\"ipAddress\":\"81.2.69.142\"}}");
        assertThat(event.get("location")).isEqualTo(mapper.readTree("{\"ipAddress\":\"81.2.69.142\"}"));
    }
}
