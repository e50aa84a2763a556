package io.eventsearch.geoip;

/** What a GeoIP database knows of one address; any part may be null. */
public record GeoLocation(String countryCode, String countryName, String regionCode, String regionName, String city,
                          String zipCode, String timeZone, Double latitude, Double longitude) {
}
