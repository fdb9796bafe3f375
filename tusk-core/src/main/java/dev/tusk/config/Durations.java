package dev.tusk.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as operators write them ({@code 30}, {@code 500ms}, {@code 1.5s}, {@code 5m}, {@code 1h}) and prints them back. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /** Parses {@code text}; a bare number is in {@code bareUnit}. Negative values parse, so the setting's rule can refuse them by name. */
    static Duration parse(String text, ChronoUnit bareUnit) {
        Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration");
        }
        ChronoUnit unit = matcher.group(2) == null ? bareUnit : switch (matcher.group(2)) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            default -> ChronoUnit.HOURS;
        };
        BigDecimal nanos = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit.getDuration().toNanos()));
        try {
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration too long", e);
        }
    }

    /** {@code duration} in the largest whole unit: {@code 1h}, {@code 5m}, {@code 30s}, {@code 1500ms}. */
    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.toString();
        }
        if (nanos % 3_600_000_000_000L == 0) {
            return nanos / 3_600_000_000_000L + "h";
        } else if (nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        } else if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        } else if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return duration.toString();
    }

    /** The unit's name in messages and docs: {@code seconds}, {@code milliseconds}. */
    static String unitName(ChronoUnit unit) {
        return unit == ChronoUnit.MILLIS ? "milliseconds" : unit.toString().toLowerCase(Locale.ROOT);
    }
}
