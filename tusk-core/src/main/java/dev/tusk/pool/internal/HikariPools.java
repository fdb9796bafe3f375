package dev.tusk.pool.internal;

import com.zaxxer.hikari.HikariConfig;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.internal.JdbcProperties;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Properties;

/** Turns a {@link TuskConfig} into HikariCP's configuration and PgJDBC's connection properties. */
public final class HikariPools {

    private static final Duration HIKARI_MIN_KEEPALIVE = Duration.ofSeconds(30);
    private static final Duration HIKARI_MIN_IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HIKARI_MIN_VALIDATION = Duration.ofMillis(250);
    private static final Duration MAX_VALIDATION = Duration.ofSeconds(5);

    private HikariPools() {
    }

    /**
     * Refuses pool settings that HikariCP would silently change or ignore (it logs a warning and disables or raises
     * them), naming the setting, so that what the config says is what the pool does.
     */
    public static void checkSettings(TuskConfig config) {
        Duration keepalive = config.keepaliveInterval();
        Duration lifetime = config.maxLifetime();
        Duration idle = config.idleTimeout();
        if (!keepalive.isZero() && keepalive.compareTo(HIKARI_MIN_KEEPALIVE) < 0) {
            throw new IllegalArgumentException("keepaliveInterval must be zero (never) or at least 30s, as HikariCP "
                    + "requires, but was " + keepalive);
        }
        if (!keepalive.isZero() && !lifetime.isZero() && keepalive.compareTo(lifetime) >= 0) {
            throw new IllegalArgumentException("keepaliveInterval (" + keepalive + ") must be shorter than maxLifetime ("
                    + lifetime + "), or zero");
        }
        if (!idle.isZero() && idle.compareTo(HIKARI_MIN_IDLE_TIMEOUT) < 0) {
            throw new IllegalArgumentException("idleTimeout must be zero (never) or at least 10s, as HikariCP requires, "
                    + "but was " + idle);
        }
        if (!idle.isZero() && !lifetime.isZero() && idle.plusSeconds(1).compareTo(lifetime) > 0) {
            throw new IllegalArgumentException("idleTimeout (" + idle + ") must be at least 1s shorter than maxLifetime ("
                    + lifetime + "), or zero");
        }
    }

    /** HikariCP's configuration for a pool named {@code poolName} that opens connections from {@code connections}. */
    static HikariConfig hikariConfig(TuskConfig config, String poolName, DataSource connections) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setDataSource(connections);
        // During warm-up HikariCP must open one connection per waiting borrower and no more: left to fill the minimum
        // in the background as well, it overshoots while warm-up holds the first ones. Warm-up sets the minimum after.
        hikari.setMinimumIdle(warmsUp(config) ? 0 : config.poolMinSize());
        hikari.setMaximumPoolSize(config.poolMaxSize());
        hikari.setConnectionTimeout(config.acquireTimeout().toMillis());
        hikari.setValidationTimeout(validationTimeout(config).toMillis());
        hikari.setMaxLifetime(config.maxLifetime().toMillis());
        // HikariCP ignores idleTimeout in a fixed-size pool, with a warning at every start.
        hikari.setIdleTimeout(config.poolMinSize() < config.poolMaxSize() ? config.idleTimeout().toMillis() : 0);
        hikari.setKeepaliveTime(config.keepaliveInterval().toMillis());
        // Tusk's warm-up decides whether start waits for connections, and reports failures in its own words.
        hikari.setInitializationFailTimeout(-1);
        // Tusk's LeakDetector replaces HikariCP's, which logs but cannot be counted.
        hikari.setLeakDetectionThreshold(0);
        return hikari;
    }

    /** Whether opening a pool for {@code config} waits for its minimum connections. */
    static boolean warmsUp(TuskConfig config) {
        return config.warmUp() && config.poolMinSize() > 0;
    }

    /** PgJDBC's connection properties for {@code config}; they hold the password, so never log them. */
    static Properties driverProperties(TuskConfig config) {
        return JdbcProperties.of(config);
    }

    /** How long one validation may take: short enough to fit in an acquire, within HikariCP's bounds. */
    static Duration validationTimeout(TuskConfig config) {
        Duration shortest = min(min(config.acquireTimeout(), config.connectTimeout()), MAX_VALIDATION);
        return shortest.compareTo(HIKARI_MIN_VALIDATION) < 0 ? HIKARI_MIN_VALIDATION : shortest;
    }

    static int ceilSeconds(Duration duration) {
        long seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
