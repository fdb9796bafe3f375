package dev.tusk.spring.boot;

import dev.tusk.TuskClient;
import dev.tusk.spring.boot.jpa.JpaApplication;
import dev.tusk.spring.boot.jpa.Note;
import dev.tusk.spring.boot.jpa.NoteRepository;
import dev.tusk.spring.boot.jpa.NoteService;
import dev.tusk.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JPA (Hibernate, Spring Data JPA) with the starter: its writes go through Tusk's pool in JPA transactions, and one JPA
 * transaction is one connection for JPA, {@code client.inTransaction} and JdbcClient alike.
 */
@SpringBootTest(classes = JpaApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.autoconfigure.exclude=", "spring.liquibase.enabled=false", "spring.flyway.enabled=false",
        "spring.jpa.hibernate.ddl-auto=create-drop", "spring.jpa.open-in-view=false"})
class JpaOnTuskTest {

    private static final TestDatabase DATABASE = SharedPostgres.createDatabase("jpa");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    private TuskClient client;
    @Autowired
    private NoteRepository notes;
    @Autowired
    private NoteService service;
    @Autowired
    private PlatformTransactionManager transactions;
    @Autowired
    private DataSource dataSource;

    @BeforeEach
    void empty() {
        client.execute("TRUNCATE note");
    }

    @Test
    void shouldWriteThroughJpaInJpaTransactionsOnTusksPool() {
        assertThat(dataSource).isInstanceOf(TuskDataSource.class);
        assertThat(transactions).isInstanceOf(TuskJpaTransactionManager.class);
        // Spring binds each transaction's connection under this key: the pool's DataSource, which Tusk looks under.
        assertThat(TransactionSynchronizationUtils.unwrapResourceIfNecessary(
                ((JpaTransactionManager) transactions).getDataSource())).isSameAs(client.dataSource());
        long acquiresBefore = client.poolStats().acquires();

        service.save("first");
        notes.save(new Note("second"));

        assertThat(client.query("SELECT text FROM note ORDER BY id", String.class)).containsExactly("first", "second");
        assertThat(notes.findAll()).extracting(Note::text).containsExactly("first", "second");
        assertThat(client.poolStats().acquires()).as("JPA borrowed its connections from Tusk's pool")
                .isGreaterThanOrEqualTo(acquiresBefore + 3);
    }

    @Test
    void shouldRunJpaTuskAndJdbcClientOnOneConnectionInOneJpaTransaction() {
        NoteService.Seen seen = service.saveThroughBoth("jpa", "tusk", false);

        assertThat(seen.tuskPid()).as("client.inTransaction joined the JPA transaction").isEqualTo(seen.jpaPid());
        assertThat(seen.jdbcPid()).as("JdbcClient ran in the JPA transaction").isEqualTo(seen.jpaPid());
        assertThat(seen.countedByTusk()).isEqualTo(2);
        assertThat(seen.countedByJdbc()).isEqualTo(2);
        assertThat(client.query("SELECT text FROM note ORDER BY id", String.class)).containsExactly("jpa", "tusk");
    }

    @Test
    void shouldRollBackTusksWorkWithTheJpaTransaction() {
        assertThatThrownBy(() -> service.saveThroughBoth("jpa", "tusk", true))
                .hasMessage("the JPA transaction fails on purpose");
        assertThat(client.queryValue("SELECT count(*) FROM note", Long.class)).isZero();
    }

    @Test
    void shouldRefuseToBeginAJpaTransactionInsideClientInTransaction() {
        client.useTransaction(tx -> {
            tx.execute("INSERT INTO note (text) VALUES ('tusk')");
            assertThatThrownBy(() -> service.save("jpa"))
                    .isInstanceOf(IllegalTransactionStateException.class)
                    .hasMessageContaining("was begun inside client.inTransaction on the same thread");
        });
        assertThat(client.query("SELECT text FROM note", String.class)).containsExactly("tusk");
    }

    @Test
    void shouldRefuseEvenARequiresNewJpaTransactionInsideClientInTransaction() {
        // Hibernate would take Tusk's own connection from the DataSource there, so "new" could not be separate.
        TransactionTemplate requiresNew = new TransactionTemplate(transactions);
        requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        client.useTransaction(tx -> {
            tx.execute("INSERT INTO note (text) VALUES ('tusk')");
            assertThatThrownBy(() -> requiresNew.executeWithoutResult(status -> notes.save(new Note("jpa"))))
                    .isInstanceOf(IllegalTransactionStateException.class)
                    .hasMessageEndingWith("or run the JPA work on another thread if it must commit on its own");
        });
        assertThat(client.query("SELECT text FROM note", String.class)).containsExactly("tusk");
    }
}
