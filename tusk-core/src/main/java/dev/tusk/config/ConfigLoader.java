package dev.tusk.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Builds a {@link TuskConfig} from the environment, with one precedence, highest first: values set on the builder by
 * the calling code; the connection URL in {@code DATABASE_URL}, else {@code POSTGRES_URL_NON_POOLING}, else
 * {@code POSTGRES_PRISMA_URL}; the {@code POSTGRES_*} variables; the {@code POSTGRESQL_*} variables; the {@code DB_*}
 * variables; libpq's {@code PG*} variables; the password file; the active profile's defaults. Each setting is
 * resolved on its own, so a URL without a port takes the port from a lower source, as libpq does. Every bad value is
 * reported at once, in one {@link ConfigException}.
 */
public final class ConfigLoader {

    /** The variables that name a connection URL, highest first; only the first one set is read. */
    static final List<String> URL_VARIABLES = List.of("DATABASE_URL", "POSTGRES_URL_NON_POOLING", "POSTGRES_PRISMA_URL");
    /** The variables that choose the profile, highest first; only the first one set is read. */
    static final List<String> PROFILE_VARIABLES = List.of("TUSK_ENV", "APP_ENV", "ENVIRONMENT");

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    // Warnings are logged once per JVM, as libpq warns once about a password file; they never hold a secret.
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private final Function<String, String> environment;
    private final Path homeDirectory;

    private ConfigLoader(Function<String, String> environment, Path homeDirectory) {
        this.environment = environment;
        this.homeDirectory = homeDirectory;
    }

    /** A loader reading this process's environment, with {@code ~} from {@code HOME}, else the {@code user.home} property. */
    public static ConfigLoader fromSystem() {
        String home = System.getenv("HOME");
        return new ConfigLoader(System::getenv,
                Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")));
    }

    /** A loader reading variables through {@code environment} (such as {@code map::get}); a null home means no {@code ~/.pgpass}. */
    public static ConfigLoader of(Function<String, String> environment, Path homeDirectory) {
        if (environment == null) {
            throw new IllegalArgumentException("environment must be set");
        }
        return new ConfigLoader(environment, homeDirectory);
    }

    /** Loads the config with nothing set by the calling code. */
    public EffectiveConfig load() {
        return load(builder -> { });
    }

    /** Loads the config; what {@code explicit} sets on the builder beats every other source. */
    public EffectiveConfig load(Consumer<? super TuskConfigBuilder> explicit) {
        TuskConfigBuilder callers = new TuskConfigBuilder();
        explicit.accept(callers);
        Problems problems = new Problems();
        List<String> warnings = new ArrayList<>();

        Layer builderLayer = new Layer();
        callers.explicitValues().forEach((setting, value) -> builderLayer.offer(setting, value, SettingSource.builder()));
        Layer profileLayer = readProfile(problems);
        Layer.Candidate chosenProfile = builderLayer.get(Setting.PROFILE) != null
                ? builderLayer.get(Setting.PROFILE) : profileLayer.get(Setting.PROFILE);
        Profile profile = chosenProfile == null ? Profile.DEVELOPMENT : (Profile) chosenProfile.value();
        Layer urlLayer = readUrl(problems, warnings);
        PostgresVariables.Result postgres = PostgresVariables.read(environment, profile, problems);
        Map<Setting, Layer.Candidate> resolved = resolve(List.of(builderLayer, profileLayer, urlLayer,
                TuskVariables.FAMILY.read(environment, problems), postgres.layer(),
                PostgresqlVariables.FAMILY.read(environment, problems), DbVariables.FAMILY.read(environment, problems),
                LibpqVariables.FAMILY.read(environment, problems)));
        if (postgres.checkHostname() != null) {
            applyHostnameCheck(postgres.checkHostname(), resolved, profile, warnings);
        }
        if (!resolved.containsKey(Setting.PASSWORD)) {
            passwordFromFile(resolved, profile, warnings);
        }
        Relations.check(resolved, profile, problems);
        ProfileRules.check(resolved, profile, problems);
        problems.throwIfAny();

        TuskConfigBuilder builder = new TuskConfigBuilder();
        resolved.forEach((setting, candidate) -> builder.set(setting, candidate.value()));
        TuskConfig config;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            // Relations.check mirrors the record's own checks; this only fires if the two drift apart.
            throw new ConfigException(List.of(e.getMessage()));
        }
        Map<String, SettingSource> sources = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            Layer.Candidate candidate = resolved.get(setting);
            sources.put(setting.key(), candidate != null ? candidate.source()
                    : SettingSource.profileDefault(profile, Defaults.dependsOnProfile(setting)));
        }
        for (String warning : warnings) {
            if (LOGGED.add(warning)) {
                LOG.warn(warning);
            }
        }
        // The config's own warnings are logged by each client at its start, not here, so each start logs them once.
        List<String> all = new ArrayList<>(warnings);
        all.addAll(config.securityWarnings());
        return new EffectiveConfig(config, sources, all);
    }

    /** Every environment variable the loader reads, for documentation and its test. */
    static List<String> variableNames() {
        List<String> names = new ArrayList<>(PROFILE_VARIABLES);
        names.addAll(URL_VARIABLES);
        names.addAll(TuskVariables.FAMILY.names());
        names.addAll(PostgresVariables.names());
        names.addAll(PostgresqlVariables.FAMILY.names());
        names.addAll(DbVariables.FAMILY.names());
        names.addAll(LibpqVariables.FAMILY.names());
        names.add(LibpqVariables.PGPASSFILE);
        return names;
    }

    private Layer readProfile(Problems problems) {
        Layer layer = new Layer();
        for (String name : PROFILE_VARIABLES) {
            String text = EnvVariable.lookup(environment, name);
            if (text == null) {
                continue;
            }
            try {
                layer.offer(Setting.PROFILE, Profile.fromName(text), SettingSource.environment(name));
            } catch (IllegalArgumentException e) {
                problems.add(Setting.PROFILE, name + "=" + Problems.shown(null, text.strip()) + ": expected "
                        + Setting.PROFILE.expectation(null));
            }
            // Lower ones are not read at all: a generic ENVIRONMENT=test must not break a service that sets TUSK_ENV.
            break;
        }
        return layer;
    }

    private Layer readUrl(Problems problems, List<String> warnings) {
        Layer layer = new Layer();
        String chosen = null;
        for (String name : URL_VARIABLES) {
            String url = EnvVariable.lookup(environment, name);
            if (url == null) {
                continue;
            }
            if (chosen == null) {
                chosen = name;
                layer = ConnectionUrl.read(url, name, SettingSource.url(name), problems);
            } else {
                warnings.add(name + " is set but not used: " + chosen + " takes precedence");
            }
        }
        return layer;
    }

    private static Map<Setting, Layer.Candidate> resolve(List<Layer> layers) {
        Map<Setting, Layer.Candidate> resolved = new EnumMap<>(Setting.class);
        for (Layer layer : layers) {
            layer.candidates().forEach((setting, candidate) -> {
                Layer.Candidate winner = resolved.get(setting);
                if (winner == null) {
                    resolved.put(setting, candidate);
                    return;
                }
                SettingSource source = winner.source().withAlsoSetBy(candidate.source().name());
                for (String name : candidate.source().alsoSetBy()) {
                    source = source.withAlsoSetBy(name);
                }
                resolved.put(setting, new Layer.Candidate(winner.value(), source));
            });
        }
        return resolved;
    }

    /**
     * POSTGRES_SSL_CHECK_HOSTNAME=false turns an effective verify-full into verify-ca, unless the calling code chose
     * it; either way, and when =true asks for a check the mode does not make, a warning says what happened.
     */
    private static void applyHostnameCheck(boolean checkHostname, Map<Setting, Layer.Candidate> resolved,
                                           Profile profile, List<String> warnings) {
        Layer.Candidate mode = resolved.get(Setting.SSL_MODE);
        SslMode effective = mode == null ? profile.sslMode() : (SslMode) mode.value();
        String from = mode == null ? "profile " + profile.profileName() + " default" : mode.source().name();
        String variable = PostgresVariables.SSL_CHECK_HOSTNAME;
        if (checkHostname) {
            if (effective != SslMode.VERIFY_FULL) {
                warnings.add(variable + "=true, but sslMode=" + effective.libpqName() + " (from " + from + ") "
                        + (effective == SslMode.VERIFY_CA ? "checks the certificate, not the host name"
                        : "checks nothing: neither the certificate nor the host name") + "; set sslmode to verify-full "
                        + "to check the host name");
            }
            return;
        }
        if (effective != SslMode.VERIFY_FULL) {
            return;
        }
        if (mode != null && mode.source().kind() == SettingSource.Kind.BUILDER) {
            warnings.add(variable + "=false is ignored: sslMode verify-full was set on the builder, and a mode set in "
                    + "code is kept");
            return;
        }
        warnings.add(variable + "=false turns sslMode verify-full (from " + from + ") into verify-ca: the server's "
                + "certificate is still checked against the CA, its host name is not");
        resolved.put(Setting.SSL_MODE, new Layer.Candidate(SslMode.VERIFY_CA, new SettingSource(
                SettingSource.Kind.ENVIRONMENT, from + " + " + PostgresVariables.SSL_CHECK_HOSTNAME + "=false",
                mode == null ? List.of() : mode.source().alsoSetBy())));
    }

    private void passwordFromFile(Map<Setting, Layer.Candidate> resolved, Profile profile, List<String> warnings) {
        PasswordFile file = PasswordFile.locate(environment, homeDirectory);
        if (file == null) {
            return;
        }
        List<ServerAddress> servers;
        try {
            servers = HostList.parse((String) Relations.effective(resolved, Setting.HOST, profile),
                    (Integer) Relations.effective(resolved, Setting.PORT, profile));
        } catch (IllegalArgumentException | ClassCastException e) {
            return;
        }
        // libpq looks a password up per host; Tusk sends one password to every server, so the first listed that
        // the file names gives it.
        String password = null;
        for (ServerAddress server : servers) {
            int warned = warnings.size();
            password = file.lookup(server.host(), server.port(),
                    (String) Relations.effective(resolved, Setting.DATABASE, profile),
                    (String) Relations.effective(resolved, Setting.USER, profile), warnings);
            // A file that is unusable for one server is unusable for all: say so once.
            if (password != null || warnings.size() > warned) {
                break;
            }
        }
        if (password != null) {
            resolved.put(Setting.PASSWORD, new Layer.Candidate(password, SettingSource.passwordFile(file.description())));
        }
    }
}
