package dev.tusk.batch.internal;

import dev.tusk.Progress;
import dev.tusk.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts items done and tells a {@link ProgressListener}, one report at a time and never counting down, even when
 * many threads finish work at once; a listener that throws is logged once and never stops the batch.
 */
public final class ProgressReporter {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tusk.batch");

    private final ProgressListener listener;
    private final long total;
    private final long startNanos;
    // A lock rather than synchronized: workers are virtual threads, which synchronized may pin on Java 21.
    private final ReentrantLock lock = new ReentrantLock();
    private long done;
    private boolean finished;
    private boolean listenerFailed;

    /** A reporter of {@code total} items, timing from {@code startNanos} ({@link System#nanoTime()}). */
    public ProgressReporter(ProgressListener listener, long total, long startNanos) {
        this.listener = listener;
        this.total = total;
        this.startNanos = startNanos;
    }

    /** Counts {@code items} more as done and reports, unless {@link #finish()} has already reported the end. */
    public void advance(long items) {
        lock.lock();
        try {
            if (!finished) {
                done += items;
                deliver();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Reports the count one last time; later advances are ignored, so nothing is reported after the batch returns. */
    public void finish() {
        lock.lock();
        try {
            if (!finished) {
                finished = true;
                deliver();
            }
        } finally {
            lock.unlock();
        }
    }

    private void deliver() {
        try {
            listener.onProgress(new Progress(done, total, 0, Duration.ofNanos(System.nanoTime() - startNanos)));
        } catch (RuntimeException e) {
            if (!listenerFailed) {
                listenerFailed = true;
                LOG.warn("A progress listener threw; the batch goes on and later failures of this listener are not "
                        + "logged", e);
            }
        }
    }
}
