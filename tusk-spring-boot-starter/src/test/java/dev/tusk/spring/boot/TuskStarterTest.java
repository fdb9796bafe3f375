package dev.tusk.spring.boot;

import dev.tusk.TuskClient;
import dev.tusk.spring.boot.app.TestApplication;
import dev.tusk.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The starter in a booted application: Tusk is the pool under Spring JDBC, transactions, Flyway and metrics. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "tusk.application-name=starter-test")
class TuskStarterTest {

    private static final TestDatabase DATABASE = SharedPostgres.createDatabase("starter");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    private ApplicationContext context;
    @Autowired
    private TuskClient client;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private PlatformTransactionManager transactions;
    @Autowired
    private MeterRegistry registry;

    @Test
    void shouldMakeTuskThePoolUnderTheOneDataSourceAndTheTransactionManager() {
        assertThat(context.getBeansOfType(DataSource.class)).hasSize(1);
        assertThat(dataSource).isInstanceOf(TuskDataSource.class);
        assertThat(((TuskDataSource) dataSource).client()).isSameAs(client);
        assertThat(transactions).isInstanceOf(TuskTransactionManager.class);
        assertThat(client.config().applicationName()).isEqualTo("starter-test");
        assertThat(client.config().database()).isEqualTo(DATABASE.name());
    }

    @Test
    void shouldRunJdbcClientOnTusksPool() {
        long before = client.poolStats().acquires();
        String applicationName = jdbc.sql("SELECT current_setting('application_name')").query(String.class).single();
        assertThat(applicationName).isEqualTo("starter-test");
        assertThat(client.poolStats().acquires()).as("JdbcClient borrowed from Tusk's pool").isGreaterThan(before);
    }

    @Test
    void shouldCommitAndRollBackSpringTransactionsOnTusksPool() {
        TransactionTemplate template = new TransactionTemplate(transactions);
        long before = client.poolStats().acquires();
        template.executeWithoutResult(status -> jdbc.sql("INSERT INTO item (id, note) VALUES (100, 'kept')").update());
        assertThatThrownBy(() -> template.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO item (id, note) VALUES (101, 'undone')").update();
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");
        assertThat(client.poolStats().acquires()).isGreaterThanOrEqualTo(before + 2);
        assertThat(client.query("SELECT id FROM item WHERE id IN (100, 101)", Integer.class)).containsExactly(100);
    }

    @Test
    void shouldHaveRunFlywayOnTusksDataSourceAtStartup() {
        Flyway flyway = context.getBean(Flyway.class);
        assertThat(flyway.getConfiguration().getDataSource()).isSameAs(dataSource);
        assertThat(client.tableExists("item")).isTrue();
        assertThat(client.queryValue("SELECT version FROM flyway_schema_history WHERE success", String.class))
                .isEqualTo("1");
    }

    @Test
    void shouldPutTusksMetersInTheApplicationsRegistry() {
        client.queryValue("SELECT 1", Integer.class);
        assertThat(registry.get("db.client.connections.max").tag("pool", "starter-test").gauge().value())
                .isEqualTo(client.config().poolMaxSize());
        assertThat(registry.get("tusk.statements").tag("pool", "starter-test").functionCounter().count())
                .isGreaterThan(0);
    }
}
