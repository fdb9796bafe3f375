package dev.tusk.spring.boot;

import dev.tusk.TuskClient;
import dev.tusk.config.Credentials;
import dev.tusk.config.CredentialsProvider;
import dev.tusk.pool.ConnectionHook;
import dev.tusk.pool.PoolHooks;
import dev.tusk.testing.TestDatabase;
import dev.tusk.trace.TuskTracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Beans the application defines: the client takes its hooks, tracers and credentials; its own beans replace ours. */
class ApplicationBeansTest {

    private static final TestDatabase DATABASE = SharedPostgres.createDatabase("beans");

    @AfterAll
    static void dropDatabase() {
        DATABASE.close();
    }

    /** Code the client takes from the application's beans. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WithCode {
        static final AtomicInteger CONNECTED = new AtomicInteger();
        static final AtomicInteger CREDENTIALS_ASKED = new AtomicInteger();
        static final List<String> STATEMENTS = new CopyOnWriteArrayList<>();

        @Bean
        PoolHooks poolHooks() {
            return PoolHooks.NONE.withAfterConnect(connection -> CONNECTED.incrementAndGet());
        }

        @Bean
        CredentialsProvider credentials() {
            return () -> {
                CREDENTIALS_ASKED.incrementAndGet();
                return Credentials.password("from-the-provider");
            };
        }

        @Bean
        TuskTracer statements() {
            return new TuskTracer() {
                @Override
                public Object statementStarted(String sql, boolean inTransaction) {
                    STATEMENTS.add(sql);
                    return null;
                }
            };
        }
    }

    /** A client and a DataSource of the application's own. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WithOwnClient {
        @Bean(destroyMethod = "close")
        TuskClient ownClient() {
            return dev.tusk.Tusk.connect(DATABASE.url());
        }
    }

    private static ConfigurableApplicationContext start(Class<?> application, String... properties) {
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .properties("spring.flyway.enabled=false", "spring.datasource.url=" + DATABASE.jdbcUrl(),
                        "spring.datasource.username=postgres")
                .properties(properties)
                .run();
    }

    @Test
    void shouldOpenTheClientWithTheApplicationsHooksTracersAndCredentials() {
        try (ConfigurableApplicationContext context = start(WithCode.class)) {
            TuskClient client = context.getBean(TuskClient.class);
            client.queryValue("SELECT 42", Integer.class);
            assertThat(WithCode.CONNECTED.get()).as("afterConnect ran on the pool's connections").isPositive();
            assertThat(WithCode.CREDENTIALS_ASKED.get()).as("the provider gave each connection's login")
                    .isPositive();
            assertThat(WithCode.STATEMENTS).contains("SELECT 42");
        }
    }

    @Test
    void shouldRunWithoutMicrometerAndActuatorHealthOnTheClassPath() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TuskAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class, HealthIndicator.class))
                .withPropertyValues("spring.datasource.url=" + DATABASE.jdbcUrl(), "spring.datasource.username=postgres")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(TuskClient.class)
                            .hasSingleBean(TuskDataSource.class).hasSingleBean(TuskTransactionManager.class)
                            .doesNotHaveBean(TuskMeters.class).doesNotHaveBean(TuskHealthIndicator.class);
                    assertThat(context.getBean(TuskClient.class).queryValue("SELECT 1", Integer.class)).isEqualTo(1);
                });
    }

    @Test
    void shouldGiveWayToTheApplicationsOwnClientAndLeaveOutTheHealthIndicatorWhenDisabled() {
        try (ConfigurableApplicationContext context = start(WithOwnClient.class,
                "management.health.tusk.enabled=false")) {
            TuskClient own = context.getBean(TuskClient.class);
            assertThat(context.getBeansOfType(TuskClient.class)).containsOnlyKeys("ownClient");
            assertThat(((TuskDataSource) context.getBean(DataSource.class)).client()).isSameAs(own);
            assertThat(context.getBeansOfType(TuskHealthIndicator.class)).isEmpty();
        }
    }
}
