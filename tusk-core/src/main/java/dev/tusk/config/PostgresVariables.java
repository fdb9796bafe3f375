package dev.tusk.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code POSTGRES_*} variables: seed 000's (connection, TLS, pool), seed 002's {@code POSTGRES_DB} and seed 004's
 * connection variables, which share the names. Durations are in seconds. The three TLS switches combine into one
 * {@code sslMode}, described in {@link #read}.
 */
final class PostgresVariables {

    static final String SSL_ENABLED = "POSTGRES_SSL_ENABLED";
    static final String SSL_MODE = "POSTGRES_SSL_MODE";
    static final String SSL_CHECK_HOSTNAME = "POSTGRES_SSL_CHECK_HOSTNAME";

    private static final EnvVariable LEAK_DETECTION = new EnvVariable("POSTGRES_LEAK_DETECTION",
            Setting.LEAK_DETECTION_THRESHOLD, PostgresVariables::leakDetection,
            "true, false, or a threshold: " + Setting.LEAK_DETECTION_THRESHOLD.expectation(ChronoUnit.SECONDS));

    /**
     * Seed 004's {@code DATABASE_LOG_LEVEL}: its "debug logging" is taken to mean every statement logged, as an ORM's
     * query log; the level of Tusk's own loggers stays with the logging backend.
     */
    private static final EnvVariable LOG_LEVEL = new EnvVariable("DATABASE_LOG_LEVEL", Setting.LOG_STATEMENTS,
            PostgresVariables::logLevel, "a log level: debug or trace (log every statement), or info, warn, error, off");

    /** The variables read one by one; POSTGRES_DATABASE (seeds 000, 004) wins over seed 002's POSTGRES_DB. */
    static final VariableFamily FAMILY = new VariableFamily("POSTGRES_*", List.of(
            EnvVariable.of("POSTGRES_HOST", Setting.HOST),
            EnvVariable.of("POSTGRES_PORT", Setting.PORT),
            EnvVariable.of("POSTGRES_DATABASE", Setting.DATABASE),
            EnvVariable.of("POSTGRES_DB", Setting.DATABASE),
            EnvVariable.of("POSTGRES_USER", Setting.USER),
            EnvVariable.of("POSTGRES_PASSWORD", Setting.PASSWORD),
            EnvVariable.of("POSTGRES_SSL_CA", Setting.SSL_ROOT_CERT),
            EnvVariable.of("POSTGRES_SSL_CERT", Setting.SSL_CERT),
            EnvVariable.of("POSTGRES_SSL_KEY", Setting.SSL_KEY),
            EnvVariable.of("POSTGRES_SSL_KEY_PASSWORD", Setting.SSL_PASSWORD),
            EnvVariable.of("POSTGRES_POOL_MIN_SIZE", Setting.POOL_MIN_SIZE),
            EnvVariable.of("POSTGRES_POOL_MAX_SIZE", Setting.POOL_MAX_SIZE),
            EnvVariable.duration("POSTGRES_QUERY_TIMEOUT", Setting.STATEMENT_TIMEOUT, ChronoUnit.SECONDS),
            EnvVariable.duration("POSTGRES_ACQUIRE_TIMEOUT", Setting.ACQUIRE_TIMEOUT, ChronoUnit.SECONDS),
            EnvVariable.of("POSTGRES_POOL_EXHAUSTION_THRESHOLD", Setting.EXHAUSTION_THRESHOLD_PERCENT),
            EnvVariable.of("POSTGRES_MAX_QUERIES_PER_CONNECTION", Setting.MAX_QUERIES_PER_CONNECTION),
            EnvVariable.duration("POSTGRES_CONNECTION_MAX_AGE", Setting.MAX_LIFETIME, ChronoUnit.SECONDS),
            LEAK_DETECTION,
            LOG_LEVEL));

    /**
     * The family's layer, and {@code POSTGRES_SSL_CHECK_HOSTNAME} (null when unset): false asks to turn verify-full
     * into verify-ca, applied by the loader to the effective mode, wherever it came from.
     */
    record Result(Layer layer, Boolean checkHostname) {
    }

    private PostgresVariables() {
    }

    /** Every variable of the family, the TLS switches included. */
    static List<String> names() {
        List<String> names = new ArrayList<>(FAMILY.names());
        names.addAll(List.of(SSL_ENABLED, SSL_MODE, SSL_CHECK_HOSTNAME, ReplicaUrls.VARIABLE));
        return names;
    }

    /**
     * Reads the family. TLS: {@code POSTGRES_SSL_ENABLED=false} means sslmode disable; {@code =true} alone means the
     * profile's mode when that already requires TLS (production: verify-full), else require; with
     * {@code POSTGRES_SSL_MODE} the mode is taken as given, and a mode that contradicts the switch is refused.
     */
    static Result read(Function<String, String> environment, Profile profile, Problems problems) {
        Layer layer = FAMILY.read(environment, problems);
        String replicaUrls = EnvVariable.lookup(environment, ReplicaUrls.VARIABLE);
        if (replicaUrls != null) {
            int before = problems.size();
            List<ReadReplica> replicas = ReplicaUrls.read(ReplicaUrls.split(replicaUrls), ReplicaUrls.VARIABLE, problems);
            if (problems.size() == before) {
                layer.offer(Setting.READ_REPLICAS, replicas, SettingSource.environment(ReplicaUrls.VARIABLE));
            }
        }
        Boolean enabled = flag(environment, SSL_ENABLED, Setting.SSL_MODE, problems);
        SslMode mode = sslMode(environment, problems);
        Boolean checkHostname = flag(environment, SSL_CHECK_HOSTNAME, Setting.SSL_MODE, problems);
        if (Boolean.FALSE.equals(enabled)) {
            if (mode != null && mode != SslMode.DISABLE) {
                problems.add(Setting.SSL_MODE, SSL_ENABLED + "=false contradicts " + SSL_MODE + "=" + mode.libpqName()
                        + ": remove one, or make them agree");
            } else {
                layer.offer(Setting.SSL_MODE, SslMode.DISABLE, SettingSource.environment(SSL_ENABLED));
            }
        } else if (Boolean.TRUE.equals(enabled)) {
            if (mode != null && !mode.requiresTls()) {
                problems.add(Setting.SSL_MODE, SSL_ENABLED + "=true contradicts " + SSL_MODE + "=" + mode.libpqName()
                        + ": with TLS enabled, expected require, verify-ca or verify-full");
            } else if (mode != null) {
                layer.offer(Setting.SSL_MODE, mode, SettingSource.environment(SSL_MODE));
            } else {
                layer.offer(Setting.SSL_MODE, profile.sslMode().requiresTls() ? profile.sslMode() : SslMode.REQUIRE,
                        SettingSource.environment(SSL_ENABLED));
            }
        } else if (mode != null) {
            layer.offer(Setting.SSL_MODE, mode, SettingSource.environment(SSL_MODE));
        }
        return new Result(layer, checkHostname);
    }

    private static Boolean flag(Function<String, String> environment, String name, Setting setting, Problems problems) {
        String text = EnvVariable.lookup(environment, name);
        if (text == null) {
            return null;
        }
        try {
            return Setting.parseBoolean(text);
        } catch (IllegalArgumentException e) {
            problems.add(setting, name + "=" + Problems.shown(null, text.strip()) + ": expected true or false");
            return null;
        }
    }

    private static SslMode sslMode(Function<String, String> environment, Problems problems) {
        String text = EnvVariable.lookup(environment, SSL_MODE);
        if (text == null) {
            return null;
        }
        try {
            return SslMode.fromLibpqName(text);
        } catch (IllegalArgumentException e) {
            problems.add(Setting.SSL_MODE, SSL_MODE + "=" + Problems.shown(null, text.strip()) + ": expected "
                    + Setting.SSL_MODE.expectation(null));
            return null;
        }
    }

    private static Object logLevel(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "debug", "trace", "all" -> true;
            case "info", "warn", "warning", "error", "fatal", "off", "none" -> false;
            default -> throw new IllegalArgumentException("not a log level");
        };
    }

    private static Object leakDetection(String text) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        if (word.equals("true") || word.equals("yes") || word.equals("on")) {
            return Defaults.LEAK_DETECTION_WHEN_ON;
        } else if (word.equals("false") || word.equals("no") || word.equals("off")) {
            return Duration.ZERO;
        }
        // A bare number is a threshold in seconds, so "0" turns detection off and "1" is one second, not "true".
        return Setting.LEAK_DETECTION_THRESHOLD.parse(text, ChronoUnit.SECONDS);
    }
}
