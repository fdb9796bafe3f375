package dev.tusk.config;

import java.util.List;

/**
 * Tusk's own {@code TUSK_*} settings (besides {@code TUSK_ENV}, which chooses the profile): switches no seed defines,
 * which must stay deliberate, so they are read from the environment or the builder and never from a URL.
 */
final class TuskVariables {

    /** The variable that lets production accept TLS which does not verify the server's identity. */
    static final String ALLOW_UNVERIFIED_TLS = "TUSK_ALLOW_UNVERIFIED_TLS";

    /** The family, in precedence order within it. */
    static final VariableFamily FAMILY = new VariableFamily("TUSK_*", List.of(
            EnvVariable.of(ALLOW_UNVERIFIED_TLS, Setting.ALLOW_UNVERIFIED_TLS),
            EnvVariable.duration("TUSK_MAX_REPLICA_LAG", Setting.MAX_REPLICA_LAG, java.time.temporal.ChronoUnit.SECONDS),
            EnvVariable.duration("TUSK_REPLICA_CHECK_INTERVAL", Setting.REPLICA_CHECK_INTERVAL,
                    java.time.temporal.ChronoUnit.MILLIS),
            EnvVariable.of("TUSK_READ_FALLBACK", Setting.READ_FALLBACK),
            EnvVariable.of("TUSK_READ_YOUR_WRITES", Setting.READ_YOUR_WRITES)));

    private TuskVariables() {
    }
}
