package dev.tusk.spring.boot;

import dev.tusk.config.ConfigException;
import dev.tusk.config.ConfigLoader;
import dev.tusk.config.EffectiveConfig;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.CredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds the client's {@link TuskConfig}, each setting from the first source that sets it: a {@code tusk.*}
 * property, then {@code spring.datasource.username}/{@code password}, then {@code spring.datasource.url}, then the
 * environment variables Tusk reads on its own ({@code DATABASE_URL}, {@code TUSK_*}, {@code POSTGRES_*},
 * {@code DB_*}, {@code PG*}, {@code ~/.pgpass}; docs/configuration.md), then the profile's defaults.
 */
final class SpringTuskConfig {

    private static final Logger LOG = LoggerFactory.getLogger(SpringTuskConfig.class);

    private SpringTuskConfig() {
    }

    /** The config from {@code properties}, the {@code spring.datasource.*} properties and {@code environment}'s variables. */
    static TuskConfig load(TuskProperties properties, Environment environment, CredentialsProvider credentials) {
        Function<String, String> variables = variables(environment);
        String home = variables.apply("HOME");
        ConfigLoader loader = ConfigLoader.of(variables,
                Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")));
        EffectiveConfig effective;
        try {
            effective = loader.load(builder -> {
                String url = environment.getProperty("spring.datasource.url");
                if (url != null && !url.isBlank()) {
                    try {
                        builder.url(url);
                    } catch (IllegalArgumentException e) {
                        // Tusk's URL problems never repeat the URL, which may hold a password; neither does this.
                        throw new InvalidConfigurationPropertyValueException("spring.datasource.url", "(not shown)",
                                e.getMessage());
                    }
                }
                String username = environment.getProperty("spring.datasource.username");
                if (username != null && !username.isBlank()) {
                    builder.user(username);
                }
                String password = environment.getProperty("spring.datasource.password");
                if (password != null && !password.isEmpty()) {
                    builder.password(password);
                }
                properties.applyTo(builder);
                if (credentials != null) {
                    builder.credentials(credentials);
                }
            });
        } catch (ConfigException e) {
            // A setting the builder got came from the tusk.* property of the same name in kebab case.
            List<String> problems = new ArrayList<>();
            problems.add("Tusk's configuration cannot be used; a setting such as poolMaxSize below was set by its "
                    + "property tusk.pool-max-size (or, for host, port, database, user and password, by "
                    + "spring.datasource.*) unless an environment variable is named:");
            problems.addAll(e.problems());
            throw new ConfigException(problems);
        }
        effective.warnings().forEach(LOG::warn);
        return effective.config();
    }

    /**
     * The environment variables as the Spring environment holds them (its {@code systemEnvironment} source), so a test
     * or an embedding application that replaces that source decides what Tusk reads.
     */
    private static Function<String, String> variables(Environment environment) {
        if (environment instanceof ConfigurableEnvironment configurable) {
            PropertySource<?> source = configurable.getPropertySources()
                    .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
            if (source != null) {
                return name -> {
                    Object value = source.getProperty(name);
                    return value == null ? null : value.toString();
                };
            }
            return name -> null;
        }
        return System::getenv;
    }
}
