package dev.tusk.health;

/** How close the pool is to running out of connections. */
public enum PoolLevel {
    /** Utilization is below {@code exhaustionThresholdPercent}. */
    NORMAL,
    /** Utilization is at or over {@code exhaustionThresholdPercent}, with connections still free. */
    HIGH,
    /** Every connection is busy, or callers are waiting for one. */
    EXHAUSTED
}
