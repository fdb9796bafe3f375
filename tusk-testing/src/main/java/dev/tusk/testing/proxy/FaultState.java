package dev.tusk.testing.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The faults in force and the byte allowance of every open link, under one lock so that a change reaches every pump
 * at once.
 */
final class FaultState {

    /** What a pump may do with one chunk it has read. */
    record Passage(int bytes, boolean budgetSpent) {
        static final Passage DROPPED = new Passage(0, false);
    }

    private static final long UNLIMITED = Long.MAX_VALUE;

    // A ReentrantLock rather than synchronized: pumps are virtual threads and must not pin their carrier while waiting.
    private final ReentrantLock lock = new ReentrantLock();
    // Signalled on every change, so that pumps waiting out a latency or a blackhole look again at once.
    private final Condition changed = lock.newCondition();
    private final Map<Link, Allowance> links = new HashMap<>();
    private Duration latency = Duration.ZERO;
    private long latencyNanos;
    private boolean blackholed;
    private long byteBudget = UNLIMITED;
    private boolean closed;

    /** Adds a freshly accepted link with the current byte budget; false when it must be closed at once instead. */
    boolean register(Link link) {
        lock.lock();
        try {
            if (closed || byteBudget == 0) {
                return false;
            }
            links.put(link, new Allowance(byteBudget));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a closed link and wakes its pumps, which may be waiting on its behalf. */
    void unregister(Link link) {
        lock.lock();
        try {
            links.remove(link);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holds a chunk that was read at {@code receivedAtNanos} until the latency has passed, then says how much of it may
     * be forwarded: none while blackholed or once the link is closed, and no more than the link's remaining budget.
     */
    Passage admit(Link link, int length, long receivedAtNanos) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                Allowance allowance = links.get(link);
                if (allowance == null || blackholed) {
                    return Passage.DROPPED;
                }
                // Measured from when the chunk arrived, so lowering the latency releases chunks already waiting.
                long remaining = latencyNanos - (System.nanoTime() - receivedAtNanos);
                if (remaining <= 0) {
                    long allowed = Math.min(length, allowance.remaining());
                    allowance.passed += allowed;
                    return new Passage((int) allowed, allowance.remaining() == 0);
                }
                changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits while the proxy is blackholed and the link is open, so that even an ending connection stays silent. */
    void awaitUnblocked(Link link) throws InterruptedException {
        lock.lock();
        try {
            while (blackholed && links.containsKey(link)) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    void latency(Duration latency) {
        lock.lock();
        try {
            this.latency = latency;
            this.latencyNanos = saturatedNanos(latency);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void blackhole() {
        lock.lock();
        try {
            blackholed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Gives every link {@code byteBudget} more bytes from now; returns the links that must close because it is zero. */
    List<Link> closeAfterBytes(long byteBudget) {
        lock.lock();
        try {
            this.byteBudget = byteBudget;
            links.values().forEach(allowance -> allowance.limit = saturatedSum(allowance.passed, byteBudget));
            return byteBudget == 0 ? List.copyOf(links.keySet()) : List.of();
        } finally {
            lock.unlock();
        }
    }

    void heal() {
        lock.lock();
        try {
            latency = Duration.ZERO;
            latencyNanos = 0;
            blackholed = false;
            byteBudget = UNLIMITED;
            links.values().forEach(allowance -> allowance.limit = UNLIMITED);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The links open now. */
    List<Link> openLinks() {
        lock.lock();
        try {
            return List.copyOf(links.keySet());
        } finally {
            lock.unlock();
        }
    }

    int openCount() {
        lock.lock();
        try {
            return links.size();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the proxy closed and returns the links it must close, or null when it was closed already. */
    List<Link> close() {
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            closed = true;
            List<Link> open = new ArrayList<>(links.keySet());
            links.clear();
            changed.signalAll();
            return open;
        } finally {
            lock.unlock();
        }
    }

    /** The faults in force, for {@code toString()} and failure messages. */
    String describe() {
        lock.lock();
        try {
            return "latency=" + latency + ", blackholed=" + blackholed + ", byteBudget="
                    + (byteBudget == UNLIMITED ? "none" : byteBudget) + ", open=" + links.size()
                    + (closed ? ", closed" : "");
        } finally {
            lock.unlock();
        }
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? UNLIMITED : sum;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** How many bytes a link has passed and may pass; {@code limit} is absolute, so a new budget counts from now. */
    private static final class Allowance {
        private long passed;
        private long limit;

        private Allowance(long limit) {
            this.limit = limit;
        }

        private long remaining() {
            return Math.max(0, limit - passed);
        }
    }
}
