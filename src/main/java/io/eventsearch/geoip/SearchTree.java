package io.eventsearch.geoip;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.maxmind.db.Metadata;

/**
 * The binary search tree of a MaxMind DB file (format 2.0), walked bit by bit over the memory-mapped file: it tells
 * which data record an address resolves to, as the record's position in the file. Every address of one network
 * resolves to the same position, so that position is an exact key for a cache of decoded records: a walk costs
 * a few dozen reads of mapped memory, where decoding the record costs microseconds.
 */
final class SearchTree {

    /** What {@link #recordOf} answers for an address the database does not list. */
    static final long NOT_LISTED = -1;

    private final MappedByteBuffer tree;
    private final long nodeCount;
    private final int recordSize;
    private final int nodeBytes;
    private final long ipv4Start;
    private final boolean ipv6;

    SearchTree(Path file, Metadata metadata) throws IOException {
        this.nodeCount = metadata.nodeCount();
        this.recordSize = metadata.recordSize();
        if (recordSize != 24 && recordSize != 28 && recordSize != 32) {
            throw new IOException("unsupported record size " + recordSize + " in " + file);
        }
        this.nodeBytes = recordSize / 4;
        long treeBytes = nodeCount * nodeBytes;
        if (treeBytes > Integer.MAX_VALUE) {
            throw new IOException("search tree of " + file + " is larger than 2 GB");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            this.tree = channel.map(FileChannel.MapMode.READ_ONLY, 0, treeBytes);
        }
        // IPv4 addresses live under 96 zero bits of an IPv6 tree (::a.b.c.d); found once.
        long node = 0;
        this.ipv6 = metadata.ipVersion() == 6;
        if (ipv6) {
            for (int bit = 0; bit < 96 && node < nodeCount; bit++) {
                node = child(node, 0);
            }
        }
        this.ipv4Start = node;
    }

    /** The position of the record {@code address} resolves to, or {@link #NOT_LISTED}. */
    long recordOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && !ipv6) {
            return NOT_LISTED; // an IPv6 address in an IPv4-only database
        }
        long node = address instanceof Inet4Address ? ipv4Start : 0;
        for (int bit = 0; bit < bytes.length * 8 && node < nodeCount; bit++) {
            node = child(node, (bytes[bit >>> 3] >>> (7 - (bit & 7))) & 1);
        }
        return node > nodeCount ? node : NOT_LISTED;
    }

    private long child(long node, int side) {
        int at = (int) (node * nodeBytes);
        return switch (recordSize) {
            case 24 -> {
                int base = at + side * 3;
                yield ((tree.get(base) & 0xFFL) << 16) | ((tree.get(base + 1) & 0xFFL) << 8) | (tree.get(base + 2) & 0xFFL);
            }
            case 28 -> {
                long high = side == 0 ? (tree.get(at + 3) & 0xF0L) >>> 4 : tree.get(at + 3) & 0x0FL;
                int low = side == 0 ? at : at + 4;
                yield (high << 24) | ((tree.get(low) & 0xFFL) << 16) | ((tree.get(low + 1) & 0xFFL) << 8)
                        | (tree.get(low + 2) & 0xFFL);
            }
            default -> tree.getInt(at + side * 4) & 0xFFFFFFFFL;
        };
    }
}
