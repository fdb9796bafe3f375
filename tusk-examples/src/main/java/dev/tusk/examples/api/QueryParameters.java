package dev.tusk.examples.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query string of one request, checked against the parameters its endpoint accepts. Every refusal is a
 * {@link BadRequestException} naming the parameter and quoting the value, so a caller can fix the request alone.
 */
final class QueryParameters {

    // Values are quoted in messages; a longer one is cut so a hostile 1 MB value does not come back in full.
    private static final int QUOTED_MAX = 64;

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code rawQuery} (undecoded, may be null); refuses names outside {@code accepted} and repeated names. */
    static QueryParameters parse(String rawQuery, Set<String> accepted) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParameters(values);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), pair);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), pair);
            if (!accepted.contains(name)) {
                throw new BadRequestException(name, value, "unknown query parameter " + quote(name) + "; this endpoint "
                        + "accepts " + (accepted.isEmpty() ? "none" : String.join(", ", accepted.stream().sorted().toList())));
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new BadRequestException(name, value, "query parameter " + name + " is given more than once "
                        + "(" + quote(values.get(name)) + " and " + quote(value) + "); give it once");
            }
        }
        return new QueryParameters(values);
    }

    private static String decode(String text, String pair) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(null, pair, "query parameter " + quote(pair) + " is not valid "
                    + "percent-encoding: " + e.getMessage());
        }
    }

    /** The value of {@code name}, or null when it is absent; an empty value is refused. */
    String text(String name) {
        String value = values.get(name);
        if (value != null && value.isBlank()) {
            throw new BadRequestException(name, value, "query parameter " + name + " must not be empty; leave it out "
                    + "to not filter by it");
        }
        return value;
    }

    /** The value of {@code name}; refused when absent. */
    String required(String name, String example) {
        String value = text(name);
        if (value == null) {
            throw new BadRequestException(name, null, "query parameter " + name + " is required, for example "
                    + name + "=" + example);
        }
        return value;
    }

    /** The value of {@code name} when it matches {@code pattern}, described to the caller as {@code shape}; null when absent. */
    String matching(String name, Pattern pattern, String shape) {
        String value = text(name);
        if (value != null && !pattern.matcher(value).matches()) {
            throw refused(name, value, shape);
        }
        return value;
    }

    /** The value of {@code name} when it is one of {@code choices} (any case), in lower case; null when absent. */
    String oneOf(String name, List<String> choices) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!choices.contains(lower)) {
            throw refused(name, value, "one of " + String.join(", ", choices));
        }
        return lower;
    }

    /** The value of {@code name} as an integer from {@code min} to {@code max}, or {@code absent} when it is absent. */
    int integer(String name, int min, int max, int absent) {
        String value = text(name);
        if (value == null) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Falls through to the same message as a number out of range: both need a number in range.
        }
        throw refused(name, value, "an integer from " + min + " to " + max);
    }

    /** The value of {@code name} as an ISO date (2024-01-31), or {@code absent} when it is absent. */
    LocalDate date(String name, LocalDate absent) {
        String value = text(name);
        if (value == null) {
            return absent;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw refused(name, value, "a date as YYYY-MM-DD, such as 2024-01-31");
        }
    }

    private static BadRequestException refused(String name, String value, String shape) {
        return new BadRequestException(name, value, "query parameter " + name + " must be " + shape + ", but was "
                + quote(value));
    }

    /** {@code value} in double quotes for a message, cut to {@value #QUOTED_MAX} characters. */
    static String quote(String value) {
        return value == null ? "nothing" : "\"" + cut(value) + "\"";
    }

    /** {@code value} cut to {@value #QUOTED_MAX} characters, saying how long it was when cut. */
    static String cut(String value) {
        return value.length() > QUOTED_MAX ? value.substring(0, QUOTED_MAX) + "…(" + value.length() + " characters)"
                : value;
    }
}
