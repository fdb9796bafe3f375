package dev.tusk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Measures how much of the machine's CPU other processes took during a round, from {@code /proc}: the machine's busy
 * time minus that of the benchmark's own processes. On two shared cores this tells a disturbed round from a clean one.
 */
public final class OtherCpu {

    private final Supplier<List<Long>> ownProcesses;

    /** A meter counting the processes listed by {@code ownProcesses} (asked at every sample) as the benchmark's own. */
    public OtherCpu(Supplier<List<Long>> ownProcesses) {
        this.ownProcesses = ownProcesses;
    }

    /** The machine's and the own processes' CPU counters now; null where {@code /proc} cannot be read. */
    public Sample sample() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal; guest time is already inside user.
            for (int i = 1; i <= 8; i++) {
                total += Long.parseLong(cpu[i]);
            }
            // Interrupt and softirq time is left out of busy: on loopback it is mostly the benchmark's own traffic,
            // which the kernel charges to no process. Steal stays in: it is other guests on the same host.
            long busy = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]) + Long.parseLong(cpu[8]);
            Map<Long, Long> own = new HashMap<>();
            for (long pid : ownProcesses.get()) {
                long ticks = processTicks(pid);
                if (ticks >= 0) {
                    own.put(pid, ticks);
                }
            }
            return new Sample(total, busy, own);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The percentage of the machine's CPU capacity that other processes used between {@code before} and {@code after}. */
    public static double percentBetween(Sample before, Sample after) {
        if (before == null || after == null || after.totalTicks <= before.totalTicks) {
            return Double.NaN;
        }
        long ownTicks = 0;
        for (Map.Entry<Long, Long> entry : after.ownTicks.entrySet()) {
            // A process that started during the round (a new backend) spent all its time in it.
            ownTicks += entry.getValue() - before.ownTicks.getOrDefault(entry.getKey(), 0L);
        }
        long otherTicks = Math.max(0, after.busyTicks - before.busyTicks - ownTicks);
        return 100.0 * otherTicks / (after.totalTicks - before.totalTicks);
    }

    /**
     * Clock ticks the own processes used between the samples, counting only those alive at {@code after} (a process
     * that ended in between is lost), or -1 when either sample is missing.
     */
    public static long ownTicksBetween(Sample before, Sample after) {
        if (before == null || after == null) {
            return -1;
        }
        long ticks = 0;
        for (Map.Entry<Long, Long> entry : after.ownTicks.entrySet()) {
            ticks += entry.getValue() - before.ownTicks.getOrDefault(entry.getKey(), 0L);
        }
        return ticks;
    }

    // utime + stime of one process in clock ticks, or -1 if it is gone; the name field may hold spaces, so parse after ')'.
    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU counters at one instant, in clock ticks. */
    public static final class Sample {
        private final long totalTicks;
        private final long busyTicks;
        private final Map<Long, Long> ownTicks;

        private Sample(long totalTicks, long busyTicks, Map<Long, Long> ownTicks) {
            this.totalTicks = totalTicks;
            this.busyTicks = busyTicks;
            this.ownTicks = ownTicks;
        }
    }
}
