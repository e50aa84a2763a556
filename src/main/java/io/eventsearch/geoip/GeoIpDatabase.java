package io.eventsearch.geoip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;

/**
 * One MaxMind GeoIP2/GeoLite2 City database for the whole process, opened once and memory-mapped. A lookup walks
 * the search tree ({@link SearchTree}) to the position of the address's record and takes the location from a cache
 * keyed by that position; only a record not seen yet is decoded, by {@link CityDecoder} (just the fields stored).
 * Decoding the library's whole City answer for every event cost 4 to 5 µs; the library's reader decoding just those
 * fields by reflection, 9.6 µs a record seen for the first time (6.6 with {@link CityDecoder}). The library's reader
 * still opens the file, checks its type and reads its metadata.
 */
public final class GeoIpDatabase implements AutoCloseable {

    /**
     * Locations kept, one per database record (a network's place): about 430 bytes each ({@link EncodedLocation}),
     * so about 86 MB at most. Downloads come from far fewer places than that; when full, the cache starts again.
     */
    private static final int CACHED_RECORDS = 200_000;

    private final Reader reader;
    private final SearchTree tree;
    private final CityDecoder decoder;
    private final Map<Long, EncodedLocation> locations = new ConcurrentHashMap<>();
    private final Path path;

    private GeoIpDatabase(Reader reader, SearchTree tree, CityDecoder decoder, Path path) {
        this.reader = reader;
        this.tree = tree;
        this.decoder = decoder;
        this.path = path;
    }

    public static GeoIpDatabase open(Path path) {
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("geoip.database " + path + " is not a readable file");
        }
        try {
            Reader reader = new Reader(path.toFile(), new CHMCache());
            if (!reader.getMetadata().databaseType().contains("City")
                    && !reader.getMetadata().databaseType().contains("Enterprise")) {
                String type = reader.getMetadata().databaseType();
                reader.close();
                throw new IllegalArgumentException("geoip.database " + path + " is a " + type
                        + " database; the service needs a GeoIP2 or GeoLite2 City database");
            }
            var metadata = reader.getMetadata();
            return new GeoIpDatabase(reader, new SearchTree(path, metadata), new CityDecoder(path, metadata), path);
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
        return Optional.ofNullable(encoded(address)).map(EncodedLocation::location);
    }

    /**
     * The location of {@code address} as documents store it, or null for addresses the database does not list: the
     * lookup ingest makes for every download ({@link #locate} decodes it again, for tests and tools).
     */
    public EncodedLocation encoded(InetAddress address) {
        long record = tree.recordOf(address);
        if (record == SearchTree.NOT_LISTED) {
            return null;
        }
        EncodedLocation location = locations.get(record);
        if (location == null) {
            try {
                location = EncodedLocation.of(decoder.decode(record));
            } catch (IOException | RuntimeException corrupt) {
                return null; // a damaged record: the event is stored without a location, as for an unlisted address
            }
            if (locations.size() >= CACHED_RECORDS) {
                locations.clear();
            }
            locations.put(record, location);
        }
        return location;
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
