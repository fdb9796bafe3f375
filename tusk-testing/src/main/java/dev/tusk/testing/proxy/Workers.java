package dev.tusk.testing.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The threads of one proxy, tracked so that closing it can wait for every one of them to end. */
final class Workers {

    private final Set<Thread> live = ConcurrentHashMap.newKeySet();

    /** Starts {@code task} on a virtual thread named {@code name}. */
    void start(String name, Runnable task) {
        Thread thread = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                task.run();
            } finally {
                live.remove(Thread.currentThread());
            }
        });
        // Added before it starts, so that a wait that begins now cannot miss it.
        live.add(thread);
        thread.start();
    }

    /** How many threads are still running. */
    int liveCount() {
        return live.size();
    }

    /**
     * Waits up to {@code timeout} for every thread, including any started meanwhile, and returns the names of those
     * still running.
     */
    List<String> awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!live.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            // The set can empty between the check and the read, as threads end on their own: look, don't assume.
            java.util.Iterator<Thread> remaining = live.iterator();
            if (!remaining.hasNext()) {
                break;
            }
            remaining.next().join(Duration.ofNanos(left));
        }
        return live.stream().map(Thread::getName).sorted().toList();
    }
}
