package dev.tusk.failover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What the failover round runners print about their figures and the machine they ran on. */
final class RoundFigures {

    private RoundFigures() {
    }

    /** The median of {@code sorted}, which must be in ascending order. */
    static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The 1, 5 and 15 minute load averages, or "unknown" where /proc/loadavg cannot be read. */
    static String loadAverage() {
        try {
            return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
