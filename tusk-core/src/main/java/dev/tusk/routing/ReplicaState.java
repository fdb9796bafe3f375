package dev.tusk.routing;

/** Whether a read replica takes read-only work, as its latest probe found it. */
public enum ReplicaState {
    /** Reachable, a standby, and within {@code maxReplicaLag}: reads go to it. */
    UP,
    /** Reachable, but its replay lag is at or over {@code maxReplicaLag}: skipped. */
    LAGGING,
    /** No connection or no answer: skipped. */
    DOWN,
    /** Answers, but is not in recovery (promoted, or the URL names a primary): skipped, as its data may have diverged. */
    NOT_STANDBY,
    /** Not probed yet: skipped until its first probe answers. */
    UNKNOWN;

    /** Whether reads may go to a replica in this state. */
    public boolean takesReads() {
        return this == UP;
    }
}
