package dev.tusk.health.internal;

import dev.tusk.health.HealthReport;
import dev.tusk.health.HealthStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Keeps a client's latest health report: runs checks on demand and, when {@code healthCheckInterval} is not zero, on
 * a virtual thread at that interval, logging each change of status. Serving the latest report touches nothing.
 */
public final class HealthMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tusk.health");

    private final HealthCheck check;
    private final Clock clock;
    private final String poolName;
    private final AtomicReference<HealthReport> latest = new AtomicReference<>();
    private final ScheduledExecutorService scheduler;
    private final UnaryOperator<HealthReport> completion;

    /** A monitor running {@code check}; in the background every {@code interval}, or only on demand when it is zero. */
    public HealthMonitor(HealthCheck check, Duration interval, String poolName, Clock clock) {
        this(check, interval, poolName, clock, UnaryOperator.identity());
    }

    /**
     * A monitor whose every report passes through {@code completion} before it is kept and handed out, so that what the
     * client adds (its audit counters) is in the report at the time of its check, and every caller gets the same one.
     */
    public HealthMonitor(HealthCheck check, Duration interval, String poolName, Clock clock,
                         UnaryOperator<HealthReport> completion) {
        this.check = check;
        this.completion = completion;
        this.clock = clock;
        this.poolName = poolName;
        if (interval.isZero()) {
            this.scheduler = null;
        } else {
            // A virtual thread is a daemon: a client that is never closed cannot keep the JVM alive through it.
            this.scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofVirtual().name("tusk-health-" + poolName).factory());
            long nanos = interval.toNanos();
            scheduler.scheduleWithFixedDelay(this::checkInBackground, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Runs a check now, keeps its report as the latest, and returns it. */
    public HealthReport checkNow() {
        HealthReport report = completion.apply(check.run());
        remember(report);
        return report;
    }

    /** The latest report when it is younger than {@code maxAge}, else a fresh one. */
    public HealthReport check(Duration maxAge) {
        HealthReport last = latest.get();
        if (last != null && last.age(clock.instant()).compareTo(maxAge) <= 0) {
            return last;
        }
        return checkNow();
    }

    /** The latest report from a background or on-demand check, or empty before the first one finished. */
    public Optional<HealthReport> latest() {
        return Optional.ofNullable(latest.get());
    }

    private void checkInBackground() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            // A check never throws by design; should one anyway, the next run must still happen.
            LOG.warn("The background health check of pool {} failed unexpectedly: {}", poolName, e.toString());
        }
    }

    private void remember(HealthReport report) {
        // Checks may overlap (background and on demand): the one that started last is the latest.
        HealthReport before = latest.getAndAccumulate(report,
                (old, fresh) -> old == null || !fresh.checkedAt().isBefore(old.checkedAt()) ? fresh : old);
        HealthStatus was = before == null ? HealthStatus.HEALTHY : before.status();
        if (latest.get() == report && report.status() != was) {
            if (report.status() == HealthStatus.HEALTHY) {
                LOG.info("Pool {} is HEALTHY again (was {})", poolName, was);
            } else {
                LOG.warn("Pool {} is {} (was {}): {}", poolName, report.status(), was, String.join("; ", report.reasons()));
            }
        }
    }

    /** Stops the background checks, waiting briefly for one in flight; calling it again does nothing. */
    @Override
    public void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(HealthReport.CHECK_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
