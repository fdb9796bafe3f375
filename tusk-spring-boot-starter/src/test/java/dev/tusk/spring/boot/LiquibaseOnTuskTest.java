package dev.tusk.spring.boot;

import dev.tusk.TuskClient;
import dev.tusk.spring.boot.app.TestApplication;
import dev.tusk.testing.TestDatabase;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Liquibase, run by Boot at startup, migrates the database through Tusk's pool. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.autoconfigure.exclude=org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
                + "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "spring.flyway.enabled=false", "spring.liquibase.change-log=classpath:db/changelog/ledger.yaml"})
class LiquibaseOnTuskTest {

    private static final TestDatabase DATABASE = SharedPostgres.createDatabase("liquibase");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    private TuskClient client;
    @Autowired
    private SpringLiquibase liquibase;
    @Autowired
    private DataSource dataSource;

    @Test
    void shouldMigrateThroughTusksPoolAtStartup() {
        assertThat(dataSource).isInstanceOf(TuskDataSource.class);
        assertThat(liquibase.getDataSource()).as("Liquibase ran on the application's DataSource").isSameAs(dataSource);
        assertThat(client.queryValue("SELECT amount FROM ledger WHERE id = 1", BigDecimal.class))
                .isEqualByComparingTo("12.50");
        assertThat(client.queryValue("SELECT count(*) FROM databasechangelog", Long.class)).isEqualTo(2);
        assertThat(client.poolStats().created()).as("the connections were Tusk's").isPositive();
    }
}
