package io.eventsearch.geoip;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.eventsearch.ingest.DocumentWriter;
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
    public String path() {
        return "location";
    }

    @Override
    public ObjectEnrichment begin() {
        return new Location();
    }

    /** One event's location: what the producer sent, completed as the object closes. */
    private final class Location implements ObjectEnrichment {

        private final Set<String> sent = new HashSet<>(8);
        private InetAddress address;
        private Double latitude;
        private Double longitude;

        @Override
        public JsonNode sent(String name, JsonNode value) throws RejectedEvent {
            sent.add(name);
            switch (name) {
                case "ipAddress" -> {
                    address = IpAddresses.parse(value.asText()).orElseThrow(() -> new RejectedEvent(
                            "field 'location.ipAddress' must be an IPv4 or IPv6 address, not '" + value.asText() + "'"));
                    // Store the canonical form, so that filters on the address match however the producer wrote it.
                    return TextNode.valueOf(IpAddresses.canonical(address));
                }
                case "latitude" -> latitude = value.asDouble();
                case "longitude" -> longitude = value.asDouble();
                default -> { }
            }
            return value;
        }

        @Override
        public void complete(DocumentWriter location) throws RejectedEvent, IOException {
            if (address != null && IpAddresses.isPublic(address)) {
                Optional<GeoLocation> found = database.flatMap(db -> db.locate(address));
                if (found.isPresent()) {
                    fill(location, found.get());
                }
            }
            if (latitude != null && longitude != null) {
                if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
                    throw new RejectedEvent("fields 'location.latitude' and 'location.longitude' must lie within "
                            + "±90 and ±180");
                }
                location.beginObject("point");
                location.number("lat", latitude);
                location.number("lon", longitude);
                location.endObject();
            }
        }

        private void fill(DocumentWriter location, GeoLocation found) throws IOException {
            writeIfNotSent(location, "countryCode", found.countryCode());
            writeIfNotSent(location, "countryName", found.countryName());
            writeIfNotSent(location, "regionCode", found.regionCode());
            writeIfNotSent(location, "regionName", found.regionName());
            writeIfNotSent(location, "city", found.city());
            writeIfNotSent(location, "zipCode", found.zipCode());
            writeIfNotSent(location, "timeZone", found.timeZone());
            if (latitude == null && longitude == null && found.latitude() != null && found.longitude() != null) {
                latitude = found.latitude();
                longitude = found.longitude();
                location.number("latitude", latitude);
                location.number("longitude", longitude);
            }
        }

        private void writeIfNotSent(DocumentWriter location, String field, String value) throws IOException {
            if (value != null && !sent.contains(field)) {
                location.string(field, value);
            }
        }
    }
}
