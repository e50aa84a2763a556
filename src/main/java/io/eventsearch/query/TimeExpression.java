package io.eventsearch.query;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.DayOfWeek;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An instant as people write it in a query: ISO-8601 with a zone ({@code 2024-06-01T00:00:00Z}), epoch
 * milliseconds ({@code 1717200000000}), or relative to now in OpenSearch's date-math style: {@code now},
 * {@code now-7d}, {@code now-1h/h} (an hour ago, rounded down to the hour), {@code now/d} (midnight). Units:
 * {@code y M w d h m s}; rounding is in UTC. "Now" is fixed per request, so every page of one search means the same
 * instants.
 */
public final class TimeExpression {

    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?[0-9]{1,15}");
    private static final Pattern RELATIVE = Pattern.compile("now((?:[+-][0-9]{1,9}[yMwdhms])*)(?:/([yMwdhms]))?");
    private static final Pattern STEP = Pattern.compile("([+-])([0-9]{1,9})([yMwdhms])");
    /** What a time may be written as, for error messages. */
    public static final String FORMS = "an instant: ISO-8601 with a zone (2024-06-01T00:00:00Z), epoch milliseconds,"
            + " or relative (now, now-7d, now-1h/h)";

    private TimeExpression() {
    }

    /** The instant {@code text} means at {@code now}; an {@link IllegalArgumentException} saying the forms. */
    public static Instant parse(String text, Instant now) {
        String trimmed = text.strip();
        if (EPOCH_MILLIS.matcher(trimmed).matches()) {
            return ValueParser.withinCalendar(Instant.ofEpochMilli(Long.parseLong(trimmed)), text);
        }
        Matcher relative = RELATIVE.matcher(trimmed);
        if (relative.matches()) {
            return ValueParser.withinCalendar(relative(now, relative.group(1), relative.group(2), text), text);
        }
        try {
            // An unencoded '+' in a query string arrives as a space: "12:15:30 02:00" meant "12:15:30+02:00".
            return ValueParser.instant(trimmed.replace(' ', '+'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be " + FORMS + ", not '" + text + "'");
        }
    }

    private static Instant relative(Instant now, String steps, String rounding, String text) {
        try {
            ZonedDateTime time = now.atZone(ZoneOffset.UTC);
            Matcher step = STEP.matcher(steps);
            while (step.find()) {
                long amount = Long.parseLong(step.group(2)) * (step.group(1).equals("-") ? -1 : 1);
                time = time.plus(amount, unit(step.group(3)));
            }
            if (rounding != null) {
                time = switch (rounding) {
                    case "y" -> time.with(TemporalAdjusters.firstDayOfYear()).truncatedTo(ChronoUnit.DAYS);
                    case "M" -> time.with(TemporalAdjusters.firstDayOfMonth()).truncatedTo(ChronoUnit.DAYS);
                    case "w" -> time.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).truncatedTo(ChronoUnit.DAYS);
                    default -> time.truncatedTo(unit(rounding));
                };
            }
            return time.toInstant();
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("reaches outside the calendar: '" + text + "'");
        }
    }

    private static ChronoUnit unit(String unit) {
        return switch (unit) {
            case "y" -> ChronoUnit.YEARS;
            case "M" -> ChronoUnit.MONTHS;
            case "w" -> ChronoUnit.WEEKS;
            case "d" -> ChronoUnit.DAYS;
            case "h" -> ChronoUnit.HOURS;
            case "m" -> ChronoUnit.MINUTES;
            default -> ChronoUnit.SECONDS;
        };
    }
}
