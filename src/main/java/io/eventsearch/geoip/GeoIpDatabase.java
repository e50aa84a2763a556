package io.eventsearch.geoip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;

/**
 * One MaxMind GeoIP2/GeoLite2 City database for the whole process: opened once, memory-mapped, with a node cache,
 * so a lookup costs microseconds.
 */
public final class GeoIpDatabase implements AutoCloseable {

    private final DatabaseReader reader;
    private final Path path;

    private GeoIpDatabase(DatabaseReader reader, Path path) {
        this.reader = reader;
        this.path = path;
    }

    public static GeoIpDatabase open(Path path) {
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("geoip.database " + path + " is not a readable file");
        }
        try {
            return new GeoIpDatabase(new DatabaseReader.Builder(path.toFile()).withCache(new CHMCache()).build(), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the GeoIP database " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    /** The database's type and build, for health and logs. */
    public String description() {
        var metadata = reader.getMetadata();
        return metadata.databaseType() + " built " + metadata.buildTime();
    }

    /** What the database knows of {@code address}; empty for addresses it does not list. */
    public Optional<GeoLocation> locate(InetAddress address) {
        try {
            return reader.tryCity(address).map(GeoIpDatabase::toLocation);
        } catch (IOException | GeoIp2Exception e) {
            return Optional.empty();
        }
    }

    private static GeoLocation toLocation(CityResponse city) {
        return new GeoLocation(
                city.country().isoCode(),
                city.country().name(),
                city.mostSpecificSubdivision().isoCode(),
                city.mostSpecificSubdivision().name(),
                city.city().name(),
                city.postal().code(),
                city.location().timeZone(),
                city.location().latitude(),
                city.location().longitude());
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
