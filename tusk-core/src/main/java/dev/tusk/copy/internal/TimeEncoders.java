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
                out.writeLengthAndInt(dateDays(value));
            }

            @Override
            String text(Object value) {
                int days = dateDays(value);
                if (days == Integer.MAX_VALUE) {
                    return "infinity";
                }
                if (days == Integer.MIN_VALUE) {
                    return "-infinity";
                }
                LocalDate date = LocalDate.ofEpochDay(days + EPOCH_2000_DAYS);
                return dateText(date) + (date.getYear() <= 0 ? " BC" : "");
            }
        };
    }

    /** Days from 2000-01-01, or Integer.MIN/MAX_VALUE for -infinity/infinity. */
    private static int dateDays(Object value) {
        LocalDate date;
        if (value instanceof LocalDate local) {
            date = local;
        } else if (value instanceof java.sql.Date sqlDate) {
            date = sqlDate.toLocalDate();
        } else {
            throw ColumnEncoder.wrongType(value);
        }
        if (date.equals(LocalDate.MAX)) {
            return Integer.MAX_VALUE;
        } else if (date.equals(LocalDate.MIN)) {
            return Integer.MIN_VALUE;
        }
        long fromEpoch = date.toEpochDay() - EPOCH_2000_DAYS;
        if (fromEpoch < MIN_DATE_DAYS || fromEpoch >= END_DATE_DAYS) {
            throw ColumnEncoder.outOfRange(value, "out of range for date: 4714-11-24 BC to 5874897-12-31");
        }
        return (int) fromEpoch;
    }

    /** time takes a LocalTime, as microseconds since midnight. */
    static ColumnEncoder time(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                out.writeLengthAndLong(timeMicros(value));
            }

            @Override
            String text(Object value) {
                return timeText(timeMicros(value));
            }

            private long timeMicros(Object value) {
                if (!(value instanceof LocalTime time)) {
                    throw wrongType(value);
                }
                return roundToMicros(time.toNanoOfDay());
            }
        };
    }

    /** timetz takes an OffsetTime: local microseconds, then the zone in seconds west of UTC (the sign inverted). */
    static ColumnEncoder timetz(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                OffsetTime time = offsetTime(value);
                out.writeInt(12);
                out.writeLong(roundToMicros(time.toLocalTime().toNanoOfDay()));
                out.writeInt(-time.getOffset().getTotalSeconds());
            }

            @Override
            String text(Object value) {
                OffsetTime time = offsetTime(value);
                int offset = time.getOffset().getTotalSeconds();
                int magnitude = Math.abs(offset);
                return timeText(roundToMicros(time.toLocalTime().toNanoOfDay())) + (offset < 0 ? "-" : "+")
                        + two(magnitude / 3600) + ":" + two(magnitude / 60 % 60) + ":" + two(magnitude % 60);
            }

            private OffsetTime offsetTime(Object value) {
                if (!(value instanceof OffsetTime time)) {
                    throw wrongType(value);
                }
                if (Math.abs(time.getOffset().getTotalSeconds()) > MAX_ZONE_SECONDS) {
                    throw outOfRange(value, "zone offset beyond ±15:59:59, the most timetz stores");
                }
                return time;
            }
        };
    }

    /** timestamp takes a LocalDateTime or java.sql.Timestamp (its local time); MIN/MAX are -infinity/infinity. */
    static ColumnEncoder timestamp(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                out.writeLengthAndLong(micros(value));
            }

            @Override
            String text(Object value) {
                return timestampText(micros(value), "");
            }

            private long micros(Object value) {
                LocalDateTime local;
                if (value instanceof LocalDateTime given) {
                    local = given;
                } else if (value instanceof java.sql.Timestamp sqlTimestamp) {
                    local = sqlTimestamp.toLocalDateTime();
                } else {
                    throw wrongType(value);
                }
                if (local.equals(LocalDateTime.MAX)) {
                    return Long.MAX_VALUE;
                } else if (local.equals(LocalDateTime.MIN)) {
                    return Long.MIN_VALUE;
                }
                return timestampMicros(local.toEpochSecond(ZoneOffset.UTC), local.getNano(), value);
            }
        };
    }

    /** timestamptz takes an Instant, OffsetDateTime, ZonedDateTime or java.sql.Timestamp; MIN/MAX are ±infinity. */
    static ColumnEncoder timestamptz(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                out.writeLengthAndLong(micros(value));
            }

            @Override
            String text(Object value) {
                return timestampText(micros(value), "+00");
            }

            private long micros(Object value) {
                if (value instanceof Instant instant) {
                    return instant.equals(Instant.MAX) ? Long.MAX_VALUE : instant.equals(Instant.MIN) ? Long.MIN_VALUE
                            : timestampMicros(instant.getEpochSecond(), instant.getNano(), value);
                } else if (value instanceof OffsetDateTime time) {
                    return time.equals(OffsetDateTime.MAX) ? Long.MAX_VALUE
                            : time.equals(OffsetDateTime.MIN) ? Long.MIN_VALUE
                            : timestampMicros(time.toEpochSecond(), time.getNano(), value);
                } else if (value instanceof ZonedDateTime time) {
                    return timestampMicros(time.toEpochSecond(), time.getNano(), value);
                } else if (value instanceof java.sql.Timestamp sqlTimestamp) {
                    Instant instant = sqlTimestamp.toInstant();
                    return timestampMicros(instant.getEpochSecond(), instant.getNano(), value);
                }
                throw wrongType(value);
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
                long[] parts = intervalParts(value);
                out.writeInt(16);
                out.writeLong(parts[0]);
                out.writeInt((int) parts[1]);
                out.writeInt((int) parts[2]);
            }

            @Override
            String text(Object value) {
                long[] parts = intervalParts(value);
                // ISO 8601: read alike under every IntervalStyle, and for the smallest time part, which PostgreSQL
                // refuses in its own output form.
                return Interval.of((int) parts[2], (int) parts[1], parts[0]).toIso8601();
            }
        };
    }

    /** An interval's microseconds, days and months, each checked against its field's range. */
    private static long[] intervalParts(Object value) {
        long micros;
        long days;
        long months;
        if (value instanceof Interval interval) {
            return new long[] {interval.microseconds(), interval.days(), interval.months()};
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
                throw ColumnEncoder.wrongType(value);
            }
        } catch (ArithmeticException e) {
            throw ColumnEncoder.outOfRange(value, "out of range for interval");
        }
        if (months != (int) months || days != (int) days) {
            throw ColumnEncoder.outOfRange(value, "out of range for interval");
        }
        return new long[] {micros, days, months};
    }

    /** {@code yyyy-mm-dd} of {@code date}, the year counted as PostgreSQL does (year 0 is 1 BC), without the era. */
    private static String dateText(LocalDate date) {
        int year = date.getYear() <= 0 ? 1 - date.getYear() : date.getYear();
        String digits = Integer.toString(year);
        return "0".repeat(Math.max(0, 4 - digits.length())) + digits + "-" + two(date.getMonthValue()) + "-"
                + two(date.getDayOfMonth());
    }

    /** {@code hh:mm:ss.ffffff} of microseconds since midnight; 24:00:00 when rounding reached midnight. */
    private static String timeText(long micros) {
        long seconds = micros / MICROS_PER_SECOND;
        return two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60) + "."
                + six(micros % MICROS_PER_SECOND);
    }

    /** A timestamp's text from microseconds since 2000-01-01 (MIN/MAX for ±infinity), {@code zone} before the era. */
    private static String timestampText(long micros, String zone) {
        if (micros == Long.MAX_VALUE) {
            return "infinity";
        }
        if (micros == Long.MIN_VALUE) {
            return "-infinity";
        }
        long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
        LocalDateTime local = LocalDateTime.ofEpochSecond(seconds + EPOCH_2000_SECONDS, 0, ZoneOffset.UTC);
        return dateText(local.toLocalDate()) + " " + timeText(local.toLocalTime().toSecondOfDay() * MICROS_PER_SECOND
                + Math.floorMod(micros, MICROS_PER_SECOND)) + zone + (local.getYear() <= 0 ? " BC" : "");
    }

    private static String two(long number) {
        return number < 10 ? "0" + number : Long.toString(number);
    }

    private static String six(long number) {
        String digits = Long.toString(number);
        return "0".repeat(6 - digits.length()) + digits;
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
