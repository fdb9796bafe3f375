package dev.tusk.query;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;

/**
 * A PostgreSQL {@code interval}, held as the server holds it: months, days and microseconds, each kept apart because a
 * month has no fixed number of days and a day (across a daylight-saving change) no fixed number of hours. Every value
 * the server can store fits, including a time part beyond 2^31 hours ({@code '2147483647 days 2562047788 hours'}),
 * which PgJDBC's {@code PGInterval} cannot hold.
 *
 * <p>Two intervals are {@code equals} when all three fields are equal, so a value round-trips exactly; PostgreSQL's
 * {@code =} operator is looser ({@code '1 mon' = '30 days'} is true there, not here). PostgreSQL 17 added infinite
 * intervals; {@link #POSITIVE_INFINITY} and {@link #NEGATIVE_INFINITY} are their bit patterns (all fields at their
 * maximum, or all at their minimum). PostgreSQL 16 has no infinite interval: it stores those bits as the largest and
 * smallest finite intervals, and refuses the text {@code infinity}.
 *
 * <p>A final class rather than a record, so that reading a column {@code as(Interval.class)} takes the value rather
 * than mapping columns named after its fields.
 */
public final class Interval {

    /** The empty interval, {@code 00:00:00}. */
    public static final Interval ZERO = new Interval(0, 0, 0);
    /** PostgreSQL 17's {@code 'infinity'::interval}. */
    public static final Interval POSITIVE_INFINITY = new Interval(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
    /** PostgreSQL 17's {@code '-infinity'::interval}. */
    public static final Interval NEGATIVE_INFINITY = new Interval(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE);

    static final long MICROS_PER_SECOND = 1_000_000L;
    static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

    private final int months;
    private final int days;
    private final long microseconds;

    private Interval(int months, int days, long microseconds) {
        this.months = months;
        this.days = days;
        this.microseconds = microseconds;
    }

    /** The interval of {@code months}, {@code days} and {@code microseconds}, as PostgreSQL stores it. */
    public static Interval of(int months, int days, long microseconds) {
        return new Interval(months, days, microseconds);
    }

    /** The months part; years count 12 months each. */
    public int months() {
        return months;
    }

    /** The days part. */
    public int days() {
        return days;
    }

    /** The time part, in microseconds. */
    public long microseconds() {
        return microseconds;
    }

    /** Equal when months, days and microseconds are all equal (so {@code 1 mon} is not {@code 30 days}). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Interval that && months == that.months && days == that.days
                && microseconds == that.microseconds;
    }

    /** A hash of the three fields, consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return (31 * months + days) * 31 + Long.hashCode(microseconds);
    }

    /**
     * {@code duration} as a time part alone (no days, no months), rounded half up to whole microseconds as the server
     * rounds text input.
     *
     * @throws IllegalArgumentException when it is beyond the ±292,471 years that 2^63 microseconds cover
     */
    public static Interval ofDuration(Duration duration) {
        java.util.Objects.requireNonNull(duration, "duration");
        try {
            long micros = Math.addExact(Math.multiplyExact(duration.getSeconds(), MICROS_PER_SECOND),
                    (duration.getNano() + 500L) / 1000);
            return new Interval(0, 0, micros);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration " + duration + " is too long for an interval, whose time part "
                    + "holds at most 2^63 microseconds (about 292,471 years)", e);
        }
    }

    /**
     * {@code period} as months (its years times 12 plus its months) and days.
     *
     * @throws IllegalArgumentException when the months do not fit in an int, as PostgreSQL stores them
     */
    public static Interval ofPeriod(Period period) {
        java.util.Objects.requireNonNull(period, "period");
        long months = period.toTotalMonths();
        if (months != (int) months) {
            throw new IllegalArgumentException("period " + period + " has " + months + " months; an interval holds "
                    + "from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
        }
        return new Interval((int) months, period.getDays(), 0);
    }

    /**
     * Reads the text PostgreSQL prints for an interval in any {@code IntervalStyle}: {@code postgres} (the default,
     * {@code 1 year 2 mons -3 days +04:05:06.5}), {@code postgres_verbose} ({@code @ 1 year 2 mons ago}),
     * {@code sql_standard} ({@code +1-2 -3 +4:05:06.5}) and {@code iso_8601} ({@code P1Y2M-3DT4H5M6.5S}), and
     * {@code infinity} / {@code -infinity}. What {@link #toString()} and {@link #toIso8601()} give reads back equal.
     *
     * @throws IllegalArgumentException when {@code text} is none of those, or its fields overflow
     */
    public static Interval parse(CharSequence text) {
        java.util.Objects.requireNonNull(text, "text");
        return IntervalText.parse(text.toString());
    }

    /** Whether this is {@link #POSITIVE_INFINITY} or {@link #NEGATIVE_INFINITY}. */
    public boolean isInfinite() {
        return equals(POSITIVE_INFINITY) || equals(NEGATIVE_INFINITY);
    }

    /**
     * This interval as a {@link Duration}, counting a day as 24 hours (as {@link Duration#ofDays} does).
     *
     * @throws ArithmeticException when it has months, which have no fixed length, or is infinite
     */
    public Duration toDuration() {
        if (isInfinite()) {
            throw new ArithmeticException("the infinite interval " + this + " has no Duration; read it as Interval");
        }
        if (months != 0) {
            throw new ArithmeticException("interval " + this + " has " + months + (months == 1 ? " month" : " months")
                    + ", which have no fixed length, so a Duration cannot hold it exactly; read it as Interval, or as "
                    + "Period when it has no time part");
        }
        long seconds = Math.floorDiv(microseconds, MICROS_PER_SECOND);
        long nanos = Math.floorMod(microseconds, MICROS_PER_SECOND) * 1000;
        // Days times 86,400 seconds fits a long whatever the int, so only the final sum could overflow, and it cannot.
        return Duration.ofSeconds(days * 86_400L + seconds, nanos);
    }

    /**
     * This interval as a {@link Period} of years, months and days (months split as PostgreSQL prints them: 14 months
     * become 1 year 2 months).
     *
     * @throws ArithmeticException when it has a time part, which a Period cannot hold, or is infinite
     */
    public Period toPeriod() {
        if (isInfinite()) {
            throw new ArithmeticException("the infinite interval " + this + " has no Period; read it as Interval");
        }
        if (microseconds != 0) {
            throw new ArithmeticException("interval " + this + " has a time part, which a Period cannot hold; read it "
                    + "as Interval, or as Duration when it has no months");
        }
        return Period.of(months / 12, months % 12, days);
    }

    /** The text PostgreSQL prints in its default {@code IntervalStyle} ({@code postgres}): {@code 1 year 2 mons 3 days 04:05:06.5}. */
    @Override
    public String toString() {
        if (isInfinite()) {
            return microseconds > 0 ? "infinity" : "-infinity";
        }
        return IntervalText.postgres(this);
    }

    /** The text PostgreSQL prints in {@code IntervalStyle} {@code iso_8601}: {@code P1Y2M3DT4H5M6.5S}. */
    public String toIso8601() {
        if (isInfinite()) {
            return microseconds > 0 ? "infinity" : "-infinity";
        }
        return IntervalText.iso8601(this);
    }

    /** Seconds with their fraction, as PostgreSQL prints them: trailing zeros cut, at most six decimals. */
    static String seconds(long wholeSeconds, long fractionMicros, boolean twoDigits) {
        StringBuilder text = new StringBuilder();
        String whole = Long.toString(Math.abs(wholeSeconds));
        if (twoDigits && whole.length() < 2) {
            text.append('0');
        }
        text.append(whole);
        if (fractionMicros != 0) {
            String fraction = new BigDecimal(Math.abs(fractionMicros)).movePointLeft(6).stripTrailingZeros()
                    .toPlainString();
            text.append(fraction, 1, fraction.length());
        }
        return text.toString();
    }
}
