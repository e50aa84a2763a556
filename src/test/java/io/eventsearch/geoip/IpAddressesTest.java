package io.eventsearch.geoip;

import java.net.InetAddress;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written IPv4 reader accepts exactly the dotted quads the strict grammar describes, no more. */
class IpAddressesTest {

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    @Test
    void readsExactlyTheStrictDottedQuads() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        String alphabet = "0123456789.:x ";
        int accepted = 0;
        for (int i = 0; i < 300_000; i++) {
            String text;
            if (i % 2 == 0) {
                text = random.nextInt(300) + "." + random.nextInt(300) + "." + random.nextInt(300) + "."
                        + random.nextInt(300);
            } else {
                StringBuilder noise = new StringBuilder();
                for (int k = random.nextInt(16); k > 0; k--) {
                    noise.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                text = noise.toString();
            }
            Optional<InetAddress> expected = DOTTED_QUAD.matcher(text).matches()
                    ? Optional.of(InetAddress.getByName(text)) : Optional.empty();
            if (text.indexOf(':') < 0) {
                assertThat(IpAddresses.parse(text)).as(text).isEqualTo(expected);
            }
            // What is stored as sent is exactly what would be stored as the canonical form.
            assertThat(IpAddresses.isCanonicalIpv4(text)).as(text)
                    .isEqualTo(expected.isPresent() && IpAddresses.canonical(expected.get()).equals(text));
            accepted += expected.isPresent() ? 1 : 0;
        }
        assertThat(accepted).isGreaterThan(30_000);
        for (String refused : new String[] {"01.2.3.4", "1.2.3.04", "1.2.3", "1.2.3.4.", ".1.2.3.4", "1..2.3",
                "256.1.1.1", "1.2.3.4 ", "١.2.3.4", "1.2.3.1000", "", "0x1.2.3.4"}) {
            assertThat(IpAddresses.parse(refused)).as(refused).isEmpty();
        }
        assertThat(IpAddresses.parse("0.0.0.0")).contains(InetAddress.getByName("0.0.0.0"));
        assertThat(IpAddresses.parse("255.255.255.255")).contains(InetAddress.getByName("255.255.255.255"));
        for (String rewritten : new String[] {"::ffff:1.2.3.4", "2001:DB8::1", "2001:db8:0:0:0:0:0:1"}) {
            assertThat(IpAddresses.isCanonicalIpv4(rewritten)).as(rewritten).isFalse();
        }
    }
}
