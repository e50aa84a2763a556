package io.eventsearch.geoip;

import java.net.InetAddress;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventsearch.ingest.EventEnricher;
import io.eventsearch.ingest.RejectedEvent;

/**
 * Completes {@code location} of a release download from {@code location.ipAddress}: country, region, city, postal
 * code, time zone and coordinates, plus the {@code location.point} that maps in OpenSearch Dashboards use. Details
 * the producer sent are kept. Private, reserved and unlisted addresses are stored without a location; a value that
 * is no IP address rejects the event.
 */
public final class LocationEnricher implements EventEnricher {

    private final Optional<GeoIpDatabase> database;

    public LocationEnricher(Optional<GeoIpDatabase> database) {
        this.database = database;
    }

    @Override
    public void enrich(ObjectNode event) throws RejectedEvent {
        if (!(event.get("location") instanceof ObjectNode location)) {
            return;
        }
        JsonNode ip = location.get("ipAddress");
        if (ip != null) {
            InetAddress address = IpAddresses.parse(ip.asText()).orElseThrow(() -> new RejectedEvent(
                    "field 'location.ipAddress' must be an IPv4 or IPv6 address, not '" + ip.asText() + "'"));
            // Store the canonical form, so that filters on the address match however the producer wrote it.
            location.put("ipAddress", IpAddresses.canonical(address));
            if (IpAddresses.isPublic(address)) {
                database.flatMap(db -> db.locate(address)).ifPresent(found -> fill(location, found));
            }
        }
        JsonNode lat = location.get("latitude");
        JsonNode lon = location.get("longitude");
        if (lat != null && lon != null) {
            if (Math.abs(lat.asDouble()) > 90 || Math.abs(lon.asDouble()) > 180) {
                throw new RejectedEvent("fields 'location.latitude' and 'location.longitude' must lie within "
                        + "±90 and ±180");
            }
            ObjectNode point = location.putObject("point");
            point.put("lat", lat.asDouble());
            point.put("lon", lon.asDouble());
        }
    }

    private static void fill(ObjectNode location, GeoLocation found) {
        putIfAbsent(location, "countryCode", found.countryCode());
        putIfAbsent(location, "countryName", found.countryName());
        putIfAbsent(location, "regionCode", found.regionCode());
        putIfAbsent(location, "regionName", found.regionName());
        putIfAbsent(location, "city", found.city());
        putIfAbsent(location, "zipCode", found.zipCode());
        putIfAbsent(location, "timeZone", found.timeZone());
        if (!location.has("latitude") && !location.has("longitude") && found.latitude() != null
                && found.longitude() != null) {
            location.put("latitude", found.latitude());
            location.put("longitude", found.longitude());
        }
    }

    private static void putIfAbsent(ObjectNode location, String field, String value) {
        if (value != null && !location.has(field)) {
            location.put(field, value);
        }
    }
}
