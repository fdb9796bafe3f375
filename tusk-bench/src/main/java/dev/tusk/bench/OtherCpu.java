package dev.tusk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * Starts metering one round. Unlike two {@link #sample()}s, it looks at the own processes every 100 ms meanwhile,
     * so a process that starts and ends within the round (a server backend of a connection the pool retired and
     * replaced) is counted as the benchmark's own up to its last sighting, not as another process's CPU.
     */
    public Watch watch() {
        return new Watch();
    }

    /** A round being metered; {@link #end()} stops it. */
    public final class Watch {
        private final Sample before = sample();
        private final Map<Long, Long> lastSeen = new ConcurrentHashMap<>();
        private final Thread looker = Thread.ofPlatform().daemon().name("other-cpu-watch").start(this::look);
        private long ownTicks = -1;

        private Watch() {
        }

        private void look() {
            while (!Thread.currentThread().isInterrupted()) {
                noteOwnProcesses();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void noteOwnProcesses() {
            for (long pid : ownProcesses.get()) {
                long ticks = processTicks(pid);
                if (ticks >= 0) {
                    lastSeen.merge(pid, ticks, Math::max);
                }
            }
        }

        /** Stops metering; returns the percentage of the machine's CPU capacity other processes used, or NaN. */
        public double end() throws InterruptedException {
            looker.interrupt();
            looker.join();
            Sample after = sample();
            if (before == null || after == null || after.totalTicks <= before.totalTicks) {
                return Double.NaN;
            }
            after.ownTicks.forEach((pid, ticks) -> lastSeen.merge(pid, ticks, Math::max));
            ownTicks = ownTicksSince(before, lastSeen);
            return otherPercent(before, after, ownTicks);
        }

        /** Clock ticks the own processes used in the round, those that ended in it included; -1 before {@link #end()}. */
        public long ownTicks() {
            return ownTicks;
        }
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
        return otherPercent(before, after, ownTicksSince(before, after.ownTicks));
    }

    /** The share of the machine's capacity between the samples that was busy but not with {@code ownTicks}. */
    private static double otherPercent(Sample before, Sample after, long ownTicks) {
        long otherTicks = Math.max(0, after.busyTicks - before.busyTicks - ownTicks);
        return 100.0 * otherTicks / (after.totalTicks - before.totalTicks);
    }

    /** The own processes' ticks in {@code latest} since {@code before}. */
    private static long ownTicksSince(Sample before, Map<Long, Long> latest) {
        long ticks = 0;
        for (Map.Entry<Long, Long> entry : latest.entrySet()) {
            // A process that started since (a new backend) spent all its time in the round.
            ticks += entry.getValue() - before.ownTicks.getOrDefault(entry.getKey(), 0L);
        }
        return ticks;
    }

    /**
     * Clock ticks the own processes used between the samples, counting only those alive at {@code after} (a process
     * that ended in between is lost), or -1 when either sample is missing.
     */
    public static long ownTicksBetween(Sample before, Sample after) {
        if (before == null || after == null) {
            return -1;
        }
        return ownTicksSince(before, after.ownTicks);
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
