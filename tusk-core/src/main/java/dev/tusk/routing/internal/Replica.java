package dev.tusk.routing.internal;

import dev.tusk.config.ServerAddress;
import dev.tusk.pool.TuskPool;
import dev.tusk.routing.ReplicaState;
import dev.tusk.routing.ReplicaStatus;
import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** One read replica: its pool, and what its latest probe (or a failed lease) found. */
final class Replica {

    /** What the latest probe found; {@code replayLsn} is -1 when unknown. */
    record Probe(ReplicaState state, Duration lag, long lagBytes, boolean paused, String reason, Instant checkedAt,
                 long replayLsn) {

        static Probe unknown() {
            return new Probe(ReplicaState.UNKNOWN, null, -1, false, "not probed yet", null, -1);
        }

        static Probe down(String reason, Instant at) {
            return new Probe(ReplicaState.DOWN, null, -1, false, reason, at, -1);
        }
    }

    private final ServerAddress address;
    private final TuskPool pool;
    private final Logger log;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile Probe latest = Probe.unknown();

    Replica(ServerAddress address, TuskPool pool, Logger log) {
        this.address = address;
        this.pool = pool;
        this.log = log;
    }

    ServerAddress address() {
        return address;
    }

    TuskPool pool() {
        return pool;
    }

    Probe latest() {
        return latest;
    }

    /** Claims the right to probe now; false while an earlier probe (of a server that does not answer) still runs. */
    boolean startProbe() {
        return probing.compareAndSet(false, true);
    }

    void endProbe() {
        probing.set(false);
    }

    /** Records what a probe or a lease found, logging a change of state: WARN when it stops taking reads, INFO when back. */
    void update(Probe probe) {
        Probe before = latest;
        latest = probe;
        if (before.state() == probe.state()) {
            return;
        }
        if (probe.state() == ReplicaState.UP) {
            log.info("Read replica {} takes reads{} (was {}): replay lag {}", address,
                    before.state() == ReplicaState.UNKNOWN ? "" : " again", before.state(),
                    probe.lag() == null ? "unknown" : Durations.readable(probe.lag()));
        } else {
            log.warn("Read replica {} is skipped for reads, {} (was {}): {}", address, probe.state(), before.state(),
                    probe.reason());
        }
    }

    ReplicaStatus status() {
        Probe probe = latest;
        return new ReplicaStatus(address, probe.state(), probe.lag(), probe.lagBytes(), probe.paused(),
                probe.state() == ReplicaState.UP ? null : probe.reason(), probe.checkedAt(), pool.stats());
    }

    /** The replica and why it is skipped, for a message naming every replica. */
    String describe() {
        Probe probe = latest;
        return address + " " + probe.state() + (probe.state() == ReplicaState.UP ? "" : ": " + probe.reason());
    }
}
