package dev.tusk.tx;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.pool.PoolHooks;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.trace.TuskTracer;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A transaction opened outside Tusk on the calling thread, as a framework's transaction manager opens one. */
@WithPostgres
class AmbientTransactionTest {

    /** The outside "framework": one transaction per thread on a connection of the client's own pool. */
    private static final class OutsideTransactions implements AmbientTransaction {
        private final ThreadLocal<Connection> open = new ThreadLocal<>();
        private DataSource askedFor;

        Connection begin(DataSource dataSource) throws SQLException {
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            open.set(connection);
            return connection;
        }

        void end(boolean commit) throws SQLException {
            Connection connection = open.get();
            open.remove();
            try (connection) {
                if (commit) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                connection.setAutoCommit(true);
            }
        }

        @Override
        public Connection currentConnection(DataSource dataSource) {
            askedFor = dataSource;
            return open.get();
        }
    }

    private static TuskClient connect(TestDatabase database, OutsideTransactions outside) {
        TuskClient client = Tusk.connect(TuskConfig.fromUrl(database.url()), PoolHooks.NONE, TuskTracer.NONE, outside);
        client.execute("CREATE TABLE item (id int PRIMARY KEY)");
        return client;
    }

    private static void insert(Connection connection, int id) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO item VALUES (" + id + ")");
        }
    }

    @Test
    void shouldJoinTheOutsideTransactionAndCommitOnlyWithIt(TestDatabase database) throws SQLException {
        OutsideTransactions outside = new OutsideTransactions();
        try (TuskClient client = connect(database, outside)) {
            Connection connection = outside.begin(client.dataSource());
            int outerBackend = client.queryValue("SELECT pg_backend_pid()", Integer.class);
            insert(connection, 1);
            int innerBackend = client.inTransaction(tx -> {
                tx.execute("INSERT INTO item VALUES (2)");
                assertThat(client.currentTransaction()).isPresent();
                // Nested work joins the joined transaction too.
                tx.inTransaction(nested -> nested.execute("INSERT INTO item VALUES (3)"));
                return tx.queryValue("SELECT pg_backend_pid()", Integer.class);
            });
            assertThat(outside.askedFor).isSameAs(client.dataSource());
            assertThat(client.currentTransaction()).isEmpty();
            try (Statement statement = connection.createStatement();
                 var pid = statement.executeQuery("SELECT pg_backend_pid()")) {
                pid.next();
                assertThat(innerBackend).as("the joined work ran on the outside transaction's connection")
                        .isEqualTo(pid.getInt(1)).isNotEqualTo(outerBackend);
            }
            // Not committed by Tusk: another connection sees nothing yet.
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isZero();
            outside.end(true);
            assertThat(client.query("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void shouldRollBackTheJoinedWorkWithTheOutsideTransaction(TestDatabase database) throws SQLException {
        OutsideTransactions outside = new OutsideTransactions();
        try (TuskClient client = connect(database, outside)) {
            outside.begin(client.dataSource());
            client.useTransaction(tx -> tx.execute("INSERT INTO item VALUES (1)"));
            outside.end(false);
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isZero();
        }
    }

    @Test
    void shouldRollBackOnlyTheSavepointWhenTheJoinedWorkThrows(TestDatabase database) throws SQLException {
        OutsideTransactions outside = new OutsideTransactions();
        try (TuskClient client = connect(database, outside)) {
            Connection connection = outside.begin(client.dataSource());
            insert(connection, 1);
            assertThatThrownBy(() -> client.useTransaction(tx -> {
                tx.execute("INSERT INTO item VALUES (2)");
                throw new IllegalStateException("the caller's failure");
            })).hasMessage("the caller's failure");
            insert(connection, 3);
            outside.end(true);
            assertThat(client.query("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 3);
        }
    }

    @Test
    void shouldRefuseOptionsASavepointCannotHaveInsideTheOutsideTransaction(TestDatabase database) throws SQLException {
        OutsideTransactions outside = new OutsideTransactions();
        try (TuskClient client = connect(database, outside)) {
            outside.begin(client.dataSource());
            assertThatThrownBy(() -> client.inTransaction(TransactionOptions.DEFAULT.withIsolation(
                    IsolationLevel.SERIALIZABLE), tx -> tx.execute("INSERT INTO item VALUES (1)")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("opened outside Tusk")
                    .hasMessageContaining("set them on the outer transaction");
            outside.end(false);
        }
    }

    @Test
    void shouldOpenItsOwnTransactionWhenNoneIsOpenOutside(TestDatabase database) {
        OutsideTransactions outside = new OutsideTransactions();
        try (TuskClient client = connect(database, outside)) {
            assertThat(client.currentTransaction()).isEmpty();
            client.useTransaction(tx -> {
                assertThat(client.currentTransaction()).get().isSameAs(tx);
                tx.execute("INSERT INTO item VALUES (1)");
            });
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isEqualTo(1L);
            assertThat(outside.askedFor).isSameAs(client.dataSource());
        }
    }
}
