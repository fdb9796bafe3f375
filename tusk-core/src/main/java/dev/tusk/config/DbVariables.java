package dev.tusk.config;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Seed 001's {@code DB_*} variables (a psycopg2 pool). Mind the units: {@code DB_TIMEOUT} is the connect timeout in
 * seconds, while {@code DB_STATEMENT_TIMEOUT} and {@code DB_IDLE_TIMEOUT} are milliseconds, and the latter is the
 * idle-in-transaction limit, not the pool's idle timeout.
 */
final class DbVariables {

    /** The family, in precedence order within it. */
    static final VariableFamily FAMILY = new VariableFamily("DB_*", List.of(
            EnvVariable.of("DB_HOST", Setting.HOST),
            EnvVariable.of("DB_PORT", Setting.PORT),
            EnvVariable.of("DB_NAME", Setting.DATABASE),
            EnvVariable.of("DB_USER", Setting.USER),
            EnvVariable.of("DB_PASSWORD", Setting.PASSWORD),
            EnvVariable.of("DB_SSLMODE", Setting.SSL_MODE),
            EnvVariable.of("DB_SSLROOTCERT", Setting.SSL_ROOT_CERT),
            EnvVariable.of("DB_SSLCERT", Setting.SSL_CERT),
            EnvVariable.of("DB_SSLKEY", Setting.SSL_KEY),
            EnvVariable.of("DB_SSLPASSWORD", Setting.SSL_PASSWORD),
            EnvVariable.of("DB_POOL_MIN", Setting.POOL_MIN_SIZE),
            EnvVariable.of("DB_POOL_MAX", Setting.POOL_MAX_SIZE),
            EnvVariable.duration("DB_TIMEOUT", Setting.CONNECT_TIMEOUT, ChronoUnit.SECONDS),
            EnvVariable.duration("DB_STATEMENT_TIMEOUT", Setting.STATEMENT_TIMEOUT, ChronoUnit.MILLIS),
            EnvVariable.duration("DB_IDLE_TIMEOUT", Setting.IDLE_IN_TRANSACTION_TIMEOUT, ChronoUnit.MILLIS)));

    private DbVariables() {
    }
}
