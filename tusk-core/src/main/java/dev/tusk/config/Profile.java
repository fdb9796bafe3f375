package dev.tusk.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * A deployment environment, chosen by {@code TUSK_ENV} (else {@code APP_ENV}, else {@code ENVIRONMENT}), whose
 * defaults apply to every setting nothing else sets.
 */
public enum Profile {
    /** A developer's machine: a small pool, TLS optional. */
    DEVELOPMENT("development", 2, 10, SslMode.PREFER, Duration.ofSeconds(30), Duration.ofSeconds(30)),
    /** A shared pre-production environment: a medium pool, TLS preferred. */
    STAGING("staging", 5, 25, SslMode.PREFER, Duration.ofSeconds(60), Duration.ofSeconds(10)),
    /** Production: a large pool, TLS required with the certificate and host name verified. */
    PRODUCTION("production", 10, 50, SslMode.VERIFY_FULL, Duration.ofSeconds(60), Duration.ofSeconds(10));

    private final String name;
    private final int poolMinSize;
    private final int poolMaxSize;
    private final SslMode sslMode;
    private final Duration statementTimeout;
    private final Duration acquireTimeout;

    Profile(String name, int poolMinSize, int poolMaxSize, SslMode sslMode, Duration statementTimeout,
            Duration acquireTimeout) {
        this.name = name;
        this.poolMinSize = poolMinSize;
        this.poolMaxSize = poolMaxSize;
        this.sslMode = sslMode;
        this.statementTimeout = statementTimeout;
        this.acquireTimeout = acquireTimeout;
    }

    /** The name used in environment variables, such as {@code production}. */
    public String profileName() {
        return name;
    }

    /** The default minimum pool size. */
    public int poolMinSize() {
        return poolMinSize;
    }

    /** The default maximum pool size. */
    public int poolMaxSize() {
        return poolMaxSize;
    }

    /** The default TLS mode. */
    public SslMode sslMode() {
        return sslMode;
    }

    /** The default statement timeout. */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** The default acquire timeout. */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    /** The profile called {@code name} (also {@code dev}, {@code stage}, {@code prod}); fails naming the allowed values. */
    public static Profile fromName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "development", "dev", "local" -> DEVELOPMENT;
            case "staging", "stage" -> STAGING;
            case "production", "prod" -> PRODUCTION;
            default -> throw new IllegalArgumentException("profile must be one of "
                    + Arrays.stream(values()).map(Profile::profileName).toList() + ", but was " + name);
        };
    }
}
