package dev.tusk.query;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The text forms of {@link Interval}: printing as PostgreSQL's {@code EncodeInterval} does for the {@code postgres}
 * and {@code iso_8601} styles, and reading the output of all four {@code IntervalStyle}s. Fields are split the way
 * the server splits them (truncating division, so every field carries the sign of its source).
 */
final class IntervalText {

    private static final int MAX_TEXT_IN_MESSAGE = 80;

    private IntervalText() {
    }

    static String postgres(Interval interval) {
        Fields f = Fields.of(interval);
        StringBuilder text = new StringBuilder(40);
        boolean[] state = {true, false}; // is_zero, is_before: what the server tracks between parts
        postgresPart(text, f.years, "year", state);
        postgresPart(text, f.months, "mon", state);
        postgresPart(text, f.days, "day", state);
        boolean isZero = state[0];
        if (isZero || f.hours != 0 || f.minutes != 0 || f.seconds != 0 || f.micros != 0) {
            boolean minus = f.hours < 0 || f.minutes < 0 || f.seconds < 0 || f.micros < 0;
            text.append(isZero ? "" : " ").append(minus ? "-" : state[1] ? "+" : "");
            String hours = Long.toString(Math.abs(f.hours));
            text.append(hours.length() < 2 ? "0" : "").append(hours).append(':');
            text.append(Math.abs(f.minutes) < 10 ? "0" : "").append(Math.abs(f.minutes)).append(':');
            text.append(Interval.seconds(f.seconds, f.micros, true));
        }
        return text.toString();
    }

    private static void postgresPart(StringBuilder text, long value, String unit, boolean[] state) {
        if (value == 0) {
            return;
        }
        text.append(state[0] ? "" : " ").append(state[1] && value > 0 ? "+" : "").append(value).append(' ')
                .append(unit).append(value != 1 ? "s" : "");
        // Each part decides whether the next positive one is written with a '+', as the server does.
        state[1] = value < 0;
        state[0] = false;
    }

    static String iso8601(Interval interval) {
        Fields f = Fields.of(interval);
        if (f.years == 0 && f.months == 0 && f.days == 0 && f.hours == 0 && f.minutes == 0 && f.seconds == 0
                && f.micros == 0) {
            return "PT0S";
        }
        StringBuilder text = new StringBuilder("P");
        isoPart(text, f.years, 'Y');
        isoPart(text, f.months, 'M');
        isoPart(text, f.days, 'D');
        if (f.hours != 0 || f.minutes != 0 || f.seconds != 0 || f.micros != 0) {
            text.append('T');
        }
        isoPart(text, f.hours, 'H');
        isoPart(text, f.minutes, 'M');
        if (f.seconds != 0 || f.micros != 0) {
            text.append(f.seconds < 0 || f.micros < 0 ? "-" : "").append(Interval.seconds(f.seconds, f.micros, false))
                    .append('S');
        }
        return text.toString();
    }

    private static void isoPart(StringBuilder text, long value, char designator) {
        if (value != 0) {
            text.append(value).append(designator);
        }
    }

    static Interval parse(String input) {
        String text = input.strip();
        try {
            if (text.isEmpty()) {
                throw new NumberFormatException("it is empty");
            }
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.equals("infinity") || lower.equals("+infinity")) {
                return Interval.POSITIVE_INFINITY;
            }
            if (lower.equals("-infinity")) {
                return Interval.NEGATIVE_INFINITY;
            }
            Sum sum = new Sum();
            if (text.charAt(0) == 'P') {
                parseIso(text, sum);
            } else if (lower.chars().anyMatch(Character::isLetter) || text.startsWith("@")) {
                parseWords(lower, sum);
            } else {
                parseSqlStandard(text, sum);
            }
            return sum.toInterval();
        } catch (NumberFormatException | ArithmeticException e) {
            String shown = text.length() > MAX_TEXT_IN_MESSAGE ? text.substring(0, MAX_TEXT_IN_MESSAGE) + "…" : text;
            throw new IllegalArgumentException("\"" + shown + "\" is not an interval as PostgreSQL prints one ("
                    + e.getMessage() + "); expected e.g. 1 year 2 mons 3 days 04:05:06.5, P1Y2M3DT4H5M6.5S, "
                    + "@ 1 year ago, +1-2 +3 +4:05:06.5 or infinity", e);
        }
    }

    /** The {@code postgres} and {@code postgres_verbose} styles: numbers with unit words, a clock time, "ago". */
    private static void parseWords(String text, Sum sum) {
        String[] tokens = text.split("\\s+");
        int start = tokens[0].equals("@") ? 1 : 0;
        int end = tokens.length;
        boolean ago = end > start && tokens[end - 1].equals("ago");
        if (ago) {
            end--;
            // Every field is negated as it is added, so that the minimum values, printed as magnitudes, fit.
            sum.negating = true;
        }
        if (start == end) {
            throw new NumberFormatException("it has no fields");
        }
        for (int i = start; i < end; i++) {
            String token = tokens[i];
            if (token.indexOf(':') >= 0) {
                sum.addClock(token);
            } else if (i + 1 < end && !Character.isDigit(tokens[i + 1].charAt(0)) && tokens[i + 1].indexOf(':') < 0
                    && tokens[i + 1].charAt(0) != '-' && tokens[i + 1].charAt(0) != '+') {
                sum.addUnit(token, tokens[++i]);
            } else if (token.equals("0") && i == end - 1) {
                // postgres_verbose prints a zero interval as "@ 0".
            } else {
                throw new NumberFormatException("\"" + token + "\" has no unit");
            }
        }
    }

    /** The {@code sql_standard} style: {@code [-]Y-M}, {@code [-]D H:MM:SS}, or all three signed, or {@code 0}. */
    private static void parseSqlStandard(String text, Sum sum) {
        String[] tokens = text.split("\\s+");
        boolean othersSigned = false;
        for (int i = 1; i < tokens.length; i++) {
            othersSigned |= tokens[i].startsWith("-") || tokens[i].startsWith("+");
        }
        // A lone leading minus applies to every field, as the standard writes one sign for the whole interval.
        boolean negateAll = tokens[0].startsWith("-") && !othersSigned;
        if (negateAll) {
            tokens[0] = tokens[0].substring(1);
            sum.negating = true;
        }
        for (String token : tokens) {
            int dash = token.indexOf('-', 1);
            if (token.indexOf(':') >= 0) {
                sum.addClock(token);
            } else if (dash > 0) {
                int sign = token.startsWith("-") ? -1 : 1;
                int from = token.startsWith("-") || token.startsWith("+") ? 1 : 0;
                sum.addMonths(sign * Math.addExact(Math.multiplyExact(digits(token.substring(from, dash)), 12L),
                        digits(token.substring(dash + 1))));
            } else {
                sum.addDays(signedInteger(token));
            }
        }
    }

    /** The {@code iso_8601} style's format with designators: {@code P1Y2M3DT4H5M6.5S}, each number signed. */
    private static void parseIso(String text, Sum sum) {
        boolean time = false;
        int i = 1;
        if (i == text.length()) {
            throw new NumberFormatException("it has no fields after P");
        }
        while (i < text.length()) {
            if (text.charAt(i) == 'T' && !time) {
                time = true;
                i++;
                continue;
            }
            int numberStart = i;
            while (i < text.length() && "+-.0123456789".indexOf(text.charAt(i)) >= 0) {
                i++;
            }
            if (i == numberStart || i == text.length()) {
                throw new NumberFormatException("a number and a designator were expected at position " + numberStart);
            }
            String number = text.substring(numberStart, i);
            char designator = text.charAt(i++);
            if (time && designator == 'S') {
                sum.addMicros(secondsToMicros(number));
                continue;
            }
            long value = signedInteger(number);
            switch (time ? "T" + designator : String.valueOf(designator)) {
                case "Y" -> sum.addMonths(Math.multiplyExact(value, 12L));
                case "M" -> sum.addMonths(value);
                case "W" -> sum.addDays(Math.multiplyExact(value, 7L));
                case "D" -> sum.addDays(value);
                case "TH" -> sum.addMicros(Math.multiplyExact(value, Interval.MICROS_PER_HOUR));
                case "TM" -> sum.addMicros(Math.multiplyExact(value, Interval.MICROS_PER_MINUTE));
                default -> throw new NumberFormatException("'" + designator + "' is not a designator here");
            }
        }
    }

    private static long digits(String text) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException("\"" + text + "\" is not a whole number");
        }
        return Long.parseLong(text);
    }

    private static long signedInteger(String text) {
        if (text.startsWith("-")) {
            return -digits(text.substring(1));
        }
        return digits(text.startsWith("+") ? text.substring(1) : text);
    }

    /** Decimal seconds, at most six decimals, as microseconds. */
    private static long secondsToMicros(String text) {
        BigDecimal seconds = new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
        if (seconds.scale() > 6) {
            throw new NumberFormatException("seconds have more than six decimals");
        }
        return seconds.movePointRight(6).longValueExact();
    }

    /** An interval split into the fields PostgreSQL prints, each with the sign of its source. */
    private record Fields(long years, long months, long days, long hours, long minutes, long seconds, long micros) {

        static Fields of(Interval interval) {
            long rest = interval.microseconds();
            long hours = rest / Interval.MICROS_PER_HOUR;
            rest -= hours * Interval.MICROS_PER_HOUR;
            long minutes = rest / Interval.MICROS_PER_MINUTE;
            rest -= minutes * Interval.MICROS_PER_MINUTE;
            long seconds = rest / Interval.MICROS_PER_SECOND;
            rest -= seconds * Interval.MICROS_PER_SECOND;
            return new Fields(interval.months() / 12, interval.months() % 12, interval.days(), hours, minutes, seconds,
                    rest);
        }
    }

    /** Running totals, each field signed before it is added so that the minimum values do not overflow. */
    private static final class Sum {
        private long months;
        private long days;
        private long micros;
        /** Whether the text's one sign ("ago", a leading sql_standard minus) negates every field. */
        private boolean negating;

        void addMonths(long value) {
            months = Math.addExact(months, negating ? -value : value);
        }

        void addDays(long value) {
            days = Math.addExact(days, negating ? -value : value);
        }

        void addMicros(long value) {
            micros = Math.addExact(micros, negating ? Math.negateExact(value) : value);
        }

        /** A clock time {@code [±]H:MM:SS[.ffffff]}, the sign applying to all of it. */
        void addClock(String token) {
            int sign = (token.startsWith("-") ? -1 : 1) * (negating ? -1 : 1);
            String[] parts = token.substring(token.startsWith("-") || token.startsWith("+") ? 1 : 0).split(":", -1);
            if (parts.length != 3) {
                throw new NumberFormatException("\"" + token + "\" is not a time of the form H:MM:SS");
            }
            long hours = digits(parts[0]);
            long minutes = digits(parts[1]);
            if (parts[2].startsWith("-") || parts[2].startsWith("+")) {
                throw new NumberFormatException("\"" + token + "\" has a signed seconds field");
            }
            long value = Math.multiplyExact(sign * hours, Interval.MICROS_PER_HOUR);
            value = Math.addExact(value, sign * minutes * Interval.MICROS_PER_MINUTE);
            // Signed before adding (not negated after), so that the minimum, -2562047788:00:54.775808, fits.
            micros = Math.addExact(micros, Math.addExact(value, sign * secondsToMicros(parts[2])));
        }

        void addUnit(String number, String unit) {
            switch (unit) {
                case "year", "years" -> addMonths(Math.multiplyExact(signedInteger(number), 12L));
                case "mon", "mons", "month", "months" -> addMonths(signedInteger(number));
                case "day", "days" -> addDays(signedInteger(number));
                case "hour", "hours" -> addMicros(Math.multiplyExact(signedInteger(number), Interval.MICROS_PER_HOUR));
                case "min", "mins", "minute", "minutes" ->
                        addMicros(Math.multiplyExact(signedInteger(number), Interval.MICROS_PER_MINUTE));
                case "sec", "secs", "second", "seconds" -> addMicros(secondsToMicros(number));
                default -> throw new NumberFormatException("\"" + unit + "\" is not a unit PostgreSQL prints");
            }
        }

        Interval toInterval() {
            if (months != (int) months || days != (int) days) {
                throw new ArithmeticException("months and days must each fit in an int");
            }
            return Interval.of((int) months, (int) days, micros);
        }
    }
}
