package dev.tusk.pool;

import java.time.Duration;

/**
 * A lease held past the leak-detection threshold: which pool, which thread took it, for how long, and where.
 *
 * @param poolName   the pool the connection belongs to
 * @param threadName the thread that took the connection ({@code virtual thread #id} for an unnamed virtual thread)
 * @param heldFor    how long the connection had been held when it was reported
 * @param threshold  the leak-detection threshold it exceeded
 * @param takenAt    an exception whose stack trace is the code that took the connection; never thrown
 */
public record PotentialLeak(String poolName, String threadName, Duration heldFor, Duration threshold, Throwable takenAt) {

    /** The warning Tusk logs for this leak, with the stack of {@link #takenAt()} logged after it. */
    public String message() {
        return "pool " + poolName + ": a connection taken by thread '" + threadName + "' has been held for "
                + heldFor.toMillis() + "ms, longer than the leak-detection threshold of " + threshold.toMillis()
                + "ms; it may have leaked. The stack of the code that took it follows";
    }
}
