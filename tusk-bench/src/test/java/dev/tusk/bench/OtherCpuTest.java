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

    @Test
    void shouldCountAnOwnProcessThatStartedAndEndedWithinTheRoundAsOwn() throws Exception {
        // The benchmark's own processes are this JVM and its children, as a server's backends are the server's.
        OtherCpu meter = new OtherCpu(() -> {
            List<Long> own = new java.util.ArrayList<>(List.of(ProcessHandle.current().pid()));
            ProcessHandle.current().descendants().forEach(child -> own.add(child.pid()));
            return own;
        });
        OtherCpu.Watch watch = meter.watch();
        // A child that counts to 2,000,000 in the shell itself (about 1.6 s of CPU here) and exits before the round ends.
        Process child = new ProcessBuilder("sh", "-c",
                "i=0; while [ $i -lt 2000000 ]; do i=$((i+1)); done").start();
        assertThat(child.waitFor()).isZero();
        Thread.sleep(300);
        watch.end();

        // At 100 ticks a second that is over 100 ticks, less the last 100 ms before it ended; two samples at the ends
        // of the round would have counted none of them, the child being gone by then.
        assertThat(watch.ownTicks()).isGreaterThan(80);
    }
}
