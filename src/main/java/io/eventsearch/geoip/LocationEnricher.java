package io.eventsearch.geoip;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.io.SerializedString;
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

    private static final SerializedString LATITUDE = new SerializedString("latitude");
    private static final SerializedString LONGITUDE = new SerializedString("longitude");
    private static final SerializedString POINT = new SerializedString("point");
    private static final SerializedString LAT = new SerializedString("lat");
    private static final SerializedString LON = new SerializedString("lon");
    /** {@link EncodedLocation#TEXT_FIELDS}, encoded once. */
    private static final SerializedString[] TEXT_FIELDS = Stream.of(EncodedLocation.TEXT_FIELDS)
            .map(SerializedString::new).toArray(SerializedString[]::new);

    /** One event's location: what the producer sent, completed as the object closes. */
    private final class Location implements ObjectEnrichment {

        /** The text fields the producer sent, a bit each in the order of {@link #TEXT_FIELDS}: those are kept. */
        private int sentTexts;
        private InetAddress address;
        private Double latitude;
        private Double longitude;

        @Override
        public JsonNode sent(String name, JsonNode value) throws RejectedEvent {
            switch (name) {
                case "ipAddress" -> {
                    String text = value.asText();
                    address = IpAddresses.parse(text).orElseThrow(() -> new RejectedEvent(
                            "field 'location.ipAddress' must be an IPv4 or IPv6 address, not '" + text + "'"));
                    // Store the canonical form, so that filters on the address match however the producer wrote it.
                    return IpAddresses.isCanonicalIpv4(text) ? value : TextNode.valueOf(IpAddresses.canonical(address));
                }
                case "latitude" -> latitude = value.asDouble();
                case "longitude" -> longitude = value.asDouble();
                default -> {
                    for (int i = 0; i < TEXT_FIELDS.length; i++) {
                        if (TEXT_FIELDS[i].getValue().equals(name)) {
                            sentTexts |= 1 << i;
                        }
                    }
                }
            }
            return value;
        }

        @Override
        public void complete(DocumentWriter location) throws RejectedEvent, IOException {
            EncodedLocation found = address != null && IpAddresses.isPublic(address) && database.isPresent()
                    ? database.get().encoded(address) : null;
            if (found != null) {
                for (int i = 0; i < TEXT_FIELDS.length; i++) {
                    if (found.texts()[i] != null && (sentTexts & 1 << i) == 0) {
                        location.utf8String(TEXT_FIELDS[i], found.texts()[i]);
                    }
                }
                if (latitude == null && longitude == null && found.latitude() != null && found.longitude() != null) {
                    location.numberText(LATITUDE, found.latitude());
                    location.numberText(LONGITUDE, found.longitude());
                    location.beginObject(POINT);
                    location.numberText(LAT, found.latitude());
                    location.numberText(LON, found.longitude());
                    location.endObject();
                    return;
                }
            }
            if (latitude != null && longitude != null) {
                if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
                    throw new RejectedEvent("fields 'location.latitude' and 'location.longitude' must lie within "
                            + "±90 and ±180");
                }
                location.beginObject(POINT);
                location.number(LAT, latitude);
                location.number(LON, longitude);
                location.endObject();
            }
        }
    }
}
