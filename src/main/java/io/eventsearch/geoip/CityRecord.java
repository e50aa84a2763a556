package io.eventsearch.geoip;

import java.util.List;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;

/**
 * The parts of a GeoIP2/GeoLite2 City record the service stores, decoded straight from the database. Naming only
 * these (and only English names) lets the decoder skip the rest of each record, and, unlike the library's
 * {@code CityResponse}, which carries the looked-up address, a record is the same for every address of its network,
 * so the reader's cache can hand out the decoded record again. Public because the library builds it by reflection.
 */
public record CityRecord(Place country, List<Place> subdivisions, Place city, Postal postal, Location location) {

    @MaxMindDbConstructor
    public CityRecord(@MaxMindDbParameter(name = "country") Place country,
               @MaxMindDbParameter(name = "subdivisions") List<Place> subdivisions,
               @MaxMindDbParameter(name = "city") Place city,
               @MaxMindDbParameter(name = "postal") Postal postal,
               @MaxMindDbParameter(name = "location") Location location) {
        this.country = country;
        this.subdivisions = subdivisions;
        this.city = city;
        this.postal = postal;
        this.location = location;
    }

    /** A country, subdivision or city: its ISO code (none for cities) and its English name. */
    public record Place(String isoCode, Names names) {
        @MaxMindDbConstructor
        public Place(@MaxMindDbParameter(name = "iso_code") String isoCode,
              @MaxMindDbParameter(name = "names") Names names) {
            this.isoCode = isoCode;
            this.names = names;
        }

        String name() {
            return names == null ? null : names.english();
        }
    }

    public record Names(String english) {
        @MaxMindDbConstructor
        public Names(@MaxMindDbParameter(name = "en") String english) {
            this.english = english;
        }
    }

    public record Postal(String code) {
        @MaxMindDbConstructor
        public Postal(@MaxMindDbParameter(name = "code") String code) {
            this.code = code;
        }
    }

    public record Location(Double latitude, Double longitude, String timeZone) {
        @MaxMindDbConstructor
        public Location(@MaxMindDbParameter(name = "latitude") Double latitude,
                 @MaxMindDbParameter(name = "longitude") Double longitude,
                 @MaxMindDbParameter(name = "time_zone") String timeZone) {
            this.latitude = latitude;
            this.longitude = longitude;
            this.timeZone = timeZone;
        }
    }

    /** The flat location the service stores; parts the database does not know are null. */
    GeoLocation toLocation() {
        Place region = subdivisions == null || subdivisions.isEmpty() ? null : subdivisions.getLast();
        return new GeoLocation(
                country == null ? null : country.isoCode(),
                country == null ? null : country.name(),
                region == null ? null : region.isoCode(),
                region == null ? null : region.name(),
                city == null ? null : city.name(),
                postal == null ? null : postal.code(),
                location == null ? null : location.timeZone(),
                location == null ? null : location.latitude(),
                location == null ? null : location.longitude());
    }
}
