package io.eventsearch.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The producer's release download events, the same for a given position in every run: times spread over 2024 at
 * second precision (so many events share a second, as real downloads do), public IPv4 addresses drawn at random
 * (so GeoIP works on every event and no cache of recent addresses helps), a few products, releases and statuses.
 */
final class BenchEvents {

    private static final long YEAR_2024 = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    private static final int SECONDS_IN_2024 = 366 * 24 * 3600;

    private BenchEvents() {
    }

    /** Events {@code from} (inclusive) to {@code to} (exclusive) as one JSON array, the body a producer posts. */
    static byte[] batch(int from, int to) {
        StringBuilder json = new StringBuilder((to - from) * 420).append('[');
        for (int i = from; i < to; i++) {
            if (i > from) {
                json.append(',');
            }
            append(json, i);
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One event as JSON. */
    static String event(int i) {
        return append(new StringBuilder(420), i).toString();
    }

    /** The month index suffix ({@code 2024.05}) event {@code i} falls into. */
    static String month(int i) {
        return Instant.ofEpochSecond(time(i)).toString().substring(0, 7).replace('-', '.');
    }

    private static long time(int i) {
        return YEAR_2024 + new SplittableRandom(i * 31L + 1).nextInt(SECONDS_IN_2024);
    }

    private static StringBuilder append(StringBuilder json, int i) {
        SplittableRandom random = new SplittableRandom(i);
        String created = Instant.ofEpochSecond(time(i)).toString();
        int release = random.nextInt(40);
        boolean failed = random.nextInt(10) == 0;
        // 1.0.0.0 to 223.255.255.255 without 10/8 and 127/8: public-looking unicast, mostly listed by GeoLite2.
        int first = 1 + random.nextInt(222);
        if (first == 10 || first == 127) {
            first++;
        }
        json.append("{\"id\":\"dl-").append(i)
                .append("\",\"createdAt\":\"").append(created)
                .append("\",\"updatedAt\":\"").append(created)
                .append("\",\"releaseId\":\"rel-").append(release)
                .append("\",\"releaseVersion\":\"2.").append(release % 7).append('.').append(release)
                .append("\",\"releaseFileId\":\"file-").append(release).append('-').append(i % 3)
                .append("\",\"releaseFileName\":\"app-2.").append(release % 7).append('.').append(release)
                .append(i % 3 == 0 ? "-setup.exe" : i % 3 == 1 ? ".dmg" : ".tar.gz")
                .append("\",\"productId\":\"prod-").append(release % 5)
                .append("\",\"statusCode\":").append(failed ? 403 : 200)
                .append(",\"userId\":\"user-").append(random.nextInt(20_000))
                .append("\",\"licenseId\":\"lic-").append(random.nextInt(5_000))
                .append("\",\"location\":{\"ipAddress\":\"").append(first).append('.')
                .append(random.nextInt(256)).append('.').append(random.nextInt(256)).append('.')
                .append(1 + random.nextInt(254)).append("\"}");
        if (failed) {
            json.append(",\"errorCode\":\"LICENSE_EXPIRED\",\"errorMessage\":\"the license expired\"");
        }
        return json.append(",\"releaseChannel\":\"").append(i % 4 == 0 ? "beta" : "stable").append("\"}");
    }
}
