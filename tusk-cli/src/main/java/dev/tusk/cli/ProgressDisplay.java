package dev.tusk.cli;

import dev.tusk.Progress;
import dev.tusk.ProgressListener;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows how far a COPY has come. On a terminal it redraws one line in place with {@code \r}, at most five times a
 * second, and wipes it at the end so the summary line stands alone; elsewhere (pipes, CI logs, tests) it prints a
 * plain line at most once a second, so a load that ends within a second prints none.
 */
final class ProgressDisplay implements ProgressListener, AutoCloseable {

    /** The shortest time between two redraws on a terminal. */
    static final long TERMINAL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** The shortest time between two plain lines. */
    static final long PLAIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private final boolean terminal;
    private final String label;
    private final long totalBytes;
    private final long totalRows;
    private final LongSupplier nanoClock;
    private long lastShownNanos;
    private int drawnWidth;

    /**
     * A display on {@code out} headed {@code label}; {@code totalBytes} is the input size for a percentage, or -1 when
     * unknown; {@code nanoClock} is {@code System::nanoTime} outside tests.
     */
    ProgressDisplay(PrintWriter out, boolean terminal, String label, long totalBytes, LongSupplier nanoClock) {
        this(out, terminal, label, totalBytes, -1, nanoClock);
    }

    private ProgressDisplay(PrintWriter out, boolean terminal, String label, long totalBytes, long totalRows,
                            LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.totalBytes = totalBytes;
        this.totalRows = totalRows;
        this.nanoClock = nanoClock;
        this.lastShownNanos = nanoClock.getAsLong();
    }

    /** A display whose percentage counts rows out of {@code totalRows}, for sources whose size in bytes is unknown. */
    static ProgressDisplay forRows(PrintWriter out, boolean terminal, String label, long totalRows, LongSupplier nanoClock) {
        return new ProgressDisplay(out, terminal, label, -1, totalRows, nanoClock);
    }

    /** Shows {@code progress} if enough time has passed since the last showing; the final report is left to the summary. */
    @Override
    public void onProgress(Progress progress) {
        if (progress.total() >= 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - lastShownNanos < (terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS)) {
            return;
        }
        lastShownNanos = now;
        if (terminal) {
            String line = barLine(progress);
            // Pad over the remains of a longer previous line.
            out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            drawnWidth = line.length();
        } else {
            out.println(plainLine(progress));
        }
        out.flush();
    }

    /** Wipes the bar from a terminal so that what follows starts on a clean line. */
    @Override
    public void close() {
        if (terminal && drawnWidth > 0) {
            out.print("\r" + " ".repeat(drawnWidth) + "\r");
            out.flush();
            drawnWidth = 0;
        }
    }

    private String barLine(Progress progress) {
        double percent = percent(progress);
        StringBuilder line = new StringBuilder(label).append(' ');
        if (percent >= 0) {
            int filled = (int) Math.round(percent / 100 * BAR_WIDTH);
            line.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append(']')
                    .append(String.format(Locale.ROOT, " %3.0f%%", percent));
        }
        return line.append(String.format(Locale.ROOT, "  %,d rows  %,.0f rows/s  %s", progress.items(),
                progress.itemsPerSecond(), megabytes(progress.bytes()))).toString();
    }

    private String plainLine(Progress progress) {
        double percent = percent(progress);
        String share = percent < 0 ? megabytes(progress.bytes())
                : totalRows > 0 ? String.format(Locale.ROOT, "%.0f%%", percent)
                : String.format(Locale.ROOT, "%.0f%% of %s", percent, megabytes(totalBytes));
        return String.format(Locale.ROOT, "%s: %s, %d rows, %.0f rows/s", label, share, progress.items(),
                progress.itemsPerSecond());
    }

    private double percent(Progress progress) {
        if (totalRows > 0) {
            return Math.min(100.0, 100.0 * progress.items() / totalRows);
        }
        return totalBytes <= 0 ? -1 : Math.min(100.0, 100.0 * progress.bytes() / totalBytes);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
