package dev.tusk.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OtherCpuTest {

    @Test
    void shouldReportAShareOfTheMachineBetweenTwoSamples() throws Exception {
        OtherCpu meter = new OtherCpu(() -> List.of(ProcessHandle.current().pid()));

        OtherCpu.Sample before = meter.sample();
        long spinUntil = System.nanoTime() + 50_000_000;
        while (System.nanoTime() < spinUntil) {
            Thread.onSpinWait();
        }
        OtherCpu.Sample after = meter.sample();

        assertThat(before).as("/proc is readable on the Linux machines Tusk builds on").isNotNull();
        assertThat(OtherCpu.percentBetween(before, after)).isBetween(0.0, 100.0);
    }

    @Test
    void shouldSayNothingWithoutSamples() {
        assertThat(OtherCpu.percentBetween(null, null)).isNaN();
    }
}
