package dev.tusk.config;

import java.util.Map;

/**
 * The checks between settings that {@link TuskConfig}'s constructor also makes, repeated before building so the
 * message names the variables involved instead of the record's field names.
 */
final class Relations {

    private Relations() {
    }

    /** Records a problem for each relation the resolved values break; settings whose own value was refused are skipped. */
    static void check(Map<Setting, Layer.Candidate> resolved, Profile profile, Problems problems) {
        if (!problems.failed(Setting.POOL_MIN_SIZE) && !problems.failed(Setting.POOL_MAX_SIZE)) {
            int min = (Integer) effective(resolved, Setting.POOL_MIN_SIZE, profile);
            int max = (Integer) effective(resolved, Setting.POOL_MAX_SIZE, profile);
            if (min > max) {
                problems.add(describe(resolved, Setting.POOL_MIN_SIZE, profile) + " is above "
                        + describe(resolved, Setting.POOL_MAX_SIZE, profile)
                        + ": the minimum pool size must not exceed the maximum");
            }
        }
        if (!problems.failed(Setting.SSL_CERT) && !problems.failed(Setting.SSL_KEY)) {
            boolean cert = effective(resolved, Setting.SSL_CERT, profile) != null;
            boolean key = effective(resolved, Setting.SSL_KEY, profile) != null;
            if (cert != key) {
                Setting present = cert ? Setting.SSL_CERT : Setting.SSL_KEY;
                String missing = cert ? "the client key (POSTGRES_SSL_KEY, DB_SSLKEY, PGSSLKEY or the sslkey URL parameter)"
                        : "the client certificate (POSTGRES_SSL_CERT, DB_SSLCERT, PGSSLCERT or the sslcert URL parameter)";
                problems.add(describe(resolved, present, profile) + " is set, so " + missing
                        + " must be set too: a client certificate and its key go together");
            }
        }
        if (!problems.failed(Setting.SSL_KEY) && !problems.failed(Setting.SSL_PASSWORD)
                && effective(resolved, Setting.SSL_PASSWORD, profile) != null
                && effective(resolved, Setting.SSL_KEY, profile) == null) {
            problems.add(describe(resolved, Setting.SSL_PASSWORD, profile) + " is set, but no client key is (POSTGRES_SSL_KEY, "
                    + "DB_SSLKEY, PGSSLKEY or the sslkey URL parameter): the password only decrypts a client key");
        }
        checkDirectNegotiation(resolved, profile, problems);
    }

    private static void checkDirectNegotiation(Map<Setting, Layer.Candidate> resolved, Profile profile, Problems problems) {
        if (problems.failed(Setting.SSL_NEGOTIATION) || problems.failed(Setting.SSL_MODE)) {
            return;
        }
        // libpq's rule: a direct handshake has no plaintext fallback, so a mode that may go without TLS contradicts it.
        if (effective(resolved, Setting.SSL_NEGOTIATION, profile) == SslNegotiation.DIRECT
                && !((SslMode) effective(resolved, Setting.SSL_MODE, profile)).requiresTls()) {
            problems.add(TuskConfig.DIRECT_NEEDS_TLS + ", but " + describe(resolved, Setting.SSL_MODE, profile)
                    + " (with " + describe(resolved, Setting.SSL_NEGOTIATION, profile) + ")");
        }
    }

    /** The value {@code setting} will have: the resolved one, else the profile's default. */
    static Object effective(Map<Setting, Layer.Candidate> resolved, Setting setting, Profile profile) {
        Layer.Candidate candidate = resolved.get(setting);
        return candidate != null ? candidate.value() : Defaults.of(setting, profile);
    }

    /** {@code POSTGRES_POOL_MIN_SIZE=20}, or {@code poolMaxSize=10 (profile development default)} when no variable set it. */
    private static String describe(Map<Setting, Layer.Candidate> resolved, Setting setting, Profile profile) {
        Layer.Candidate candidate = resolved.get(setting);
        String value = setting.display(effective(resolved, setting, profile));
        if (candidate == null) {
            return setting.key() + "=" + value + " ("
                    + SettingSource.profileDefault(profile, Defaults.dependsOnProfile(setting)).name() + ")";
        }
        return switch (candidate.source().kind()) {
            case ENVIRONMENT -> candidate.source().name() + "=" + value;
            case BUILDER -> setting.key() + "=" + value + " (set on the builder)";
            default -> setting.key() + "=" + value + " (from " + candidate.source().name() + ")";
        };
    }
}
