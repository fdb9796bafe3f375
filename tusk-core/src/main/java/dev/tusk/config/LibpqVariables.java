package dev.tusk.config;

import java.time.temporal.ChronoUnit;
import java.util.List;

/** libpq's {@code PG*} variables, with libpq's meanings; {@code PGPASSFILE} is read by {@link PasswordFile}. */
final class LibpqVariables {

    /** Names the password file instead of {@code ~/.pgpass}. */
    static final String PGPASSFILE = "PGPASSFILE";

    /** The family, in precedence order within it. */
    static final VariableFamily FAMILY = new VariableFamily("PG*", List.of(
            EnvVariable.of("PGHOST", Setting.HOST),
            EnvVariable.of("PGPORT", Setting.PORT),
            EnvVariable.of("PGDATABASE", Setting.DATABASE),
            EnvVariable.of("PGUSER", Setting.USER),
            EnvVariable.of("PGPASSWORD", Setting.PASSWORD),
            EnvVariable.of("PGSSLMODE", Setting.SSL_MODE),
            EnvVariable.of("PGSSLROOTCERT", Setting.SSL_ROOT_CERT),
            EnvVariable.of("PGSSLCERT", Setting.SSL_CERT),
            EnvVariable.of("PGSSLKEY", Setting.SSL_KEY),
            EnvVariable.of("PGCHANNELBINDING", Setting.CHANNEL_BINDING),
            EnvVariable.of("PGSSLNEGOTIATION", Setting.SSL_NEGOTIATION),
            EnvVariable.of("PGAPPNAME", Setting.APPLICATION_NAME),
            EnvVariable.duration("PGCONNECT_TIMEOUT", Setting.CONNECT_TIMEOUT, ChronoUnit.SECONDS),
            EnvVariable.of("PGOPTIONS", Setting.OPTIONS),
            EnvVariable.of("PGTARGETSESSIONATTRS", Setting.TARGET_SESSION_ATTRS)));

    private LibpqVariables() {
    }
}
