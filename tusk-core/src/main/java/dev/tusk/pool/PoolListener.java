package dev.tusk.pool;

import java.time.Duration;

/**
 * Receives the pool's notable events, in addition to the log lines Tusk always writes for them. Every method has a
 * no-op default. Methods run on pool threads (the acquiring thread, or Tusk's leak-detection timer), so they must be
 * quick; an exception they throw is logged and otherwise ignored.
 */
public interface PoolListener {

    /** The listener that ignores every event. */
    PoolListener NONE = new PoolListener() {
    };

    /** A caller waited longer than the exhaustion wait threshold; called once per episode, with the state then. */
    default void onExhaustion(PoolStats stats) {
    }

    /** A lease has been held longer than the leak-detection threshold. */
    default void onPotentialLeak(PotentialLeak leak) {
    }

    /** A lease earlier reported by {@link #onPotentialLeak} was returned after {@code heldFor}. */
    default void onLeakReturned(PotentialLeak leak, Duration heldFor) {
    }
}
