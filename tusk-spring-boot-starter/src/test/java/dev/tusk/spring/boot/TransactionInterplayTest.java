package dev.tusk.spring.boot;

import dev.tusk.TuskClient;
import dev.tusk.spring.boot.app.ItemService;
import dev.tusk.spring.boot.app.TestApplication;
import dev.tusk.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spring's @Transactional and Tusk's client.inTransaction on one thread: one transaction, whichever comes first. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class TransactionInterplayTest {

    private static final TestDatabase DATABASE = SharedPostgres.createDatabase("interplay");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    private TuskClient client;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private ItemService items;
    @Autowired
    private PlatformTransactionManager transactions;
    @Autowired
    private DataSource dataSource;

    @BeforeEach
    void emptyTable() {
        client.execute("TRUNCATE item");
    }

    private java.util.List<String> rows() {
        return client.query("SELECT id || ':' || note FROM item ORDER BY id", String.class);
    }

    @Test
    void shouldJoinSpringsTransactionFromClientInTransaction() {
        long transactionsBefore = client.poolStats().transactions();
        long statementsBefore = client.poolStats().queries();
        int[] pids = items.addThroughBoth(1, 2, false);
        assertThat(pids[1]).as("client.inTransaction ran on the Spring transaction's connection").isEqualTo(pids[0]);
        assertThat(client.poolStats().transactions()).as("a joined transaction is not one of Tusk's own")
                .isEqualTo(transactionsBefore);
        assertThat(client.poolStats().queries()).isGreaterThan(statementsBefore);
        assertThat(rows()).containsExactly("1:spring", "2:tusk");
    }

    @Test
    void shouldRollBackTusksWorkWithTheSpringTransaction() {
        assertThatThrownBy(() -> items.addThroughBoth(1, 2, true))
                .hasMessage("the Spring transaction fails on purpose");
        assertThat(rows()).as("Tusk's inner transaction did not commit on its own").isEmpty();
    }

    @Test
    void shouldUndoOnlyTusksSavepointWhenItsCallbackThrowsInsideSpringsTransaction() {
        items.addThenFailInTusk(1, 2);
        assertThat(rows()).containsExactly("1:spring");
    }

    @Test
    void shouldRunJdbcClientInTusksTransaction() {
        client.useTransaction(tx -> {
            tx.execute("INSERT INTO item (id, note) VALUES (1, 'tusk')");
            jdbc.sql("INSERT INTO item (id, note) VALUES (2, 'spring')").update();
            int jdbcPid = jdbc.sql("SELECT pg_backend_pid()").query(Integer.class).single();
            assertThat(jdbcPid).isEqualTo(tx.queryValue("SELECT pg_backend_pid()", Integer.class));
            // Uncommitted: a connection outside the transaction sees neither row yet.
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isZero();
        });
        assertThat(rows()).containsExactly("1:tusk", "2:spring");
    }

    @Test
    void shouldRollBackSpringJdbcWorkWithTusksTransaction() {
        assertThatThrownBy(() -> client.useTransaction(tx -> {
            jdbc.sql("INSERT INTO item (id, note) VALUES (1, 'spring')").update();
            tx.execute("INSERT INTO item (id, note) VALUES (2, 'tusk')");
            throw new IllegalStateException("the Tusk transaction fails on purpose");
        })).hasMessage("the Tusk transaction fails on purpose");
        assertThat(rows()).isEmpty();
    }

    @Test
    void shouldRefuseToBeginASpringTransactionInsideTusksWithAnExplanation() {
        assertThatThrownBy(() -> client.useTransaction(tx -> {
            tx.execute("INSERT INTO item (id, note) VALUES (1, 'tusk')");
            items.add(2);
        })).isInstanceOf(IllegalTransactionStateException.class)
                .hasMessageContaining("inside client.inTransaction on the same thread")
                .hasMessageContaining("Propagation.REQUIRES_NEW");
        assertThat(rows()).as("the refusal rolled Tusk's transaction back").isEmpty();
    }

    @Test
    void shouldLetRequiresNewRunApartInsideTusksTransaction() {
        TransactionTemplate separate = new TransactionTemplate(transactions);
        separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        assertThatThrownBy(() -> client.useTransaction(tx -> {
            tx.execute("INSERT INTO item (id, note) VALUES (1, 'tusk')");
            separate.executeWithoutResult(status -> jdbc.sql("INSERT INTO item (id, note) VALUES (2, 'spring')")
                    .update());
            throw new IllegalStateException("the Tusk transaction fails on purpose");
        })).hasMessage("the Tusk transaction fails on purpose");
        assertThat(rows()).as("the separate transaction asked for by name committed on its own")
                .containsExactly("2:spring");
    }

    @Test
    void shouldRefuseToCommitTusksTransactionThroughTheSpringDataSource() {
        assertThatThrownBy(() -> client.useTransaction(tx -> {
            try (Connection connection = dataSource.getConnection()) {
                assertThat(connection.getAutoCommit()).isFalse();
                connection.commit();
            }
        })).isInstanceOf(SQLException.class).hasMessageContaining("Connection.commit was called")
                .hasMessageContaining("Throw from the callback to roll back");
    }
}
