package dev.tusk.cli;

import dev.tusk.Progress;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressDisplayTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final StringWriter written = new StringWriter();

    private ProgressDisplay display(boolean terminal, long totalBytes) {
        return new ProgressDisplay(new PrintWriter(written), terminal, "loading x.csv", totalBytes, nanos::get);
    }

    private static Progress running(long rows, long bytes, long millis) {
        return new Progress(rows, -1, bytes, Duration.ofMillis(millis));
    }

    @Test
    void shouldPrintAPlainLineAtMostOnceASecond() {
        ProgressDisplay display = display(false, 4_000_000);

        nanos.addAndGet(999_000_000L);
        display.onProgress(running(10, 1_000_000, 999));
        nanos.addAndGet(1_000_000L);
        display.onProgress(running(20, 2_000_000, 1000));
        nanos.addAndGet(500_000_000L);
        display.onProgress(running(30, 3_000_000, 1500));

        assertThat(written.toString()).isEqualTo("loading x.csv: 50% of 4.0 MB, 20 rows, 20 rows/s" + System.lineSeparator());
    }

    @Test
    void shouldShowBytesWhenTheSizeIsUnknownAndSkipTheFinalReport() {
        ProgressDisplay display = display(false, -1);

        nanos.addAndGet(2_000_000_000L);
        display.onProgress(new Progress(50, 50, 2_500_000, Duration.ofSeconds(2)));
        display.onProgress(running(40, 2_500_000, 2000));

        assertThat(written.toString()).isEqualTo("loading x.csv: 2.5 MB, 40 rows, 20 rows/s" + System.lineSeparator());
    }

    @Test
    void shouldRedrawABarInPlaceAtMostFiveTimesASecondAndWipeItAtTheEnd() {
        ProgressDisplay display = display(true, 1_000);

        nanos.addAndGet(200_000_000L);
        display.onProgress(running(12_345, 500, 200));
        nanos.addAndGet(100_000_000L);
        display.onProgress(running(20_000, 600, 300));
        nanos.addAndGet(100_000_000L);
        display.onProgress(running(5, 1_000, 500));
        display.close();

        String first = "loading x.csv [############------------]  50%  12,345 rows  61,725 rows/s  0.0 MB";
        String second = "loading x.csv [########################] 100%  5 rows  10 rows/s  0.0 MB";
        assertThat(written.toString()).isEqualTo("\r" + first + "\r" + second
                + " ".repeat(first.length() - second.length()) + "\r" + " ".repeat(second.length()) + "\r");
    }
}
