package dev.tusk.resilience;

/** The faults the suite injects, each into a workload of its own. */
enum FaultKind {

    TERMINATE_MID_QUERY("backends terminated mid-query", false, true),
    TERMINATE_MID_COMMIT("backends terminated mid-COMMIT", false, true),
    TERMINATION_STORM("terminations every 100 ms for 2 s", false, true),
    FAST_RESTART("fast restart", false, true),
    CRASH_RESTART("crash, 2 s down, start", false, true),
    LATENCY("+50 ms latency each way for 2 s (proxy)", true, false),
    BLACKHOLE("blackhole for 2 s, then heal (proxy)", true, false),
    RESET_ALL("TCP reset of every connection, COMMITs in flight (proxy)", true, true),
    POOL_EXHAUSTION("pool held by 8 slow callers for 2.5 s", false, false);

    private final String description;
    private final boolean throughProxy;
    private final boolean recoveryBounded;

    FaultKind(String description, boolean throughProxy, boolean recoveryBounded) {
        this.description = description;
        this.throughProxy = throughProxy;
        this.recoveryBounded = recoveryBounded;
    }

    /** What is done to the server or the network, for the report. */
    String description() {
        return description;
    }

    /** Whether the client talks to the server through the fault proxy. */
    boolean throughProxy() {
        return throughProxy;
    }

    /** Whether the resilience issue demands that the client works again within the recovery bound after this fault. */
    boolean recoveryBounded() {
        return recoveryBounded;
    }
}
