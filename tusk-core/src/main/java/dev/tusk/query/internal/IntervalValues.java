package dev.tusk.query.internal;

import dev.tusk.query.Interval;
import org.postgresql.util.PGInterval;

import java.time.Duration;
import java.time.Period;

/** Converts Tusk's {@link Interval} to the other Java types an interval column may be read as, refusing what would lose part of it. */
final class IntervalValues {

    private static final long MICROS_PER_HOUR = 3_600_000_000L;

    private IntervalValues() {
    }

    /** Whether an interval can be read as {@code type}. */
    static boolean converts(Class<?> type) {
        return type == Interval.class || type == Duration.class || type == Period.class || type == PGInterval.class
                || type == String.class || type == Object.class;
    }

    /** {@code interval} as {@code type}, one of those {@link #converts} accepts. */
    static Object convert(Interval interval, Class<?> type) {
        if (type == Interval.class || type == Object.class) {
            return interval;
        }
        if (type == String.class) {
            return interval.toString();
        }
        if (interval.isInfinite()) {
            throw new ReadFailure("it is infinite, which only Interval can hold", "22008", interval, null);
        }
        if (type == Duration.class) {
            if (interval.months() != 0) {
                throw new ReadFailure("it has months, which have no fixed length; read it as Interval (or Period when "
                        + "it has no time part)", "22015", interval, null);
            }
            return interval.toDuration();
        }
        if (type == Period.class) {
            if (interval.microseconds() != 0) {
                throw new ReadFailure("it has a time part, which Period cannot hold; read it as Interval (or Duration "
                        + "when it has no months)", "22015", interval, null);
            }
            return interval.toPeriod();
        }
        return toPgInterval(interval);
    }

    /** Split the way PostgreSQL prints it, each field carrying its sign, so it equals what PgJDBC parses from text. */
    private static PGInterval toPgInterval(Interval interval) {
        long micros = interval.microseconds();
        long hours = micros / MICROS_PER_HOUR;
        if (hours != (int) hours) {
            throw new ReadFailure("its time part exceeds 2^31 hours, more than PGInterval's int hours hold; read it as "
                    + "Interval", "22015", interval, null);
        }
        long rest = micros % MICROS_PER_HOUR;
        int minutes = (int) (rest / 60_000_000L);
        long secondMicros = rest % 60_000_000L;
        double seconds = secondMicros / 1_000_000L + (secondMicros % 1_000_000L) / 1e6;
        int months = interval.months();
        return new PGInterval(months / 12, months % 12, interval.days(), (int) hours, minutes, seconds);
    }

    /**
     * An {@code interval[]} from the text PostgreSQL prints for it ({@code {"1 day",NULL,00:00:01}}, nested braces for
     * more dimensions, an optional {@code [0:1]=} bounds prefix, which Java arrays cannot keep): Interval[], nested.
     */
    static Object parseArray(String text) {
        int start = text.indexOf('{');
        if (start < 0) {
            throw new ReadFailure("the server's text for it is not an array", "22P02", text, null);
        }
        int[] position = {start};
        return parseLevel(text, position);
    }

    private static Object parseLevel(String text, int[] position) {
        java.util.List<Object> elements = new java.util.ArrayList<>();
        int i = position[0] + 1; // past '{'
        boolean nested = false;
        while (i < text.length() && text.charAt(i) != '}') {
            char c = text.charAt(i);
            if (c == ',') {
                i++;
            } else if (c == '{') {
                position[0] = i;
                elements.add(parseLevel(text, position));
                nested = true;
                i = position[0];
            } else if (c == '"') {
                StringBuilder element = new StringBuilder();
                i++;
                while (text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\') {
                        i++;
                    }
                    element.append(text.charAt(i++));
                }
                i++;
                elements.add(Values.convert(element.toString(), Interval.class));
            } else {
                int end = i;
                while (text.charAt(end) != ',' && text.charAt(end) != '}') {
                    end++;
                }
                String element = text.substring(i, end);
                elements.add(element.equals("NULL") ? null : Values.convert(element, Interval.class));
                i = end;
            }
        }
        position[0] = i + 1; // past '}'
        if (nested) {
            Object first = elements.get(0);
            Object array = java.lang.reflect.Array.newInstance(first.getClass(), elements.size());
            for (int e = 0; e < elements.size(); e++) {
                java.lang.reflect.Array.set(array, e, elements.get(e));
            }
            return array;
        }
        return elements.toArray(new Interval[0]);
    }
}
