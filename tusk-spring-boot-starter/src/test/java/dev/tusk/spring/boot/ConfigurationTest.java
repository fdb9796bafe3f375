package dev.tusk.spring.boot;

import dev.tusk.ClientClosedException;
import dev.tusk.TuskClient;
import dev.tusk.config.SslMode;
import dev.tusk.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Where the client's settings come from (tusk.*, then spring.datasource.*, then the environment variables Tusk reads,
 * then the profile) and how a bad one stops the application. Each test boots an application whose environment
 * variables are a map, in place of the process's, in the same kind of property source, so Spring binds them as it
 * binds real ones.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationTest {

    private static final TestDatabase DATABASE = SharedPostgres.createDatabase("config");
    private static final String PASSWORD = "S3cret-Passw0rd-42";

    /** An application with the auto-configuration alone: no components, no migrations. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class MinimalApplication {
    }

    @AfterAll
    static void dropDatabase() {
        DATABASE.close();
    }

    private static ConfigurableApplicationContext start(Map<String, Object> variables, String... properties) {
        Map<String, Object> environment = new HashMap<>(variables);
        // No ~/.pgpass of the machine's: HOME points at a directory without one.
        environment.putIfAbsent("HOME", System.getProperty("java.io.tmpdir"));
        String[] all = new String[properties.length + 1];
        all[0] = "spring.flyway.enabled=false";
        System.arraycopy(properties, 0, all, 1, properties.length);
        return new SpringApplicationBuilder(MinimalApplication.class)
                .web(WebApplicationType.NONE)
                .properties(all)
                .initializers(context -> context.getEnvironment().getPropertySources().replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                environment)))
                .run();
    }

    private static String serverUrl(String database) {
        return "postgresql://postgres@127.0.0.1:" + DATABASE.server().port() + "/" + database;
    }

    /** Everything a startup failure says: every message, cause and suppressed exception, with stack traces. */
    private static String described(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void shouldFallBackToTheEnvironmentWhenSpringSetsNothing() {
        try (ConfigurableApplicationContext context = start(Map.of("DATABASE_URL", serverUrl(DATABASE.name()),
                "POSTGRES_POOL_MAX_SIZE", "7"))) {
            TuskClient client = context.getBean(TuskClient.class);
            assertThat(client.config().database()).isEqualTo(DATABASE.name());
            assertThat(client.config().poolMaxSize()).isEqualTo(7);
            assertThat(client.queryValue("SELECT current_database()", String.class)).isEqualTo(DATABASE.name());
        }
    }

    @Test
    void shouldPreferSpringPropertiesOverTheEnvironmentSettingBySetting() {
        // The environment names a database and port that do not exist; Spring's properties win for those.
        try (ConfigurableApplicationContext context = start(Map.of(
                        "DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere",
                        "POSTGRES_POOL_MAX_SIZE", "7", "PGAPPNAME", "from-environment"),
                "spring.datasource.url=" + DATABASE.jdbcUrl(), "tusk.pool-max-size=4")) {
            TuskClient client = context.getBean(TuskClient.class);
            assertThat(client.config().port()).isEqualTo(DATABASE.server().port());
            assertThat(client.config().poolMaxSize()).isEqualTo(4);
            assertThat(client.config().applicationName()).as("a setting Spring leaves unset still comes from the "
                    + "environment").isEqualTo("from-environment");
            assertThat(client.queryValue("SELECT current_database()", String.class)).isEqualTo(DATABASE.name());
        }
    }

    @Test
    void shouldPreferTuskPropertiesOverSpringDatasourceProperties() {
        try (ConfigurableApplicationContext context = start(Map.of(),
                "spring.datasource.url=" + DATABASE.jdbcUrl(), "spring.datasource.username=nobody",
                "tusk.user=postgres", "tusk.ssl-mode=disable", "tusk.statement-timeout=45s")) {
            TuskClient client = context.getBean(TuskClient.class);
            assertThat(client.config().user()).isEqualTo("postgres");
            assertThat(client.config().sslMode()).isEqualTo(SslMode.DISABLE);
            assertThat(client.config().statementTimeout()).isEqualTo(Duration.ofSeconds(45));
        }
    }

    @Test
    void shouldBindTuskVariablesAsPropertiesReadingTusksOwnInTusksUnits() {
        // Spring's relaxed binding also reads TUSK_MAX_REPLICA_LAG as tusk.max-replica-lag: both must mean seconds.
        try (ConfigurableApplicationContext context = start(Map.of("DATABASE_URL", serverUrl(DATABASE.name()),
                "TUSK_MAX_REPLICA_LAG", "5", "TUSK_AUDIT_RETENTION", "720h", "TUSK_POOL_MAX_SIZE", "9",
                "POSTGRES_POOL_MAX_SIZE", "7"))) {
            TuskProperties bound = context.getBean(TuskProperties.class);
            assertThat(bound.getMaxReplicaLag()).as("Spring bound the variable as a tusk.* property")
                    .isEqualTo(Duration.ofSeconds(5));
            assertThat(bound.getAuditRetention()).isEqualTo(Duration.ofHours(720));
            TuskClient client = context.getBean(TuskClient.class);
            assertThat(client.config().maxReplicaLag()).isEqualTo(Duration.ofSeconds(5));
            assertThat(client.config().poolMaxSize()).as("TUSK_POOL_MAX_SIZE is tusk.pool-max-size, a Spring "
                    + "property, so it beats Tusk's own POSTGRES_POOL_MAX_SIZE").isEqualTo(9);
            assertThat(client.config().auditRetention()).isEqualTo(Duration.ofHours(720));
        }
    }

    @Test
    void shouldFailStartupNamingThePropertyAndTheValueItCouldNotConvert(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> start(Map.of(), "spring.datasource.url=" + DATABASE.jdbcUrl(),
                "tusk.pool-max-size=lots"));
        assertThat(described(failure)).contains("tusk.pool-max-size").contains("lots");
        assertThat(output.toString()).contains("tusk.pool-max-size").contains("lots");
    }

    @Test
    void shouldFailStartupNamingThePropertyAndTheValueTuskRefused(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> start(Map.of(), "spring.datasource.url=" + DATABASE.jdbcUrl(),
                "tusk.pool-max-size=0"));
        assertThat(described(failure)).contains("tusk.pool-max-size")
                .contains("poolMaxSize must be from 1 to 10000, but was 0");
        assertThat(output.toString()).contains("Invalid value '0' for configuration property 'tusk.pool-max-size'");
    }

    @Test
    void shouldFailStartupNamingAnEnumPropertyAndItsValue() {
        Throwable failure = catchThrowable(() -> start(Map.of(), "spring.datasource.url=" + DATABASE.jdbcUrl(),
                "tusk.ssl-mode=sometimes"));
        assertThat(described(failure)).contains("tusk.ssl-mode").contains("sometimes");
    }

    @Test
    void shouldNeverShowThePasswordWhenSettingsContradictEachOther(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> start(Map.of(), "spring.datasource.url=" + DATABASE.jdbcUrl(),
                "spring.datasource.password=" + PASSWORD, "tusk.ssl-password=" + PASSWORD,
                "tusk.pool-min-size=20", "tusk.pool-max-size=10"));
        String described = described(failure);
        assertThat(described).contains("tusk.pool-min-size=20 is above tusk.pool-max-size=10")
                .contains("tusk.ssl-password=*** is set, but no client key is");
        assertThat(described).doesNotContain(PASSWORD);
        assertThat(output.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void shouldNeverShowThePasswordOfABadDatasourceUrl(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> start(Map.of(), "spring.datasource.url=jdbc:postgresql://postgres:"
                + PASSWORD + "@127.0.0.1:" + DATABASE.server().port() + "/" + DATABASE.name() + "?sslmode=sometimes"));
        String described = described(failure);
        assertThat(described).contains("spring.datasource.url").contains("sslmode=sometimes");
        assertThat(described).doesNotContain(PASSWORD);
        assertThat(output.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void shouldNeverShowThePasswordOfARefusedReplicaUrl(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> start(Map.of(), "spring.datasource.url=" + DATABASE.jdbcUrl(),
                "tusk.read-replicas=http://reader:" + PASSWORD + "@127.0.0.1:5432/app"));
        String described = described(failure);
        assertThat(described).contains("tusk.read-replicas").contains("'***'");
        assertThat(described).doesNotContain(PASSWORD);
        assertThat(output.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void shouldNeverShowThePasswordWhenTheServerCannotBeReached(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> start(Map.of("DATABASE_URL", "postgresql://postgres:" + PASSWORD
                        + "@127.0.0.1:1/" + DATABASE.name()),
                "tusk.connect-timeout=2s", "tusk.acquire-timeout=2s", "tusk.max-retries=0"));
        assertThat(failure).isNotNull();
        assertThat(described(failure)).doesNotContain(PASSWORD);
        assertThat(output.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void shouldCloseTheClientWhenTheContextCloses() {
        TuskClient client;
        try (ConfigurableApplicationContext context = start(Map.of(), "spring.datasource.url=" + DATABASE.jdbcUrl(),
                "spring.datasource.username=postgres")) {
            client = context.getBean(TuskClient.class);
            assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
        }
        assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                .isInstanceOf(ClientClosedException.class);
    }
}
