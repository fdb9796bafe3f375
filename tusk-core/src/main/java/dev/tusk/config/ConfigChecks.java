package dev.tusk.config;

import dev.tusk.internal.Shown;

import java.time.Duration;

/** The checks every setting passes, with messages that state the bound and the value. */
final class ConfigChecks {

    private ConfigChecks() {
    }

    static void notNull(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must be set");
        }
    }

    static void notBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to "
                    + (max == Long.MAX_VALUE ? "any size" : String.valueOf(max)) + ", but was " + value);
        }
    }

    static void percent(String name, double value) {
        if (!(value > 0 && value <= 100)) {
            throw new IllegalArgumentException(name + " must be above 0 and at most 100, but was " + value);
        }
    }

    static void notNegative(String name, Duration value) {
        notNull(name, value);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, but was " + value);
        }
    }

    static void positive(String name, Duration value) {
        notNull(name, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
    }

    static void atLeast(String name, Duration value, Duration minimum) {
        notNull(name, value);
        if (value.compareTo(minimum) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + minimum.toMillis() + "ms, but was " + value);
        }
    }

    static void zeroOrAtLeast(String name, Duration value, Duration minimum, String zeroMeans) {
        notNull(name, value);
        if (!value.isZero() && value.compareTo(minimum) < 0) {
            throw new IllegalArgumentException(name + " must be zero (" + zeroMeans + ") or at least "
                    + Durations.format(minimum) + ", but was " + value);
        }
    }

    // Only plain lower-case names, so the name can be written into SQL unquoted and means the same everywhere.
    static void identifier(String name, String value) {
        notNull(name, value);
        if (!value.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(name + " must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most "
                    + "63 characters), but was " + Shown.name(value));
        }
    }

    static void applicationName(String value) {
        notNull("applicationName", value);
        if (value.length() > 63) {
            throw new IllegalArgumentException("applicationName must be at most 63 characters, but was "
                    + value.length() + " long: " + Shown.name(value));
        }
    }
}
