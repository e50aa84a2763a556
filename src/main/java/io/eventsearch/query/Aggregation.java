package io.eventsearch.query;

import java.time.Instant;
import java.time.ZoneId;

/** A count or a measure over the events a search matches, in terms of stream fields. */
public sealed interface Aggregation {

    /**
     * Events per interval of time (each stream's own time), empty intervals included, from {@code from} to
     * {@code to}; each interval also counted per stream.
     *
     * @param interval the bucket width: a {@link Interval} of fixed or calendar length
     * @param zone     where days, weeks, months and years begin
     */
    record Histogram(Interval interval, ZoneId zone, Instant from, Instant to) implements Aggregation {
    }

    /** The {@code size} most frequent values of a keyword field, and how many events hold other values. */
    record TopValues(String field, int size) implements Aggregation {
    }

    /** Count, minimum, maximum, average and sum of a numeric field. */
    record Stats(String field) implements Aggregation {
    }

    /** Events per map tile ({@code zoom/x/y}) of a geo point field, with the centre of each tile's events. */
    record GeoTiles(String field, int zoom) implements Aggregation {
    }

    /**
     * A bucket width: {@code amount} of {@code unit}. Seconds to days are fixed lengths; weeks, months, quarters and
     * years follow the calendar (one of each), as OpenSearch's date histogram allows.
     */
    record Interval(long amount, Unit unit) {

        public enum Unit { SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR }

        public Interval {
            if (amount < 1 || (unit.ordinal() >= Unit.WEEK.ordinal() && amount != 1)) {
                throw new IllegalArgumentException("an interval is a positive amount of s, m, h, d, or one w, M, q or y");
            }
        }

        /** Its length in milliseconds (a month 30 days, a year 365), for choosing and bounding bucket counts. */
        public long approximateMillis() {
            long unitMillis = switch (unit) {
                case SECOND -> 1_000L;
                case MINUTE -> 60_000L;
                case HOUR -> 3_600_000L;
                case DAY -> 86_400_000L;
                case WEEK -> 7 * 86_400_000L;
                case MONTH -> 30 * 86_400_000L;
                case QUARTER -> 91 * 86_400_000L;
                case YEAR -> 365 * 86_400_000L;
            };
            return Math.multiplyExact(amount, unitMillis);
        }

        /** Written as people write it: {@code 5m}, {@code 1d}, {@code 1M}. */
        @Override
        public String toString() {
            return amount + switch (unit) {
                case SECOND -> "s";
                case MINUTE -> "m";
                case HOUR -> "h";
                case DAY -> "d";
                case WEEK -> "w";
                case MONTH -> "M";
                case QUARTER -> "q";
                case YEAR -> "y";
            };
        }
    }
}
