package io.eventsearch.geoip;

import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.Json;
import io.eventsearch.ingest.RejectedEvent;
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

    @AfterAll
    static void close() {
        DATABASE.close();
    }

    private ObjectNode enrich(String json) throws Exception {
        ObjectNode event = (ObjectNode) mapper.readTree(json);
        enricher.enrich(event);
        return (ObjectNode) event.get("location");
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
        ObjectNode event = (ObjectNode) mapper.readTree("{\"location\":{\"ipAddress\":\"81.2.69.142\"}}");
        new LocationEnricher(Optional.empty()).enrich(event);
        assertThat(event.get("location").has("countryCode")).isFalse();
    }
}
