package dev.tusk.bench.bulk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The COPY-in comparison's figures: rows/s of every method in every round, in the order the rounds ran.
 *
 * @param rows    rows per load
 * @param methods the methods measured, in their first round's order
 * @param orders  each round's method order
 * @param rates   each method's rows/s per round, indexed like {@code orders}
 * @param cpu     each method's CPU time of this JVM per row (ns) per round; psql runs outside it and has none
 * @param skipped methods left out, with the reason
 */
public record CopyInResult(long rows, List<LoadMethod> methods, List<List<LoadMethod>> orders,
                           Map<LoadMethod, List<Double>> rates, Map<LoadMethod, List<Double>> cpu,
                           Map<LoadMethod, String> skipped) {

    /** Copies the collections. */
    public CopyInResult {
        methods = List.copyOf(methods);
        orders = List.copyOf(orders);
        rates = new LinkedHashMap<>(rates);
        cpu = new LinkedHashMap<>(cpu);
        skipped = new LinkedHashMap<>(skipped);
    }

    /** The median client CPU ns per row of {@code method}, or NaN when it was not measured in this JVM. */
    public double medianCpu(LoadMethod method) {
        List<Double> values = cpu.get(method);
        return values == null ? Double.NaN : Stats.median(values);
    }

    /** The median rows/s of {@code method} across rounds, or NaN when it was not run. */
    public double median(LoadMethod method) {
        List<Double> values = rates.get(method);
        return values == null ? Double.NaN : Stats.median(values);
    }
}
