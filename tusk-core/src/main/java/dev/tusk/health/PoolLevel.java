package dev.tusk.health;

/** How close the pool is to running out of connections. */
public enum PoolLevel {
    /** Utilization is below {@code exhaustionThresholdPercent}. */
    NORMAL,
    /** Utilization is at or over {@code exhaustionThresholdPercent} (every connection busy included), no caller waits. */
    HIGH,
    /** Callers are waiting for a connection. */
    EXHAUSTED
}
