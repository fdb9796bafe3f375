package dev.tusk.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Every setting of a {@link TuskConfig}, in the record's order, with its type and the one rule its values must pass.
 * The builder, the record's constructor and the environment loader all check values here, so a bound is written once.
 */
enum Setting {
    PROFILE("profile", Profile.class, Rule.required()),
    HOST("host", String.class, Rule.hosts()),
    PORT("port", Integer.class, Rule.range(1, 65535, null)),
    DATABASE("database", String.class, Rule.notBlank()),
    USER("user", String.class, Rule.notBlank()),
    PASSWORD("password", String.class, Rule.optional()),
    CREDENTIALS("credentials", CredentialsProvider.class, Rule.optional()),
    APPLICATION_NAME("applicationName", String.class, Rule.applicationName()),
    CONNECT_TIMEOUT("connectTimeout", Duration.class, Rule.positive()),
    OPTIONS("options", String.class, Rule.optional()),
    TARGET_SESSION_ATTRS("targetSessionAttrs", TargetSessionAttrs.class, Rule.required()),
    PGBOUNCER("pgbouncer", Boolean.class, Rule.required()),
    SSL_MODE("sslMode", SslMode.class, Rule.required()),
    SSL_ROOT_CERT("sslRootCert", Path.class, Rule.optional()),
    SSL_CERT("sslCert", Path.class, Rule.optional()),
    SSL_KEY("sslKey", Path.class, Rule.optional()),
    SSL_PASSWORD("sslPassword", String.class, Rule.optional()),
    CHANNEL_BINDING("channelBinding", ChannelBinding.class, Rule.required()),
    SSL_NEGOTIATION("sslNegotiation", SslNegotiation.class, Rule.required()),
    ALLOW_UNVERIFIED_TLS("allowUnverifiedTls", Boolean.class, Rule.required()),
    POOL_MIN_SIZE("poolMinSize", Integer.class, Rule.range(0, 10_000, null)),
    POOL_MAX_SIZE("poolMaxSize", Integer.class, Rule.range(1, 10_000, null)),
    ACQUIRE_TIMEOUT("acquireTimeout", Duration.class, Rule.atLeast(Duration.ofMillis(250))),
    MAX_LIFETIME("maxLifetime", Duration.class, Rule.zeroOrAtLeast("never", Duration.ofSeconds(30))),
    IDLE_TIMEOUT("idleTimeout", Duration.class, Rule.notNegative("never")),
    KEEPALIVE_INTERVAL("keepaliveInterval", Duration.class, Rule.notNegative("never")),
    MAX_QUERIES_PER_CONNECTION("maxQueriesPerConnection", Long.class, Rule.range(0, Long.MAX_VALUE, "unlimited")),
    EXHAUSTION_THRESHOLD_PERCENT("exhaustionThresholdPercent", Double.class, Rule.percent()),
    LEAK_DETECTION_THRESHOLD("leakDetectionThreshold", Duration.class, Rule.notNegative("off")),
    WARM_UP("warmUp", Boolean.class, Rule.required()),
    STATEMENT_TIMEOUT("statementTimeout", Duration.class, Rule.notNegative("none")),
    IDLE_IN_TRANSACTION_TIMEOUT("idleInTransactionTimeout", Duration.class, Rule.notNegative("none")),
    PREPARED_STATEMENT_CACHE_SIZE("preparedStatementCacheSize", Integer.class, Rule.range(0, 100_000, null)),
    FETCH_SIZE("fetchSize", Integer.class, Rule.range(1, 1_000_000, null)),
    SHUTDOWN_GRACE_PERIOD("shutdownGracePeriod", Duration.class, Rule.notNegative("no wait")),
    RESET_ON_RETURN("resetOnReturn", Boolean.class, Rule.required()),
    MAX_RETRIES("maxRetries", Integer.class, Rule.range(0, 100, "none")),
    RETRY_DELAY("retryDelay", Duration.class, Rule.notNegative("none")),
    RETRY_MAX_DELAY("retryMaxDelay", Duration.class, Rule.notNegative("none")),
    RETRY_DEADLINE("retryDeadline", Duration.class, Rule.positive()),
    CIRCUIT_BREAKER_THRESHOLD("circuitBreakerThreshold", Integer.class, Rule.range(0, 1_000_000, "off")),
    CIRCUIT_BREAKER_TIMEOUT("circuitBreakerTimeout", Duration.class, Rule.positive()),
    METRICS_ENABLED("metricsEnabled", Boolean.class, Rule.required()),
    SLOW_QUERY_THRESHOLD("slowQueryThreshold", Duration.class, Rule.notNegative("off")),
    LOG_STATEMENTS("logStatements", Boolean.class, Rule.required()),
    HEALTH_CHECK_INTERVAL("healthCheckInterval", Duration.class, Rule.notNegative("never")),
    AUDIT_ENABLED("auditEnabled", Boolean.class, Rule.required()),
    AUDIT_SCHEMA("auditSchema", String.class, Rule.identifier()),
    AUDIT_TABLE("auditTable", String.class, Rule.identifier()),
    AUDIT_QUEUE_CAPACITY("auditQueueCapacity", Integer.class, Rule.range(1, 1_000_000, null)),
    AUDIT_RETENTION("auditRetention", Duration.class, Rule.notNegative("keep forever")),
    READ_REPLICAS("readReplicas", java.util.List.class, Rule.replicas()),
    MAX_REPLICA_LAG("maxReplicaLag", Duration.class, Rule.notNegative("no limit")),
    REPLICA_CHECK_INTERVAL("replicaCheckInterval", Duration.class, Rule.atLeast(Duration.ofMillis(10))),
    READ_FALLBACK("readFallback", ReadFallback.class, Rule.required()),
    READ_YOUR_WRITES("readYourWrites", Boolean.class, Rule.required());

    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on", "1");
    private static final Set<String> FALSE_WORDS = Set.of("false", "no", "off", "0");
    private static final Method[] ACCESSORS = Arrays.stream(TuskConfig.class.getRecordComponents())
            .map(RecordComponent::getAccessor).toArray(Method[]::new);

    private final String key;
    private final Class<?> type;
    private final Rule rule;

    Setting(String key, Class<?> type, Rule rule) {
        this.key = key;
        this.type = type;
        this.rule = rule;
    }

    /** The record component's name, such as {@code poolMaxSize}. */
    String key() {
        return key;
    }

    /** Whether values of this setting must never be shown. */
    boolean isSecret() {
        return this == PASSWORD || this == SSL_PASSWORD;
    }

    /** Throws an {@link IllegalArgumentException} naming this setting, its bound and {@code value} if the value is not allowed. */
    void check(Object value) {
        if (value != null && !type.isInstance(value)) {
            throw new IllegalArgumentException(key + " must be a " + type.getSimpleName() + ", but was a "
                    + value.getClass().getSimpleName());
        }
        rule.check(key, value);
    }

    /** Turns environment or URL text into a value of this setting's type; a bare duration number is in {@code unit}. */
    Object parse(String text, ChronoUnit unit) {
        String trimmed = text.strip();
        if (type == String.class) {
            return isSecret() ? text : trimmed;
        } else if (type == Integer.class) {
            return Integer.valueOf(trimmed);
        } else if (type == Long.class) {
            return Long.valueOf(trimmed);
        } else if (type == Double.class) {
            return Double.valueOf(trimmed.endsWith("%") ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed);
        } else if (type == Duration.class) {
            return Durations.parse(trimmed, unit);
        } else if (type == Boolean.class) {
            return parseBoolean(trimmed);
        } else if (type == Path.class) {
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("empty path");
            }
            return Path.of(trimmed);
        } else if (type == SslMode.class) {
            return SslMode.fromLibpqName(trimmed);
        } else if (type == ChannelBinding.class) {
            return ChannelBinding.fromLibpqName(trimmed);
        } else if (type == SslNegotiation.class) {
            return SslNegotiation.fromLibpqName(trimmed);
        } else if (type == TargetSessionAttrs.class) {
            return TargetSessionAttrs.fromLibpqName(trimmed);
        } else if (type == Profile.class) {
            return Profile.fromName(trimmed);
        } else if (type == ReadFallback.class) {
            return ReadFallback.fromName(trimmed);
        }
        throw new IllegalStateException("no parser for " + type);
    }

    /** What {@link #parse} and {@link #check} accept, for messages: {@code an integer from 1 to 10000}. */
    String expectation(ChronoUnit unit) {
        if (type == Boolean.class) {
            return "true or false";
        } else if (type == SslMode.class) {
            return "one of " + String.join(", ", Arrays.stream(SslMode.values()).map(SslMode::libpqName).toList());
        } else if (type == ChannelBinding.class) {
            return "one of " + String.join(", ", Arrays.stream(ChannelBinding.values()).map(ChannelBinding::libpqName).toList());
        } else if (type == SslNegotiation.class) {
            return "one of " + String.join(", ", Arrays.stream(SslNegotiation.values()).map(SslNegotiation::libpqName).toList());
        } else if (type == TargetSessionAttrs.class) {
            return "one of " + String.join(", ",
                    Arrays.stream(TargetSessionAttrs.values()).map(TargetSessionAttrs::libpqName).toList());
        } else if (type == Profile.class) {
            return "one of development, staging, production (or dev, local, stage, prod)";
        } else if (type == ReadFallback.class) {
            return "primary or fail";
        } else if (type == Path.class) {
            return "a file path";
        } else if (type == CredentialsProvider.class) {
            return "a CredentialsProvider, set in code on the builder";
        } else if (type == Duration.class) {
            return rule.expectation() + "; a bare number is in " + Durations.unitName(unit)
                    + ", or give a unit: 500ms, 30s, 5m, 1h";
        }
        return rule.expectation();
    }

    /** {@code value} as it is shown to people: secrets as {@code ***}, durations as {@code 30s}, enums by libpq name. */
    String display(Object value) {
        if (value == null) {
            return "(not set)";
        } else if (isSecret()) {
            return "***";
        } else if (value instanceof CredentialsProvider) {
            // A lambda's class name says nothing to an operator; what matters is that code, not config, logs in.
            return "a CredentialsProvider (set in code)";
        } else if (value instanceof Duration duration) {
            return Durations.format(duration) + (duration.isZero() && rule.zeroMeans() != null ? " (" + rule.zeroMeans() + ")" : "");
        } else if (value instanceof SslMode mode) {
            return mode.libpqName();
        } else if (value instanceof ChannelBinding binding) {
            return binding.libpqName();
        } else if (value instanceof SslNegotiation negotiation) {
            return negotiation.libpqName();
        } else if (value instanceof TargetSessionAttrs attrs) {
            return attrs.libpqName();
        } else if (value instanceof Profile profile) {
            return profile.profileName();
        } else if (value instanceof ReadFallback fallback) {
            return fallback.configName();
        } else if (value instanceof java.util.List<?> replicas) {
            return replicas.isEmpty() ? "(none)" : String.join(", ", replicas.stream().map(String::valueOf).toList());
        } else if (value instanceof Double percent) {
            return (percent == Math.rint(percent) ? String.valueOf(percent.longValue()) : String.valueOf(percent)) + "%";
        } else if (value instanceof Number number && number.longValue() == 0 && rule.zeroMeans() != null) {
            return "0 (" + rule.zeroMeans() + ")";
        }
        return String.valueOf(value);
    }

    /** This setting's value in {@code config}. */
    Object valueIn(TuskConfig config) {
        try {
            return ACCESSORS[ordinal()].invoke(config);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + key + " from a TuskConfig", e);
        }
    }

    /** Reads true/yes/on/1 and false/no/off/0, in any case; anything else is refused. */
    static Boolean parseBoolean(String text) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(word)) {
            return Boolean.TRUE;
        } else if (FALSE_WORDS.contains(word)) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    /** The bound on one setting's values; {@code zeroMeans} says what zero stands for where zero is special. */
    record Rule(Kind kind, long min, long max, Duration minimum, String zeroMeans) {

        enum Kind { REQUIRED, OPTIONAL, NOT_BLANK, HOSTS, APPLICATION_NAME, IDENTIFIER, RANGE, PERCENT, DURATION, REPLICAS }

        static Rule required() {
            return new Rule(Kind.REQUIRED, 0, 0, null, null);
        }

        static Rule optional() {
            return new Rule(Kind.OPTIONAL, 0, 0, null, null);
        }

        static Rule notBlank() {
            return new Rule(Kind.NOT_BLANK, 0, 0, null, null);
        }

        static Rule hosts() {
            return new Rule(Kind.HOSTS, 0, 0, null, null);
        }

        static Rule replicas() {
            return new Rule(Kind.REPLICAS, 0, 0, null, null);
        }

        static Rule applicationName() {
            return new Rule(Kind.APPLICATION_NAME, 0, 0, null, null);
        }

        static Rule identifier() {
            return new Rule(Kind.IDENTIFIER, 0, 0, null, null);
        }

        static Rule range(long min, long max, String zeroMeans) {
            return new Rule(Kind.RANGE, min, max, null, zeroMeans);
        }

        static Rule percent() {
            return new Rule(Kind.PERCENT, 0, 0, null, null);
        }

        static Rule notNegative(String zeroMeans) {
            return new Rule(Kind.DURATION, 0, 0, Duration.ZERO, zeroMeans);
        }

        static Rule positive() {
            return new Rule(Kind.DURATION, 0, 0, Duration.ofNanos(1), null);
        }

        static Rule atLeast(Duration minimum) {
            return new Rule(Kind.DURATION, 0, 0, minimum, null);
        }

        static Rule zeroOrAtLeast(String zeroMeans, Duration minimum) {
            return new Rule(Kind.DURATION, 0, 0, minimum, zeroMeans);
        }

        void check(String name, Object value) {
            switch (kind) {
                case OPTIONAL -> { }
                case REQUIRED -> ConfigChecks.notNull(name, value);
                case NOT_BLANK -> ConfigChecks.notBlank(name, (String) value);
                case HOSTS -> {
                    ConfigChecks.notBlank(name, (String) value);
                    HostList.parse((String) value, TuskConfig.DEFAULT_PORT);
                }
                case APPLICATION_NAME -> ConfigChecks.applicationName((String) value);
                case IDENTIFIER -> ConfigChecks.identifier(name, (String) value);
                case RANGE -> {
                    ConfigChecks.notNull(name, value);
                    ConfigChecks.range(name, ((Number) value).longValue(), min, max);
                }
                case PERCENT -> {
                    ConfigChecks.notNull(name, value);
                    ConfigChecks.percent(name, (Double) value);
                }
                case DURATION -> checkDuration(name, (Duration) value);
                case REPLICAS -> {
                    ConfigChecks.notNull(name, value);
                    int position = 0;
                    for (Object replica : (java.util.List<?>) value) {
                        position++;
                        if (!(replica instanceof ReadReplica)) {
                            throw new IllegalArgumentException(name + " entry " + position + " must be a ReadReplica, "
                                    + "but was " + (replica == null ? "null" : "a " + replica.getClass().getSimpleName()));
                        }
                    }
                }
            }
        }

        private void checkDuration(String name, Duration value) {
            if (minimum.isZero()) {
                ConfigChecks.notNegative(name, value);
            } else if (minimum.equals(Duration.ofNanos(1))) {
                ConfigChecks.positive(name, value);
            } else if (zeroMeans == null) {
                ConfigChecks.atLeast(name, value, minimum);
            } else {
                ConfigChecks.zeroOrAtLeast(name, value, minimum, zeroMeans);
            }
        }

        String expectation() {
            return switch (kind) {
                case REQUIRED, OPTIONAL -> "a value";
                case NOT_BLANK -> "a non-empty value";
                case HOSTS -> HostList.EXPECTATION;
                case APPLICATION_NAME -> "a name of at most 63 characters";
                case IDENTIFIER -> "a lower-case SQL identifier of at most 63 characters";
                case RANGE -> (max == Long.MAX_VALUE ? "an integer of " + min + " or more" : "an integer from " + min + " to " + max)
                        + (zeroMeans == null ? "" : " (0 = " + zeroMeans + ")");
                case PERCENT -> "a percentage above 0 and at most 100";
                case DURATION -> durationExpectation();
                case REPLICAS -> ReplicaUrls.EXPECTATION;
            };
        }

        private String durationExpectation() {
            if (minimum.isZero()) {
                return "a duration of 0 (" + zeroMeans + ") or more";
            } else if (minimum.equals(Duration.ofNanos(1))) {
                return "a duration above 0";
            } else if (zeroMeans == null) {
                return "a duration of at least " + Durations.format(minimum);
            }
            return "0 (" + zeroMeans + ") or a duration of at least " + Durations.format(minimum);
        }
    }
}
