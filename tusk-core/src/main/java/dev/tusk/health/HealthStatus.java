package dev.tusk.health;

/** How a client's database looks from where the client stands, worst last. */
public enum HealthStatus {
    /** The server answered promptly, the pool has room and the breaker is closed. */
    HEALTHY,
    /** Work goes through, but slower or closer to a limit than it should: read the reasons. */
    DEGRADED,
    /** No work can go through now: no connection could be had, or the circuit breaker is open. */
    UNHEALTHY;

    /** The worse of this and {@code other}. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
