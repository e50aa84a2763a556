package io.eventsearch.geoip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses IP address literals without ever resolving a host name, and tells public addresses from the rest. */
public final class IpAddresses {

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    /** The address, or empty when {@code text} is no IPv4 or IPv6 literal. */
    public static Optional<InetAddress> parse(String text) {
        byte[] v4 = ipv4(text);
        if (v4 != null) {
            try {
                return Optional.of(InetAddress.getByAddress(v4));
            } catch (UnknownHostException impossible) {
                return Optional.empty();
            }
        }
        if (text.indexOf(':') < 0 || !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            // Only literals reach this point, so no name lookup happens.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code text} is an IPv4 address just as {@link #canonical} writes it: the form nearly every producer
     * sends, then stored as sent. False for everything else, canonical IPv6 included.
     */
    public static boolean isCanonicalIpv4(String text) {
        return ipv4(text) != null;
    }

    /**
     * The four octets of a dotted-quad literal: decimal, 0 to 255, no leading zeros (which some parsers read as
     * octal); null for anything else. Read by hand: the ingest path parses one address per download.
     */
    private static byte[] ipv4(String text) {
        byte[] octets = new byte[4];
        int octet = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // a leading zero
                }
                value = (digits == 0 ? 0 : value) * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (c == '.' && digits > 0 && octet < 3) {
                octets[octet++] = (byte) value;
                digits = 0;
            } else {
                return null;
            }
        }
        if (octet != 3 || digits == 0) {
            return null;
        }
        octets[3] = (byte) value;
        return octets;
    }

    /** The RFC 5952 text of an address: lower case, leading zeros dropped, the longest run of zero groups as "::". */
    public static String canonical(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** False for loopback, private, link-local, multicast, unspecified, shared (CGNAT), documentation and ULA ranges. */
    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            int third = b[2] & 0xFF;
            return !(first == 0 || first >= 240
                    || first == 100 && second >= 64 && second < 128
                    || first == 192 && second == 0 && (third == 0 || third == 2)
                    || first == 198 && (second == 18 || second == 19)
                    || first == 198 && second == 51 && third == 100
                    || first == 203 && second == 0 && third == 113);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xFF;
            boolean uniqueLocal = (first & 0xFE) == 0xFC;
            boolean documentation = first == 0x20 && (b[1] & 0xFF) == 0x01 && (b[2] & 0xFF) == 0x0D && (b[3] & 0xFF) == 0xB8;
            return !uniqueLocal && !documentation;
        }
        return false;
    }
}
