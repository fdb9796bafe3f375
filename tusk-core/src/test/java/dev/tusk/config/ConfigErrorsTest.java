package dev.tusk.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigErrorsTest {

    private static final String DURATION_UNITS_IN_SECONDS = "; a bare number is in seconds, or give a unit: 500ms, 30s, 5m, 1h";

    private static ConfigException failure(Map<String, String> environment) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.of(environment::get, null).load());
    }

    @Test
    void shouldNameTheVariableTheValueAndTheRangeOfABadInteger() {
        assertThat(failure(Map.of("POSTGRES_POOL_MAX_SIZE", "abc")).problems())
                .containsExactly("POSTGRES_POOL_MAX_SIZE=abc: expected an integer from 1 to 10000");
        assertThat(failure(Map.of("DB_POOL_MAX", "0")).problems())
                .containsExactly("DB_POOL_MAX=0: expected an integer from 1 to 10000");
        assertThat(failure(Map.of("PGPORT", "70000")).problems())
                .containsExactly("PGPORT=70000: expected an integer from 1 to 65535");
        assertThat(failure(Map.of("POSTGRESQL_MAX_RETRIES", "2.5")).problems())
                .containsExactly("POSTGRESQL_MAX_RETRIES=2.5: expected an integer from 0 to 100 (0 = none)");
        assertThat(failure(Map.of("POSTGRES_MAX_QUERIES_PER_CONNECTION", "-1")).problems())
                .containsExactly("POSTGRES_MAX_QUERIES_PER_CONNECTION=-1: expected an integer of 0 or more (0 = unlimited)");
        assertThat(failure(Map.of("DATABASE_LOG_LEVEL", "verbose")).problems()).containsExactly("DATABASE_LOG_LEVEL=verbose: "
                + "expected a log level: debug or trace (log every statement), or info, warn, error, off");
    }

    @Test
    void shouldRefuseANegativeDurationNamingTheUnitOfABareNumber() {
        assertThat(failure(Map.of("POSTGRES_QUERY_TIMEOUT", "-5")).problems()).containsExactly(
                "POSTGRES_QUERY_TIMEOUT=-5: expected a duration of 0 (none) or more" + DURATION_UNITS_IN_SECONDS);
        assertThat(failure(Map.of("DB_STATEMENT_TIMEOUT", "5 minutes")).problems()).containsExactly(
                "DB_STATEMENT_TIMEOUT=5 minutes: expected a duration of 0 (none) or more; a bare number is in "
                        + "milliseconds, or give a unit: 500ms, 30s, 5m, 1h");
    }

    @Test
    void shouldStateTheLowerBoundOfBoundedDurations() {
        assertThat(failure(Map.of("POSTGRES_ACQUIRE_TIMEOUT", "0.1")).problems()).containsExactly(
                "POSTGRES_ACQUIRE_TIMEOUT=0.1: expected a duration of at least 250ms" + DURATION_UNITS_IN_SECONDS);
        assertThat(failure(Map.of("POSTGRES_CONNECTION_MAX_AGE", "10")).problems()).containsExactly(
                "POSTGRES_CONNECTION_MAX_AGE=10: expected 0 (never) or a duration of at least 30s" + DURATION_UNITS_IN_SECONDS);
        assertThat(failure(Map.of("PGCONNECT_TIMEOUT", "0")).problems()).containsExactly(
                "PGCONNECT_TIMEOUT=0: expected a duration above 0" + DURATION_UNITS_IN_SECONDS);
    }

    @Test
    void shouldRefuseAnUnknownSslmodeInEveryFamily() {
        String allowed = ": expected one of disable, allow, prefer, require, verify-ca, verify-full";
        assertThat(failure(Map.of("DB_SSLMODE", "strict", "POSTGRES_SSL_MODE", "on", "PGSSLMODE", "verify")).problems())
                .containsExactlyInAnyOrder("DB_SSLMODE=strict" + allowed, "POSTGRES_SSL_MODE=on" + allowed,
                        "PGSSLMODE=verify" + allowed);
    }

    @Test
    void shouldRefuseBadSwitchesPercentagesAndTargets() {
        assertThat(failure(Map.of("POSTGRESQL_METRICS_ENABLED", "maybe")).problems())
                .containsExactly("POSTGRESQL_METRICS_ENABLED=maybe: expected true or false");
        assertThat(failure(Map.of("POSTGRES_SSL_ENABLED", "2")).problems())
                .containsExactly("POSTGRES_SSL_ENABLED=2: expected true or false");
        assertThat(failure(Map.of("POSTGRES_POOL_EXHAUSTION_THRESHOLD", "150")).problems())
                .containsExactly("POSTGRES_POOL_EXHAUSTION_THRESHOLD=150: expected a percentage above 0 and at most 100");
        assertThat(failure(Map.of("PGTARGETSESSIONATTRS", "leader")).problems()).containsExactly(
                "PGTARGETSESSIONATTRS=leader: expected one of any, read-write, read-only, primary, standby, prefer-standby");
        assertThat(failure(Map.of("POSTGRES_LEAK_DETECTION", "sometimes")).problems()).containsExactly(
                "POSTGRES_LEAK_DETECTION=sometimes: expected true, false, or a threshold: a duration of 0 (off) or more"
                        + DURATION_UNITS_IN_SECONDS);
    }

    @Test
    void shouldRefuseAnUnknownProfileNamingTheVariable() {
        assertThat(failure(Map.of("APP_ENV", "qa")).problems())
                .containsExactly("APP_ENV=qa: expected one of development, staging, production (or dev, local, stage, prod)");
    }

    @Test
    void shouldRefuseAMinimumAboveTheMaximumNamingBothVariables() {
        assertThat(failure(Map.of("POSTGRES_POOL_MIN_SIZE", "20", "DB_POOL_MAX", "10")).problems()).containsExactly(
                "POSTGRES_POOL_MIN_SIZE=20 is above DB_POOL_MAX=10: the minimum pool size must not exceed the maximum");
        assertThat(failure(Map.of("DB_POOL_MIN", "20")).problems()).containsExactly(
                "DB_POOL_MIN=20 is above poolMaxSize=10 (profile development default): the minimum pool size must not "
                        + "exceed the maximum");
        assertThat(failure(Map.of("DATABASE_URL", "postgresql://h/d?connection_limit=1")).problems()).containsExactly(
                "poolMinSize=2 (profile development default) is above poolMaxSize=1 (from DATABASE_URL): the minimum "
                        + "pool size must not exceed the maximum");
    }

    @Test
    void shouldReportOneProblemForOneMistake() {
        assertThat(failure(Map.of("POSTGRES_POOL_MAX_SIZE", "abc", "POSTGRES_POOL_MIN_SIZE", "20")).problems())
                .containsExactly("POSTGRES_POOL_MAX_SIZE=abc: expected an integer from 1 to 10000");
    }

    @Test
    void shouldRefuseContradictoryTlsSwitches() {
        assertThat(failure(Map.of("POSTGRES_SSL_ENABLED", "false", "POSTGRES_SSL_MODE", "require")).problems())
                .containsExactly("POSTGRES_SSL_ENABLED=false contradicts POSTGRES_SSL_MODE=require: remove one, or make them agree");
        assertThat(failure(Map.of("POSTGRES_SSL_ENABLED", "true", "POSTGRES_SSL_MODE", "prefer")).problems())
                .containsExactly("POSTGRES_SSL_ENABLED=true contradicts POSTGRES_SSL_MODE=prefer: with TLS enabled, "
                        + "expected require, verify-ca or verify-full");
    }

    @Test
    void shouldRefuseAClientCertificateWithoutItsKey() {
        assertThat(failure(Map.of("DB_SSLCERT", "/etc/client.crt")).problems()).containsExactly(
                "DB_SSLCERT=/etc/client.crt is set, so the client key (POSTGRES_SSL_KEY, DB_SSLKEY, PGSSLKEY or the "
                        + "sslkey URL parameter) must be set too: a client certificate and its key go together");
    }

    @Test
    void shouldReportEveryProblemTogetherOnePerLine() {
        ConfigException failure = failure(Map.of("TUSK_ENV", "qa", "DATABASE_URL", "postgresql://app:hunter2@h/d?sslmode=x",
                "POSTGRES_POOL_MAX_SIZE", "abc", "DB_TIMEOUT", "soon", "PGPASSWORD", "tiger"));

        assertThat(failure.problems()).containsExactly(
                "TUSK_ENV=qa: expected one of development, staging, production (or dev, local, stage, prod)",
                "DATABASE_URL parameter sslmode=x: expected one of disable, allow, prefer, require, verify-ca, verify-full",
                "POSTGRES_POOL_MAX_SIZE=abc: expected an integer from 1 to 10000",
                "DB_TIMEOUT=soon: expected a duration above 0" + DURATION_UNITS_IN_SECONDS);
        assertThat(failure.getMessage()).isEqualTo(String.join("\n", failure.problems()))
                .doesNotContain("hunter2").doesNotContain("tiger");
    }

    @Test
    void shouldNeverRepeatAConnectionUrl() {
        assertThat(failure(Map.of("DATABASE_URL", "mysql://root:hunter2@db/app")).problems())
                .containsExactly("DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql://, "
                        + "but its scheme was mysql");
        assertThat(failure(Map.of("POSTGRES_PRISMA_URL", "postgresql://u:hun ter2@db/app")).getMessage())
                .startsWith("POSTGRES_PRISMA_URL is malformed at character").doesNotContain("hun");
    }

    @Test
    void shouldShowASecretValueAsStars() {
        assertThat(Problems.shown(Setting.PASSWORD, "hunter2")).isEqualTo("***");
        assertThat(Problems.shown(Setting.HOST, "db.example")).isEqualTo("db.example");
        assertThat(Problems.shown(Setting.OPTIONS, "x".repeat(100))).hasSize(80).endsWith("...");
    }
}
