package dev.tusk.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** The value each setting takes when nothing sets it; a few depend on the {@link Profile}, the rest are the same everywhere. */
final class Defaults {

    private static final Set<Setting> BY_PROFILE = EnumSet.of(Setting.POOL_MIN_SIZE, Setting.POOL_MAX_SIZE,
            Setting.SSL_MODE, Setting.STATEMENT_TIMEOUT, Setting.ACQUIRE_TIMEOUT, Setting.LEAK_DETECTION_THRESHOLD);

    /** The leak-detection threshold that switching it on ({@code POSTGRES_LEAK_DETECTION=true}) means. */
    static final Duration LEAK_DETECTION_WHEN_ON = Duration.ofSeconds(60);

    private Defaults() {
    }

    /** The default of {@code setting} under {@code profile}; null where "not set" is the default. */
    static Object of(Setting setting, Profile profile) {
        return switch (setting) {
            case PROFILE -> profile;
            case HOST -> "localhost";
            case PORT -> TuskConfig.DEFAULT_PORT;
            case DATABASE -> "postgres";
            // libpq's default: the operating-system user running the process.
            case USER -> System.getProperty("user.name", "postgres");
            case PASSWORD, CREDENTIALS, OPTIONS, SSL_ROOT_CERT, SSL_CERT, SSL_KEY, SSL_PASSWORD -> null;
            case APPLICATION_NAME -> TuskConfig.DEFAULT_APPLICATION_NAME;
            // Seed 003: POSTGRESQL_CONNECTION_TIMEOUT defaults to 10000 ms.
            case CONNECT_TIMEOUT -> Duration.ofSeconds(10);
            case TARGET_SESSION_ATTRS -> TargetSessionAttrs.ANY;
            case PGBOUNCER -> false;
            // An override is opt-in only: nothing but an explicit setting may weaken production's TLS.
            case ALLOW_UNVERIFIED_TLS -> false;
            case SSL_MODE -> profile.sslMode();
            // libpq's defaults: bind to the channel when it can, and negotiate TLS the way every server version understands.
            case CHANNEL_BINDING -> ChannelBinding.PREFER;
            case SSL_NEGOTIATION -> SslNegotiation.POSTGRES;
            case POOL_MIN_SIZE -> profile.poolMinSize();
            case POOL_MAX_SIZE -> profile.poolMaxSize();
            case ACQUIRE_TIMEOUT -> profile.acquireTimeout();
            // Seed 000: POSTGRES_CONNECTION_MAX_AGE=3600, "rotate after 1 hour".
            case MAX_LIFETIME -> Duration.ofHours(1);
            case IDLE_TIMEOUT -> Duration.ofMinutes(10);
            case KEEPALIVE_INTERVAL -> Duration.ofMinutes(2);
            case MAX_QUERIES_PER_CONNECTION -> 50_000L;
            case EXHAUSTION_THRESHOLD_PERCENT -> 80.0;
            // Seed 000 turns leak detection on in production. Elsewhere it is off, as in HikariCP: recording where each
            // lease was taken costs a stack capture (about 5 µs) on every acquire.
            case LEAK_DETECTION_THRESHOLD -> profile == Profile.PRODUCTION ? LEAK_DETECTION_WHEN_ON : Duration.ZERO;
            case WARM_UP -> true;
            case STATEMENT_TIMEOUT -> profile.statementTimeout();
            case IDLE_IN_TRANSACTION_TIMEOUT -> Duration.ZERO;
            // PgJDBC's own default for preparedStatementCacheQueries.
            case PREPARED_STATEMENT_CACHE_SIZE -> 256;
            case FETCH_SIZE -> 1000;
            case SHUTDOWN_GRACE_PERIOD -> Duration.ofSeconds(30);
            // Seed 003: three retries, 1000 ms apart at first, a breaker that opens after five failures for 30 s.
            case RESET_ON_RETURN -> false;
            case MAX_RETRIES -> 3;
            case RETRY_DELAY -> Duration.ofSeconds(1);
            case RETRY_MAX_DELAY -> Duration.ofSeconds(5);
            case RETRY_DEADLINE -> Duration.ofSeconds(30);
            case CIRCUIT_BREAKER_THRESHOLD -> 5;
            case CIRCUIT_BREAKER_TIMEOUT -> Duration.ofSeconds(30);
            case METRICS_ENABLED -> true;
            case SLOW_QUERY_THRESHOLD -> Duration.ofSeconds(1);
            case LOG_STATEMENTS -> false;
            case HEALTH_CHECK_INTERVAL -> Duration.ofSeconds(30);
            case AUDIT_ENABLED -> false;
            case AUDIT_SCHEMA -> "public";
            case AUDIT_TABLE -> "tusk_audit";
            case AUDIT_QUEUE_CAPACITY -> 10_000;
            case AUDIT_RETENTION -> Duration.ZERO;
            case READ_REPLICAS -> java.util.List.of();
            // The threshold at which the health check already reports a replica degraded.
            case MAX_REPLICA_LAG -> Duration.ofSeconds(10);
            case REPLICA_CHECK_INTERVAL -> Duration.ofSeconds(1);
            case READ_FALLBACK -> ReadFallback.PRIMARY;
            case READ_YOUR_WRITES -> false;
        };
    }

    /** Whether the default of {@code setting} differs between profiles. */
    static boolean dependsOnProfile(Setting setting) {
        return BY_PROFILE.contains(setting);
    }
}
