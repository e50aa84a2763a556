package io.eventsearch.geoip;

import java.nio.charset.StandardCharsets;

/**
 * A location as documents store it, encoded once per database record: most downloads come from places seen before,
 * so their names are not encoded again, nor their coordinates turned into text, for every event. Kept as UTF-8 and
 * JSON number text only (no strings beside them): a cached place takes about 430 bytes.
 *
 * @param texts     the UTF-8 values of the {@link #TEXT_FIELDS}, in their order; null where unknown
 * @param latitude  the latitude as JSON number text, or null when unknown
 * @param longitude the longitude as JSON number text, or null when unknown
 */
public record EncodedLocation(byte[][] texts, String latitude, String longitude) {

    /** The text fields of a stored location the database fills, in the order of {@link #texts()}. */
    static final String[] TEXT_FIELDS = {"countryCode", "countryName", "regionCode", "regionName", "city", "zipCode",
            "timeZone"};

    static EncodedLocation of(GeoLocation location) {
        String[] values = {location.countryCode(), location.countryName(), location.regionCode(), // as TEXT_FIELDS
                location.regionName(), location.city(), location.zipCode(), location.timeZone()};
        byte[][] texts = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            texts[i] = values[i] == null ? null : values[i].getBytes(StandardCharsets.UTF_8);
        }
        return new EncodedLocation(texts, location.latitude() == null ? null : Double.toString(location.latitude()),
                location.longitude() == null ? null : Double.toString(location.longitude()));
    }

    /** The location again, as the database gave it. */
    public GeoLocation location() {
        return new GeoLocation(text(0), text(1), text(2), text(3), text(4), text(5), text(6),
                latitude == null ? null : Double.parseDouble(latitude),
                longitude == null ? null : Double.parseDouble(longitude));
    }

    private String text(int i) {
        return texts[i] == null ? null : new String(texts[i], StandardCharsets.UTF_8);
    }
}
