package dev.tusk.cli;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest {

    @Test
    void shouldKeepSmallValuesExactAndLargeOnesWithinOnePartInAThousand() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long value = i < 2048 ? i : random.nextLong(2048, LatencyHistogram.HIGHEST_NANOS + 1);
            long upper = LatencyHistogram.highestIn(LatencyHistogram.index(value));
            assertThat(upper).as("bucket of %d", value).isGreaterThanOrEqualTo(value);
            if (value < 2048) {
                assertThat(upper).isEqualTo(value);
            } else {
                assertThat((double) (upper - value) / value).as("error at %d", value).isLessThan(1.0 / 1024);
            }
        }
    }

    @Test
    void shouldReportPercentilesOfRecordedLatencies() {
        LatencyHistogram histogram = new LatencyHistogram();
        // 1..100 µs, one each: p50 is 50 µs, p99 is 99 µs.
        for (int micros = 100; micros >= 1; micros--) {
            histogram.record(micros * 1000L);
        }

        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.percentileNanos(50)).isCloseTo(50_000L, within(50L));
        assertThat(histogram.percentileNanos(99)).isCloseTo(99_000L, within(99L));
        assertThat(histogram.percentileNanos(100)).isCloseTo(100_000L, within(100L));
    }

    @Test
    void shouldMergeWorkersAndClampOutliers() {
        LatencyHistogram first = new LatencyHistogram();
        LatencyHistogram second = new LatencyHistogram();
        for (int i = 0; i < 98; i++) {
            first.record(300);
        }
        second.record(-5);
        second.record(Long.MAX_VALUE);

        first.add(second);

        assertThat(first.count()).isEqualTo(100);
        assertThat(first.percentileNanos(1)).isZero();
        assertThat(first.percentileNanos(50)).isEqualTo(300);
        assertThat(first.percentileNanos(100)).isGreaterThanOrEqualTo(LatencyHistogram.HIGHEST_NANOS)
                .isLessThan(LatencyHistogram.HIGHEST_NANOS + LatencyHistogram.HIGHEST_NANOS / 1024);
        assertThat(new LatencyHistogram().percentileNanos(99)).isZero();
    }
}
