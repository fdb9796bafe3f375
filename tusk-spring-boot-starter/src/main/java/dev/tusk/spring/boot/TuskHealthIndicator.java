package dev.tusk.spring.boot;

import dev.tusk.TuskClient;
import dev.tusk.health.HealthReport;
import dev.tusk.health.PoolHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Actuator health from {@code client.health()}: healthy is UP; degraded is UP too, with {@code tusk=DEGRADED} and
 * the reasons in the details, since work still goes through and a probe must not restart a slow service;
 * unhealthy is DOWN. The details hold Tusk's status, its reasons (which may name a server as host:port/database, as
 * Tusk's own log lines do) and figures: never a user, a URL or a password.
 */
public class TuskHealthIndicator implements HealthIndicator {

    private final TuskClient client;

    /** Health of {@code client}'s database, checked afresh on each call. */
    public TuskHealthIndicator(TuskClient client) {
        this.client = client;
    }

    @Override
    public Health health() {
        HealthReport report = client.health();
        Health.Builder health = switch (report.status()) {
            case HEALTHY, DEGRADED -> Health.up();
            case UNHEALTHY -> Health.down();
        };
        return health.withDetails(details(report)).build();
    }

    /** What the report says, without the user, a URL or a password. */
    static Map<String, Object> details(HealthReport report) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tusk", report.status().name());
        details.put("reasons", report.reasons());
        if (report.testQueryLatency() != null) {
            details.put("testQueryMillis", report.testQueryLatency().toMillis());
        }
        if (report.server() != null) {
            details.put("serverVersion", report.server().version());
        }
        PoolHealth pool = report.pool();
        Map<String, Object> poolDetails = new LinkedHashMap<>();
        poolDetails.put("size", pool.size());
        poolDetails.put("maximum", pool.maximum());
        poolDetails.put("active", pool.active());
        poolDetails.put("idle", pool.idle());
        poolDetails.put("waiting", pool.waiting());
        poolDetails.put("level", pool.level().name());
        details.put("pool", poolDetails);
        details.put("breaker", report.breaker().state().name());
        if (!report.replicas().isEmpty()) {
            details.put("replicas", report.replicas().stream().map(r -> r.state().name()).toList());
        }
        return details;
    }
}
