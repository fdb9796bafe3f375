package dev.tusk.http.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Runs each exchange on its own virtual thread, at most {@code limit} at once. Beyond that it refuses, and the JDK
 * server closes the connection: a scraper storm must not pile up threads inside the application it observes.
 */
public final class BoundedExecutor implements Executor {

    private final Semaphore permits;
    private final java.util.concurrent.ThreadFactory threads;

    /** An executor running at most {@code limit} exchanges, on virtual threads named after {@code name}. */
    public BoundedExecutor(String name, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
        }
        this.permits = new Semaphore(limit);
        // A factory, unlike a builder, is safe to share should the server ever dispatch from more than one thread.
        this.threads = Thread.ofVirtual().name(name + "-", 0).factory();
    }

    @Override
    public void execute(Runnable exchange) {
        if (!permits.tryAcquire()) {
            throw new RejectedExecutionException("too many requests in flight");
        }
        try {
            threads.newThread(() -> {
                try {
                    exchange.run();
                } finally {
                    permits.release();
                }
            }).start();
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }
}
