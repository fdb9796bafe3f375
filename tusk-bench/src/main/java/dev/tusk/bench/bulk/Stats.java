package dev.tusk.bench.bulk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Medians and number formatting shared by the bulk benchmarks' reports. */
public final class Stats {

    private Stats() {
    }

    /** The median of {@code values} (the mean of the middle two for an even count), or NaN when empty. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Rows per second of {@code rows} in {@code nanos}. */
    public static double rate(long rows, long nanos) {
        return nanos <= 0 ? 0 : rows * 1e9 / nanos;
    }

    /** A whole number with thousands separators, such as {@code 1,423,000}. */
    public static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** A ratio with two decimals, or {@code n/a} when either side is missing. */
    public static String ratio(double numerator, double denominator) {
        if (!(numerator > 0) || !(denominator > 0)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", numerator / denominator);
    }
}
