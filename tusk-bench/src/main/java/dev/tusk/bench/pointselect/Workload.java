package dev.tusk.bench.pointselect;

import dev.tusk.bench.pointselect.PointSelectOptions.Threads;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one timed round: a fixed number of workers each running a client's operation back to back until a deadline. */
public final class Workload {

    // Anything slower than a minute is clamped: the histogram's range is fixed so recording never allocates.
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int SIGNIFICANT_DIGITS = 3;

    private final int workers;
    private final Threads threads;
    private final int accounts;

    /** A workload of {@code workers} workers on {@code threads}, choosing accounts uniformly from 1 to {@code accounts}. */
    public Workload(int workers, Threads threads, int accounts) {
        this.workers = workers;
        this.threads = threads;
        this.accounts = accounts;
    }

    /** Runs {@code client} for {@code duration} and returns its throughput and latencies; fails on the first error. */
    public RoundResult run(MeasuredClient client, int round, Duration duration) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] startNanos = new long[1];
        List<Worker> tasks = new ArrayList<>(workers);
        List<Thread> running = new ArrayList<>(workers);
        Thread.Builder builder = threads == Threads.VIRTUAL
                ? Thread.ofVirtual().name("bench-" + client.name() + "-", 0)
                : Thread.ofPlatform().name("bench-" + client.name() + "-", 0);
        for (int i = 0; i < workers; i++) {
            Worker worker = new Worker(client, accounts, new SplittableRandom(31L * round + i), start, startNanos,
                    duration.toNanos(), failure);
            tasks.add(worker);
            running.add(builder.start(worker));
        }
        // Threads are created before the clock starts, so their start-up cost is not counted.
        startNanos[0] = System.nanoTime();
        start.countDown();
        for (Thread thread : running) {
            thread.join();
        }
        double elapsedSeconds = (System.nanoTime() - startNanos[0]) / 1e9;
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("operation failed on client " + client.name() + " in round " + round
                    + ": " + error, error);
        }
        Histogram merged = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
        long operations = 0;
        long allocatedBytes = 0;
        for (Worker worker : tasks) {
            merged.add(worker.latencies);
            operations += worker.operations;
            allocatedBytes = worker.allocatedBytes < 0 || allocatedBytes < 0 ? -1 : allocatedBytes + worker.allocatedBytes;
        }
        double bytesPerOperation = allocatedBytes < 0 || operations == 0 ? Double.NaN : (double) allocatedBytes / operations;
        return RoundResult.of(client.name(), round, operations, elapsedSeconds, merged, bytesPerOperation);
    }

    // Bytes this thread has allocated so far, or -1 where the JVM cannot tell (some JVMs, virtual threads on some JDKs).
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    /** One worker: its own histogram and counters, so the hot loop shares nothing with other workers. */
    private static final class Worker implements Runnable {
        private final MeasuredClient client;
        private final int accounts;
        private final SplittableRandom random;
        private final CountDownLatch start;
        private final long[] startNanos;
        private final long durationNanos;
        private final AtomicReference<Throwable> failure;
        private final Histogram latencies = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
        private long operations;
        private long allocatedBytes = -1;

        Worker(MeasuredClient client, int accounts, SplittableRandom random, CountDownLatch start, long[] startNanos,
               long durationNanos, AtomicReference<Throwable> failure) {
            this.client = client;
            this.accounts = accounts;
            this.random = random;
            this.start = start;
            this.startNanos = startNanos;
            this.durationNanos = durationNanos;
            this.failure = failure;
        }

        @Override
        public void run() {
            try {
                start.await();
                // The latch publishes startNanos: it was written before countDown().
                long deadline = startNanos[0] + durationNanos;
                long allocatedBefore = allocatedBytes();
                long now = System.nanoTime();
                while (now < deadline && failure.get() == null) {
                    int aid = random.nextInt(1, accounts + 1);
                    long began = now;
                    client.run(aid);
                    now = System.nanoTime();
                    latencies.recordValue(Math.min(now - began, HIGHEST_TRACKABLE_NANOS));
                    operations++;
                }
                long allocatedAfter = allocatedBytes();
                allocatedBytes = allocatedBefore < 0 || allocatedAfter < 0 ? -1 : allocatedAfter - allocatedBefore;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            } catch (Exception | Error e) {
                failure.compareAndSet(null, e);
            }
        }
    }
}
