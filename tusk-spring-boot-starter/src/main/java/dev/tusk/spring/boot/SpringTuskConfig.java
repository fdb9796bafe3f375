package dev.tusk.spring.boot;

import dev.tusk.config.ConfigException;
import dev.tusk.config.ConfigLoader;
import dev.tusk.config.EffectiveConfig;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.CredentialsProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Function;

/**
 * Builds the client's {@link TuskConfig}, each setting from the first source that sets it: a {@code tusk.*}
 * property, then {@code spring.datasource.username}/{@code password}, then {@code spring.datasource.url}, then the
 * environment variables Tusk reads on its own ({@code DATABASE_URL}, {@code TUSK_*}, {@code POSTGRES_*},
 * {@code DB_*}, {@code PG*}, {@code ~/.pgpass}; docs/configuration.md), then the profile's defaults.
 */
final class SpringTuskConfig {

    // How a ConfigException shows a value the calling code set: "poolMinSize=20 (set on the builder)".
    private static final Pattern SET_ON_BUILDER = Pattern.compile("\\b([a-z][A-Za-z]*)=(\\S*) \\(set on the builder\\)");
    private static final Set<String> SPRING_DATASOURCE_SETTINGS = Set.of("host", "port", "database", "user",
            "password", "options", "sslMode", "applicationName");

    private SpringTuskConfig() {
    }

    /** The config from {@code properties}, {@code spring.datasource.*} and the environment's variables. */
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
                        // Not InvalidConfigurationPropertyValueException: Boot's report of it prints the property's
                        // value, and a URL may hold a password. Tusk's URL problems never repeat the URL.
                        throw new IllegalArgumentException("spring.datasource.url is invalid (its value is not "
                                + "shown, as it may hold a password): " + e.getMessage(), e);
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
            List<String> problems = new ArrayList<>();
            problems.add("Tusk's configuration cannot be used:");
            e.problems().forEach(problem -> problems.add(namingProperties(problem, environment)));
            throw new ConfigException(problems);
        }
        // ConfigLoader has logged its warnings (once per JVM) itself.
        return effective.config();
    }

    /**
     * {@code problem} with each value Tusk reports as set on the builder named by the property that set it:
     * {@code poolMinSize=20 (set on the builder)} becomes {@code tusk.pool-min-size=20}. Values are as Tusk shows
     * them, so a secret stays {@code ***}.
     */
    static String namingProperties(String problem, Environment environment) {
        Matcher setting = SET_ON_BUILDER.matcher(problem);
        StringBuilder named = new StringBuilder();
        Binder binder = Binder.get(environment);
        while (setting.find()) {
            String name = setting.group(1);
            String value = setting.group(2);
            String property = "tusk." + name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
            String replacement;
            if (binder.bind(property, Bindable.of(String.class)).isBound()) {
                replacement = property + "=" + value;
            } else if (SPRING_DATASOURCE_SETTINGS.contains(name)) {
                replacement = name + "=" + value + " (from spring.datasource.*)";
            } else if (name.equals("credentials")) {
                replacement = name + "=" + value + " (a CredentialsProvider bean)";
            } else {
                replacement = setting.group();
            }
            setting.appendReplacement(named, Matcher.quoteReplacement(replacement));
        }
        setting.appendTail(named);
        return named.toString();
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
