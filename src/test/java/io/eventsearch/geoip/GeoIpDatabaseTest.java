package io.eventsearch.geoip;

import java.net.InetAddress;
import java.util.Optional;
import java.util.SplittableRandom;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.CityResponse;
import io.eventsearch.testing.TestGeoIp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own walk of the search tree and its cache of records answer exactly what MaxMind's library answers,
 * address by address: for random IPv4 and IPv6 addresses (many sharing a network, so that the cache answers most),
 * for the edges of the address space, and for addresses the database does not list.
 */
class GeoIpDatabaseTest {

    private static final GeoIpDatabase DATABASE = GeoIpDatabase.open(TestGeoIp.database());
    private static final DatabaseReader LIBRARY = library();

    private static DatabaseReader library() {
        try {
            return new DatabaseReader.Builder(TestGeoIp.database().toFile()).build();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void close() throws Exception {
        DATABASE.close();
        LIBRARY.close();
    }

    @Test
    void everyIpv4AddressLocatesAsTheLibraryLocatesIt() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        int listed = 0;
        for (int i = 0; i < 60_000; i++) {
            // half anywhere, half inside a few busy /16s, so that both fresh and cached records are compared
            int ip = i % 2 == 0 ? random.nextInt() : (0x51020000 | random.nextInt(1 << 16));
            InetAddress address = InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16),
                    (byte) (ip >>> 8), (byte) ip});
            listed += assertSameAsLibrary(address) ? 1 : 0;
        }
        assertThat(listed).as("addresses the database lists").isGreaterThan(40_000);
    }

    @Test
    void everyIpv6AddressLocatesAsTheLibraryLocatesIt() throws Exception {
        SplittableRandom random = new SplittableRandom(12);
        int listed = 0;
        for (int i = 0; i < 30_000; i++) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            bytes[0] = (byte) 0x20; // 2000::/8 holds most allocated space
            bytes[1] = (byte) (i % 2 == 0 ? 0x01 : 0x03 + (bytes[1] & 1));
            listed += assertSameAsLibrary(InetAddress.getByAddress(bytes)) ? 1 : 0;
        }
        assertThat(listed).as("addresses the database lists").isGreaterThan(1_000);
    }

    @Test
    void theEdgesOfTheAddressSpaceAndUnlistedAddresses() throws Exception {
        for (String address : new String[] {"0.0.0.0", "255.255.255.255", "127.0.0.1", "10.1.2.3", "192.168.0.1",
                "1.0.0.0", "223.255.255.255", "::", "::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe80::1",
                "2001:db8::1", "::ffff:81.2.69.142", "81.2.69.142", "2a02:8070::1"}) {
            assertSameAsLibrary(InetAddress.getByName(address));
        }
        assertThat(DATABASE.locate(InetAddress.getByName("10.1.2.3"))).isEmpty();
        assertThat(DATABASE.locate(InetAddress.getByName("81.2.69.142"))).map(GeoLocation::city).contains("Abingdon");
    }

    /** True when the address is listed; fails when the service's answer differs from the library's. */
    private static boolean assertSameAsLibrary(InetAddress address) throws Exception {
        Optional<GeoLocation> expected = LIBRARY.tryCity(address).map(GeoIpDatabaseTest::location);
        assertThat(DATABASE.locate(address)).as(address.getHostAddress()).isEqualTo(expected);
        return expected.isPresent();
    }

    private static GeoLocation location(CityResponse city) {
        return new GeoLocation(city.country().isoCode(), city.country().name(),
                city.mostSpecificSubdivision().isoCode(), city.mostSpecificSubdivision().name(), city.city().name(),
                city.postal().code(), city.location().timeZone(), city.location().latitude(),
                city.location().longitude());
    }
}
