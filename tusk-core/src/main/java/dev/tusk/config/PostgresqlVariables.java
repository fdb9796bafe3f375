package dev.tusk.config;

import java.time.temporal.ChronoUnit;
import java.util.List;

/** Seed 003's {@code POSTGRESQL_*} variables (resilience and metrics); its durations are in milliseconds. */
final class PostgresqlVariables {

    /** The family, in precedence order within it. */
    static final VariableFamily FAMILY = new VariableFamily("POSTGRESQL_*", List.of(
            EnvVariable.of("POSTGRESQL_MAX_RETRIES", Setting.MAX_RETRIES),
            EnvVariable.duration("POSTGRESQL_RETRY_DELAY", Setting.RETRY_DELAY, ChronoUnit.MILLIS),
            EnvVariable.of("POSTGRESQL_CIRCUIT_BREAKER_THRESHOLD", Setting.CIRCUIT_BREAKER_THRESHOLD),
            EnvVariable.duration("POSTGRESQL_CIRCUIT_BREAKER_TIMEOUT", Setting.CIRCUIT_BREAKER_TIMEOUT, ChronoUnit.MILLIS),
            EnvVariable.duration("POSTGRESQL_CONNECTION_TIMEOUT", Setting.CONNECT_TIMEOUT, ChronoUnit.MILLIS),
            EnvVariable.of("POSTGRESQL_METRICS_ENABLED", Setting.METRICS_ENABLED),
            EnvVariable.duration("POSTGRESQL_SLOW_QUERY_THRESHOLD", Setting.SLOW_QUERY_THRESHOLD, ChronoUnit.MILLIS),
            EnvVariable.duration("POSTGRESQL_HEALTH_CHECK_INTERVAL", Setting.HEALTH_CHECK_INTERVAL, ChronoUnit.MILLIS)));

    private PostgresqlVariables() {
    }
}
