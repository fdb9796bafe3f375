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
            EnvVariable.of(ALLOW_UNVERIFIED_TLS, Setting.ALLOW_UNVERIFIED_TLS)));

    private TuskVariables() {
    }
}
