package dev.tusk.interop;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.jdbi.v3.core.Handle;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A fault instead of a conflict: the transaction's backend is terminated while jOOQ or Jdbi work is in it. Tusk runs
 * the callback again when its own statement before COMMIT finds the connection gone; when a jOOQ statement finds it,
 * jOOQ's exception reaches the caller. Either way the server rolled back everything of the lost run.
 */
@WithPostgres
class InteropConnectionLossTest {

    private static final Field<Integer> BACKEND_PID = DSL.field("pg_backend_pid()", SQLDataType.INTEGER);

    private static TuskClient connect(TestDatabase database) {
        TuskClient client = Tusk.connect(database.url());
        client.execute("CREATE TABLE entry (id int PRIMARY KEY, run int NOT NULL)");
        return client;
    }

    /** Ends backend {@code pid} from another pooled connection and waits (up to 5 s) until it has exited. */
    private static void terminate(TuskClient client, int pid) throws SQLException {
        try (Connection other = client.dataSource().getConnection();
             PreparedStatement statement = other.prepareStatement("SELECT pg_terminate_backend(?, 5000)")) {
            statement.setInt(1, pid);
            try (ResultSet terminated = statement.executeQuery()) {
                terminated.next();
                assertThat(terminated.getBoolean(1)).as("backend %d terminated", pid).isTrue();
            }
        }
    }

    @Test
    void shouldRunJooqWorkAgainWhenTheConnectionIsLostBeforeTusksCommit(TestDatabase database) throws SQLException {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();

            client.useTransaction(tx -> {
                int run = runs.incrementAndGet();
                DSLContext jooq = DSL.using(tx.connection(), SQLDialect.POSTGRES);
                jooq.execute("INSERT INTO entry VALUES (?, ?)", run, run);
                if (run == 1) {
                    // The callback's last statement succeeded; Tusk's next one (before COMMIT) meets a dead backend.
                    terminate(client, jooq.fetchValue(BACKEND_PID));
                }
            });

            assertThat(runs).hasValue(2);
            assertThat(client.resilienceStats().transactionReruns()).isEqualTo(1);
            // Only the second run's row: the server rolled the first back when its backend ended.
            assertThat(client.query("SELECT run FROM entry", Integer.class)).containsExactly(2);
            assertThat(client.poolStats().active()).isZero();
        }
    }

    @Test
    void shouldRunJdbiWorkAgainWhenTheConnectionIsLostBeforeTusksCommit(TestDatabase database) throws SQLException {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();

            client.useTransaction(tx -> {
                int run = runs.incrementAndGet();
                int pid;
                try (Handle handle = TransactionJdbi.on(tx).open()) {
                    handle.execute("INSERT INTO entry VALUES (?, ?)", run, run);
                    pid = handle.createQuery("SELECT pg_backend_pid()").mapTo(int.class).one();
                }
                if (run == 1) {
                    terminate(client, pid);
                }
            });

            assertThat(runs).hasValue(2);
            assertThat(client.query("SELECT run FROM entry", Integer.class)).containsExactly(2);
        }
    }

    @Test
    void shouldNotRunAgainWhenAJooqStatementFindsTheConnectionLost(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();

            assertThatThrownBy(() -> client.useTransaction(tx -> {
                runs.incrementAndGet();
                DSLContext jooq = DSL.using(tx.connection(), SQLDialect.POSTGRES);
                jooq.execute("INSERT INTO entry VALUES (1, 1)");
                terminate(client, jooq.fetchValue(BACKEND_PID));
                jooq.execute("INSERT INTO entry VALUES (2, 1)");
            })).isInstanceOf(DataAccessException.class);

            assertThat(runs).hasValue(1);
            assertThat(client.resilienceStats().transactionReruns()).isZero();
            assertThat(client.queryValue("SELECT count(*) FROM entry", Long.class)).isZero();
            assertThat(client.poolStats().active()).isZero();
        }
    }
}
