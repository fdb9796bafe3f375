package dev.tusk.config;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Tusk's own {@code TUSK_*} settings (besides {@code TUSK_ENV}, which chooses the profile): switches no seed defines,
 * which must stay deliberate, so they are read from the environment or the builder and never from a URL.
 */
final class TuskVariables {

    /** The variable that lets production accept TLS which does not verify the server's identity. */
    static final String ALLOW_UNVERIFIED_TLS = "TUSK_ALLOW_UNVERIFIED_TLS";

    /** The family, in precedence order within it; the audit durations' bare numbers are seconds, as elsewhere. */
    static final VariableFamily FAMILY = new VariableFamily("TUSK_*", List.of(
            EnvVariable.of(ALLOW_UNVERIFIED_TLS, Setting.ALLOW_UNVERIFIED_TLS),
            EnvVariable.of("TUSK_AUDIT_ENABLED", Setting.AUDIT_ENABLED),
            EnvVariable.of("TUSK_AUDIT_SCHEMA", Setting.AUDIT_SCHEMA),
            EnvVariable.of("TUSK_AUDIT_TABLE", Setting.AUDIT_TABLE),
            EnvVariable.of("TUSK_AUDIT_QUEUE_CAPACITY", Setting.AUDIT_QUEUE_CAPACITY),
            EnvVariable.duration("TUSK_AUDIT_RETENTION", Setting.AUDIT_RETENTION, ChronoUnit.SECONDS),
            EnvVariable.duration("TUSK_MAX_REPLICA_LAG", Setting.MAX_REPLICA_LAG, ChronoUnit.SECONDS),
            EnvVariable.duration("TUSK_REPLICA_CHECK_INTERVAL", Setting.REPLICA_CHECK_INTERVAL, ChronoUnit.MILLIS),
            EnvVariable.of("TUSK_READ_FALLBACK", Setting.READ_FALLBACK),
            EnvVariable.of("TUSK_READ_YOUR_WRITES", Setting.READ_YOUR_WRITES)));

    private TuskVariables() {
    }
}
