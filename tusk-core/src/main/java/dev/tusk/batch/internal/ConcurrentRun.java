package dev.tusk.batch.internal;

import dev.tusk.Database;
import dev.tusk.batch.ItemsResult;
import dev.tusk.batch.ItemOptions;
import dev.tusk.batch.ItemWork;
import dev.tusk.batch.ItemOutcome;
import dev.tusk.trace.TuskTracer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One call of {@code processItems}: starts a virtual thread per unit while a permit is free, so at most
 * {@code concurrency} units exist at once, and stops starting them at the deadline.
 *
 * @param <T> the items
 * @param <R> what a unit returns
 */
public final class ConcurrentRun<T, R> {

    /** The state of a unit the deadline cut off while it ran. */
    private static final Object INTERRUPTED = new Object();

    private final Database database;
    private final List<T> items;
    private final ItemWork<T, R> work;
    private final ItemOptions options;
    private final Semaphore permits;
    private final long startNanos = System.nanoTime();
    private final ProgressReporter progress;
    /**
     * Per unit: null before it starts, its Thread while it runs, then a {@link Done} or {@link #INTERRUPTED}. Whoever
     * moves a unit off its Thread first (the unit finishing, or the deadline) decides its outcome; the other loses.
     */
    private final AtomicReferenceArray<Object> states;
    private final TuskTracer tracer;

    private ConcurrentRun(Database database, List<T> items, ItemWork<T, R> work, ItemOptions options,
                          TuskTracer tracer) {
        this.database = database;
        this.tracer = tracer;
        this.items = items;
        this.work = work;
        this.options = options;
        this.permits = new Semaphore(options.concurrency());
        this.progress = new ProgressReporter(options.progress(), items.size(), startNanos);
        this.states = new AtomicReferenceArray<>((items.size() + options.chunkSize() - 1) / options.chunkSize());
    }

    /**
     * Runs {@code work} over {@code items} as {@code options} say, {@code tracer} hearing how it ended; see
     * {@code Batches.processItems}.
     */
    public static <T, R> ItemsResult<T, R> run(Database database, List<T> items, ItemWork<T, R> work,
                                               ItemOptions options, TuskTracer tracer) {
        Objects.requireNonNull(tracer, "tracer");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(options, "options");
        // A copy, so the caller changing the list while units run changes nothing; nulls are the caller's to allow.
        List<T> snapshot = Collections.unmodifiableList(new ArrayList<>(items));
        return new ConcurrentRun<>(database, snapshot, work, options, tracer).run();
    }

    private ItemsResult<T, R> run() {
        ThreadFactory threads = Thread.ofVirtual().name("tusk-batch-", 0).factory();
        int units = states.length();
        int started = 0;
        boolean cutShort = false;
        while (started < units && !cutShort) {
            if (acquire(1)) {
                int unit = started;
                Thread thread = threads.newThread(() -> runUnit(unit));
                // Published before the start, so the unit finds itself there when it finishes.
                states.set(unit, thread);
                thread.start();
                started++;
            } else {
                cutShort = true;
            }
        }
        // Every permit back means every started unit has finished.
        if (!cutShort && !acquire(options.concurrency())) {
            cutShort = true;
        }
        if (cutShort) {
            interruptRunning(started);
        }
        progress.finish();
        ItemsResult<T, R> result = new ItemsResult<>(outcomes(), Duration.ofNanos(System.nanoTime() - startNanos),
                cutShort);
        if (tracer != TuskTracer.NONE) {
            // Items that failed, were interrupted or never ran all lack their effect.
            tracer.batchFinished(result.total(), result.total() - result.succeeded(), result.elapsed().toNanos());
        }
        return result;
    }

    private void runUnit(int unit) {
        try {
            int from = unit * options.chunkSize();
            int to = Math.min(items.size(), from + options.chunkSize());
            Done outcome;
            try {
                outcome = new Done(work.process(items.subList(from, to), database), null);
            } catch (Throwable failure) {
                // Anything the work throws, errors included, is that unit's outcome: it must not end the run.
                outcome = new Done(null, failure);
            }
            if (states.compareAndSet(unit, Thread.currentThread(), outcome)) {
                progress.advance(to - from);
            }
        } finally {
            permits.release();
        }
    }

    /** Takes {@code count} permits, waiting up to the deadline; false when it passed or the caller was interrupted. */
    private boolean acquire(int count) {
        try {
            if (options.timeout().isZero()) {
                permits.acquire(count);
                return true;
            }
            long remaining = timeoutNanos() - (System.nanoTime() - startNanos);
            return permits.tryAcquire(count, Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // The caller wants out: treat it as the deadline arriving now, and keep the interrupt for the caller.
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private long timeoutNanos() {
        try {
            return options.timeout().toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Interrupts the units still running. With PgJDBC the interrupt closes the unit's connection (the pool drops it),
     * so the unit ends at once; the server stops the statement when it notices the closed socket, which
     * {@code client_connection_check_interval} makes prompt.
     */
    private void interruptRunning(int started) {
        for (int unit = 0; unit < started; unit++) {
            if (states.get(unit) instanceof Thread thread && states.compareAndSet(unit, thread, INTERRUPTED)) {
                thread.interrupt();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<ItemOutcome<T, R>> outcomes() {
        List<ItemOutcome<T, R>> outcomes = new ArrayList<>(items.size());
        for (int index = 0; index < items.size(); index++) {
            T item = items.get(index);
            Object state = states.get(index / options.chunkSize());
            outcomes.add(switch (state) {
                case null -> new ItemOutcome.NotRun<>(index, item);
                case Done done when done.failure() != null -> new ItemOutcome.Failed<>(index, item, done.failure());
                case Done done -> new ItemOutcome.Succeeded<>(index, item, (R) done.value());
                default -> new ItemOutcome.Interrupted<>(index, item);
            });
        }
        return outcomes;
    }

    /** How a unit ended: its value, or what it threw. */
    private record Done(Object value, Throwable failure) {
    }
}
