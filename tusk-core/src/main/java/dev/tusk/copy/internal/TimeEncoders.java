package dev.tusk.copy.internal;

import dev.tusk.query.Interval;
import org.postgresql.util.PGInterval;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Encoders for date, time, timetz, timestamp, timestamptz and interval. PostgreSQL counts from 2000-01-01 in days or
 * microseconds; nanoseconds are rounded half up to microseconds, as the server rounds text input. Java's MIN/MAX
 * constants stand for -infinity/infinity, as in PgJDBC.
 */
final class TimeEncoders {

    private static final long EPOCH_2000_SECONDS = 946_684_800L;
    private static final long EPOCH_2000_DAYS = 10_957L;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    /** Julian day 0 (4714-11-24 BC) up to, not including, 5874898-01-01: the server's date range, from 2000-01-01. */
    private static final long MIN_DATE_DAYS = -2_451_545L;
    private static final long END_DATE_DAYS = 2_145_031_949L;
    /** The server's timestamp range in microseconds from 2000-01-01: 4714-11-24 BC up to, not including, 294277 AD. */
    private static final long MIN_TIMESTAMP = -211_813_488_000_000_000L;
    private static final long END_TIMESTAMP = 9_223_371_331_200_000_000L;
    /** The largest zone displacement timetz stores: anything below 16:00, so 15:59:59, in seconds. */
    private static final int MAX_ZONE_SECONDS = 16 * 60 * 60 - 1;

    private TimeEncoders() {
    }

    /** date takes a LocalDate or java.sql.Date; LocalDate.MIN/MAX are -infinity/infinity. */
    static ColumnEncoder date(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                LocalDate date;
                if (value instanceof LocalDate local) {
                    date = local;
                } else if (value instanceof java.sql.Date sqlDate) {
                    date = sqlDate.toLocalDate();
                } else {
                    throw wrongType(value);
                }
                int days;
                if (date.equals(LocalDate.MAX)) {
                    days = Integer.MAX_VALUE;
                } else if (date.equals(LocalDate.MIN)) {
                    days = Integer.MIN_VALUE;
                } else {
                    long fromEpoch = date.toEpochDay() - EPOCH_2000_DAYS;
                    if (fromEpoch < MIN_DATE_DAYS || fromEpoch >= END_DATE_DAYS) {
                        throw outOfRange(value, "out of range for date: 4714-11-24 BC to 5874897-12-31");
                    }
                    days = (int) fromEpoch;
                }
                out.writeLengthAndInt(days);
            }
        };
    }

    /** time takes a LocalTime, as microseconds since midnight. */
    static ColumnEncoder time(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                if (!(value instanceof LocalTime time)) {
                    throw wrongType(value);
                }
                out.writeLengthAndLong(roundToMicros(time.toNanoOfDay()));
            }
        };
    }

    /** timetz takes an OffsetTime: local microseconds, then the zone in seconds west of UTC (the sign inverted). */
    static ColumnEncoder timetz(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                if (!(value instanceof OffsetTime time)) {
                    throw wrongType(value);
                }
                int offsetSeconds = time.getOffset().getTotalSeconds();
                if (Math.abs(offsetSeconds) > MAX_ZONE_SECONDS) {
                    throw outOfRange(value, "zone offset beyond ±15:59:59, the most timetz stores");
                }
                out.writeInt(12);
                out.writeLong(roundToMicros(time.toLocalTime().toNanoOfDay()));
                out.writeInt(-offsetSeconds);
            }
        };
    }

    /** timestamp takes a LocalDateTime or java.sql.Timestamp (its local time); MIN/MAX are -infinity/infinity. */
    static ColumnEncoder timestamp(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                LocalDateTime local;
                if (value instanceof LocalDateTime given) {
                    local = given;
                } else if (value instanceof java.sql.Timestamp sqlTimestamp) {
                    local = sqlTimestamp.toLocalDateTime();
                } else {
                    throw wrongType(value);
                }
                long micros;
                if (local.equals(LocalDateTime.MAX)) {
                    micros = Long.MAX_VALUE;
                } else if (local.equals(LocalDateTime.MIN)) {
                    micros = Long.MIN_VALUE;
                } else {
                    micros = timestampMicros(local.toEpochSecond(ZoneOffset.UTC), local.getNano(), value);
                }
                out.writeLengthAndLong(micros);
            }
        };
    }

    /** timestamptz takes an Instant, OffsetDateTime, ZonedDateTime or java.sql.Timestamp; MIN/MAX are ±infinity. */
    static ColumnEncoder timestamptz(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                long micros;
                if (value instanceof Instant instant) {
                    micros = instant.equals(Instant.MAX) ? Long.MAX_VALUE : instant.equals(Instant.MIN) ? Long.MIN_VALUE
                            : timestampMicros(instant.getEpochSecond(), instant.getNano(), value);
                } else if (value instanceof OffsetDateTime time) {
                    micros = time.equals(OffsetDateTime.MAX) ? Long.MAX_VALUE
                            : time.equals(OffsetDateTime.MIN) ? Long.MIN_VALUE
                            : timestampMicros(time.toEpochSecond(), time.getNano(), value);
                } else if (value instanceof ZonedDateTime time) {
                    micros = timestampMicros(time.toEpochSecond(), time.getNano(), value);
                } else if (value instanceof java.sql.Timestamp sqlTimestamp) {
                    Instant instant = sqlTimestamp.toInstant();
                    micros = timestampMicros(instant.getEpochSecond(), instant.getNano(), value);
                } else {
                    throw wrongType(value);
                }
                out.writeLengthAndLong(micros);
            }
        };
    }

    /**
     * interval takes Tusk's Interval (exactly, over the whole range), a Duration (as microseconds), a Period (months
     * and days) or PgJDBC's PGInterval.
     */
    static ColumnEncoder interval(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                long micros;
                long days;
                long months;
                if (value instanceof Interval interval) {
                    out.writeInt(16);
                    out.writeLong(interval.microseconds());
                    out.writeInt(interval.days());
                    out.writeInt(interval.months());
                    return;
                }
                try {
                    if (value instanceof Duration duration) {
                        micros = Math.addExact(Math.multiplyExact(duration.getSeconds(), MICROS_PER_SECOND),
                                roundToMicros(duration.getNano()));
                        days = 0;
                        months = 0;
                    } else if (value instanceof Period period) {
                        micros = 0;
                        days = period.getDays();
                        months = period.toTotalMonths();
                    } else if (value instanceof PGInterval interval) {
                        long seconds = (interval.getHours() * 60L + interval.getMinutes()) * 60L + interval.getWholeSeconds();
                        micros = Math.addExact(Math.multiplyExact(seconds, MICROS_PER_SECOND), interval.getMicroSeconds());
                        days = interval.getDays();
                        months = interval.getYears() * 12L + interval.getMonths();
                    } else {
                        throw wrongType(value);
                    }
                } catch (ArithmeticException e) {
                    throw outOfRange(value, "out of range for interval");
                }
                if (months != (int) months || days != (int) days) {
                    throw outOfRange(value, "out of range for interval");
                }
                out.writeInt(16);
                out.writeLong(micros);
                out.writeInt((int) days);
                out.writeInt((int) months);
            }
        };
    }

    private static long roundToMicros(long nanos) {
        return (nanos + 500) / 1000;
    }

    private static long timestampMicros(long epochSeconds, int nanos, Object original) {
        long seconds = epochSeconds - EPOCH_2000_SECONDS;
        // Past ±292,000 years the multiplication overflows; such values are out of the server's range anyway.
        if (seconds > END_TIMESTAMP / MICROS_PER_SECOND || seconds < MIN_TIMESTAMP / MICROS_PER_SECOND - 1) {
            throw ColumnEncoder.outOfRange(original, "out of range for timestamp: 4714-11-24 BC to 294276-12-31 AD");
        }
        long micros = seconds * MICROS_PER_SECOND + roundToMicros(nanos);
        if (micros < MIN_TIMESTAMP || micros >= END_TIMESTAMP) {
            throw ColumnEncoder.outOfRange(original, "out of range for timestamp: 4714-11-24 BC to 294276-12-31 AD");
        }
        return micros;
    }
}
