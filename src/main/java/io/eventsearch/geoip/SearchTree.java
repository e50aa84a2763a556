package io.eventsearch.geoip;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

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
    /**
     * For each of the 65,536 first halves of an IPv4 address, the node its walk reaches after them (unsigned): an
     * IPv4 walk starts sixteen levels down. Those levels are sixteen dependent reads each lookup, cheap alone but
     * evicted from the caches whenever OpenSearch works on the same cores; the table is 256 KB.
     */
    private final int[] ipv4Halves = new int[1 << 16];

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
            // Three bytes past the tree too (the 16-byte separator before the data section always follows it): a
            // 24- or 28-bit record is read as the int that holds it, and the last node's holds a byte beyond it.
            this.tree = channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(channel.size(), treeBytes + 3));
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
        fillHalves(ipv4Start, 0, 0);
    }

    /** Fills {@link #ipv4Halves} under {@code node}, reached by the first {@code depth} bits, {@code prefix}. */
    private void fillHalves(long node, int depth, int prefix) {
        if (depth == 16 || node >= nodeCount) {
            int from = prefix << (16 - depth);
            Arrays.fill(ipv4Halves, from, from + (1 << (16 - depth)), (int) node);
            return;
        }
        fillHalves(child(node, 0), depth + 1, prefix << 1);
        fillHalves(child(node, 1), depth + 1, (prefix << 1) | 1);
    }

    /** The position of the record {@code address} resolves to, or {@link #NOT_LISTED}. */
    long recordOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && !ipv6) {
            return NOT_LISTED; // an IPv6 address in an IPv4-only database
        }
        long node = 0;
        int bit = 0;
        if (address instanceof Inet4Address) {
            node = Integer.toUnsignedLong(ipv4Halves[((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF)]);
            bit = 16;
        }
        for (; bit < bytes.length * 8 && node < nodeCount; bit++) {
            node = child(node, (bytes[bit >>> 3] >>> (7 - (bit & 7))) & 1);
        }
        return node > nodeCount ? node : NOT_LISTED;
    }

    /**
     * The record on {@code side} of {@code node}: one read of the int that holds it (big-endian, as the file is)
     * rather than a read per byte, each bounds-checked; the walk makes sixteen of these for every IPv4 lookup.
     */
    private long child(long node, int side) {
        int at = (int) (node * nodeBytes);
        return switch (recordSize) {
            case 24 -> tree.getInt(at + side * 3) >>> 8 & 0xFFFFFFL;
            case 28 -> {
                // A node is [left: 3 bytes][left's high nibble | right's high nibble][right: 3 bytes].
                if (side == 0) {
                    int word = tree.getInt(at);
                    yield ((word & 0xF0L) << 20) | (word >>> 8 & 0xFFFFFFL);
                }
                int word = tree.getInt(at + 3);
                yield ((word >>> 24 & 0x0FL) << 24) | (word & 0xFFFFFFL);
            }
            default -> tree.getInt(at + side * 4) & 0xFFFFFFFFL;
        };
    }
}
