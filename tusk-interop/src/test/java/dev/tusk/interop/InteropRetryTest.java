package dev.tusk.interop;

import dev.tusk.SerializationFailureException;
import dev.tusk.ServerError;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.pool.PoolHooks;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.trace.TuskTracer;
import dev.tusk.tx.IsolationLevel;
import dev.tusk.tx.TransactionOptions;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which serialization failures (40001) Tusk runs again for work done through jOOQ and Jdbi. Tusk re-runs an
 * {@code inTransaction} callback when the server rolled the transaction back: its own COMMIT failing is one, whatever
 * ran the statements, and so is a jOOQ or Jdbi exception whose causes hold a 40001 or 40P01 from the server (once
 * re-runs are spent, that exception reaches the caller unchanged); those libraries' own transactions are never re-run.
 *
 * <p>Conflicts are forced deterministically on one thread: a competing SERIALIZABLE transaction on a second pooled
 * connection commits while the transaction under test is open.
 */
@WithPostgres
class InteropRetryTest {

    private static final TransactionOptions SERIALIZABLE =
            TransactionOptions.DEFAULT.withIsolation(IsolationLevel.SERIALIZABLE);

    private static TuskClient connect(TestDatabase database) {
        return connect(database, TuskTracer.NONE);
    }

    private static TuskClient connect(TestDatabase database, TuskTracer tracer) {
        TuskClient client = Tusk.connect(TuskConfig.fromUrl(database.url()), PoolHooks.NONE, tracer);
        // Two doctors on call; each transaction takes one off call if the count allows: the classic write skew.
        client.execute("CREATE TABLE doctor (id int PRIMARY KEY, on_call boolean NOT NULL)");
        client.execute("INSERT INTO doctor VALUES (1, true), (2, true)");
        return client;
    }

    /**
     * Commits, on its own pooled connection, a SERIALIZABLE transaction that reads the on-call count and takes doctor
     * {@code id} off call; run while another serializable transaction has read the count and written, it makes that
     * one fail with 40001 at its COMMIT.
     */
    private static void competingWriteSkew(TuskClient client, int id) throws SQLException {
        try (Connection connection = client.dataSource().getConnection()) {
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM doctor WHERE on_call")) {
                    count.next();
                }
                statement.executeUpdate("UPDATE doctor SET on_call = false WHERE id = " + id);
            }
            connection.commit();
            connection.setAutoCommit(true);
        }
    }

    /** Commits an update of doctor {@code id} on another pooled connection, outside the transaction under test. */
    private static void competingUpdate(TuskClient client, int id) throws SQLException {
        try (Connection connection = client.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE doctor SET on_call = NOT on_call WHERE id = " + id);
        }
    }

    @Test
    void shouldRunJooqWorkAgainWhenTusksCommitFailsWithASerializationFailure(TestDatabase database) throws SQLException {
        List<Throwable> rerunCauses = new CopyOnWriteArrayList<>();
        TuskTracer tracer = new TuskTracer() {
            @Override
            public void transactionRerun(int run, Throwable failure) {
                rerunCauses.add(failure);
            }
        };
        try (TuskClient client = connect(database, tracer)) {
            AtomicInteger runs = new AtomicInteger();
            long rerunsBefore = client.resilienceStats().transactionReruns();

            int onCallLeft = client.inTransaction(SERIALIZABLE, tx -> {
                int run = runs.incrementAndGet();
                DSLContext jooq = DSL.using(tx.connection(), SQLDialect.POSTGRES);
                int onCall = jooq.fetchCount(DSL.table("doctor"), DSL.condition("on_call"));
                if (onCall < 2) {
                    return onCall;
                }
                jooq.execute("UPDATE doctor SET on_call = false WHERE id = 2");
                if (run == 1) {
                    competingWriteSkew(client, 1);
                }
                return onCall - 1;
            });

            // Run 1 failed at COMMIT (Tusk's own statement, so a SerializationFailureException) and ran again; run 2
            // saw the competitor's commit and left doctor 2 on call.
            assertThat(runs).hasValue(2);
            assertThat(rerunCauses).singleElement().isInstanceOfSatisfying(SerializationFailureException.class,
                    e -> assertThat(e.getMessage()).contains("COMMIT"));
            assertThat(onCallLeft).isEqualTo(1);
            assertThat(client.resilienceStats().transactionReruns() - rerunsBefore).isEqualTo(1);
            assertThat(client.query("SELECT id FROM doctor WHERE on_call", Integer.class)).containsExactly(2);
        }
    }

    @Test
    void shouldRunJdbiWorkAgainWhenTusksCommitFailsWithASerializationFailure(TestDatabase database) throws SQLException {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();

            client.useTransaction(SERIALIZABLE, tx -> {
                int run = runs.incrementAndGet();
                try (Handle handle = TransactionJdbi.on(tx).open()) {
                    int onCall = handle.createQuery("SELECT count(*) FROM doctor WHERE on_call").mapTo(int.class).one();
                    if (onCall == 2) {
                        handle.execute("UPDATE doctor SET on_call = false WHERE id = 2");
                    }
                }
                if (run == 1) {
                    competingWriteSkew(client, 1);
                }
            });

            assertThat(runs).hasValue(2);
            assertThat(client.resilienceStats().transactionReruns()).isEqualTo(1);
            assertThat(client.query("SELECT id FROM doctor WHERE on_call", Integer.class)).containsExactly(2);
        }
    }

    @Test
    void shouldRunAgainWhenAJooqStatementFailsWithASerializationFailure(TestDatabase database) throws SQLException {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();

            client.useTransaction(SERIALIZABLE, tx -> {
                int run = runs.incrementAndGet();
                DSLContext jooq = DSL.using(tx.connection(), SQLDialect.POSTGRES);
                jooq.fetchValue("SELECT on_call FROM doctor WHERE id = 1");   // takes the snapshot
                if (run == 1) {
                    competingUpdate(client, 1);
                }
                jooq.execute("UPDATE doctor SET on_call = NOT on_call WHERE id = 1");
            });

            // jOOQ's DataAccessException carries the server's 40001: the transaction was aborted, so it runs again.
            assertThat(runs).hasValue(2);
            assertThat(client.resilienceStats().transactionReruns()).isEqualTo(1);
            // The competitor turned the doctor off call; the second run, on a fresh snapshot, turned them back on.
            assertThat(client.queryValue("SELECT on_call FROM doctor WHERE id = 1", Boolean.class)).isTrue();
            assertThat(client.poolStats().active()).isZero();
        }
    }

    @Test
    void shouldRunAgainWhenAJdbiStatementFailsWithASerializationFailure(TestDatabase database) throws SQLException {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();

            client.useTransaction(SERIALIZABLE, tx -> {
                int run = runs.incrementAndGet();
                try (Handle handle = TransactionJdbi.on(tx).open()) {
                    handle.createQuery("SELECT on_call FROM doctor WHERE id = 1").mapTo(boolean.class).one();
                    if (run == 1) {
                        competingUpdate(client, 1);
                    }
                    handle.execute("UPDATE doctor SET on_call = NOT on_call WHERE id = 1");
                }
            });

            assertThat(runs).hasValue(2);
            assertThat(client.resilienceStats().transactionReruns()).isEqualTo(1);
            assertThat(client.queryValue("SELECT on_call FROM doctor WHERE id = 1", Boolean.class)).isTrue();
        }
    }

    @Test
    void shouldThrowTheLibrarysOwnExceptionUnchangedOnceRerunsAreSpent(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();

            assertThatThrownBy(() -> client.useTransaction(SERIALIZABLE, tx -> {
                runs.incrementAndGet();
                DSLContext jooq = DSL.using(tx.connection(), SQLDialect.POSTGRES);
                jooq.fetchValue("SELECT on_call FROM doctor WHERE id = 1");
                competingUpdate(client, 1);   // every run meets a conflict
                jooq.execute("UPDATE doctor SET on_call = false WHERE id = 1");
            })).isInstanceOfSatisfying(DataAccessException.class,
                    e -> assertThat(e.sqlState()).isEqualTo("40001"));
            assertThat(runs).hasValue(client.config().maxRetries() + 1);

            AtomicInteger once = new AtomicInteger();
            assertThatThrownBy(() -> client.useTransaction(SERIALIZABLE.withReruns(false), tx -> {
                once.incrementAndGet();
                try (Handle handle = TransactionJdbi.on(tx).open()) {
                    handle.createQuery("SELECT on_call FROM doctor WHERE id = 1").mapTo(boolean.class).one();
                    competingUpdate(client, 1);
                    handle.execute("UPDATE doctor SET on_call = false WHERE id = 1");
                }
            })).isInstanceOfSatisfying(UnableToExecuteStatementException.class,
                    e -> assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("40001"));
            assertThat(once).hasValue(1);
        }
    }

    @Test
    void shouldRunAgainWhenAJooqListenerTurnsStatementSerializationFailuresIntoTusksException(TestDatabase database) throws SQLException {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();
            // The adapter docs/INTEGRATIONS.md shows: jOOQ lets a listener replace the exception it throws.
            ExecuteListener retryable = ExecuteListener.onException(context -> {
                SQLException cause = context.sqlException();
                if (cause != null && "40001".equals(cause.getSQLState())) {
                    context.exception(new SerializationFailureException(
                            "serialization failure in a jOOQ statement", cause, ServerError.ofSqlState("40001")));
                }
            });

            client.useTransaction(SERIALIZABLE, tx -> {
                int run = runs.incrementAndGet();
                DSLContext jooq = DSL.using(new DefaultConfiguration().set(tx.connection()).set(SQLDialect.POSTGRES)
                        .set(new Settings()).set(retryable));
                jooq.fetchValue("SELECT on_call FROM doctor WHERE id = 1");
                if (run == 1) {
                    competingUpdate(client, 1);
                }
                jooq.execute("UPDATE doctor SET on_call = false WHERE id = 1");
            });

            assertThat(runs).hasValue(2);
            assertThat(client.resilienceStats().transactionReruns()).isEqualTo(1);
            // The competitor flipped doctor 1 off call, the second run set it off again: one change each.
            assertThat(client.queryValue("SELECT on_call FROM doctor WHERE id = 1", Boolean.class)).isFalse();
        }
    }

    @Test
    void shouldRunAgainWhenJdbiWorkRethrowsStatementSerializationFailuresAsTusksException(TestDatabase database)
            throws SQLException {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();

            client.useTransaction(SERIALIZABLE, tx -> {
                int run = runs.incrementAndGet();
                try (Handle handle = TransactionJdbi.on(tx).open()) {
                    handle.createQuery("SELECT on_call FROM doctor WHERE id = 1").mapTo(boolean.class).one();
                    if (run == 1) {
                        competingUpdate(client, 1);
                    }
                    handle.execute("UPDATE doctor SET on_call = false WHERE id = 1");
                } catch (UnableToExecuteStatementException e) {
                    // Jdbi has no hook to replace its exception, so the callback translates what Tusk should re-run.
                    if (e.getCause() instanceof SQLException sql && "40001".equals(sql.getSQLState())) {
                        throw new SerializationFailureException("serialization failure in a Jdbi statement", sql,
                                ServerError.ofSqlState("40001"));
                    }
                    throw e;
                }
            });

            assertThat(runs).hasValue(2);
            assertThat(client.resilienceStats().transactionReruns()).isEqualTo(1);
            assertThat(client.queryValue("SELECT on_call FROM doctor WHERE id = 1", Boolean.class)).isFalse();
        }
    }

    @Test
    void shouldNotRetryJooqOrJdbiTransactionsRunDirectlyOnTheDataSource(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            DSLContext jooq = DSL.using(client.dataSource(), SQLDialect.POSTGRES);
            AtomicInteger jooqRuns = new AtomicInteger();
            assertThatThrownBy(() -> jooq.transaction(configuration -> {
                jooqRuns.incrementAndGet();
                DSLContext inner = DSL.using(configuration);
                inner.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
                inner.fetchValue("SELECT count(*) FROM doctor WHERE on_call");
                inner.execute("UPDATE doctor SET on_call = false WHERE id = 2");
                competingWriteSkew(client, 1);
            })).isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("40001"));
            assertThat(jooqRuns).hasValue(1);

            client.execute("UPDATE doctor SET on_call = true");
            Jdbi jdbi = Jdbi.create(client.dataSource());
            AtomicInteger jdbiRuns = new AtomicInteger();
            assertThatThrownBy(() -> jdbi.useTransaction(TransactionIsolationLevel.SERIALIZABLE, handle -> {
                jdbiRuns.incrementAndGet();
                handle.createQuery("SELECT count(*) FROM doctor WHERE on_call").mapTo(int.class).one();
                handle.execute("UPDATE doctor SET on_call = false WHERE id = 2");
                competingWriteSkew(client, 1);
            })).satisfies(e -> assertThat(sqlStateIn(e)).isEqualTo("40001"));
            assertThat(jdbiRuns).hasValue(1);

            // Tusk never saw these transactions, so it neither re-ran nor counted them.
            assertThat(client.resilienceStats().transactionReruns()).isZero();
            assertThat(client.query("SELECT id FROM doctor WHERE on_call", Integer.class)).containsExactly(2);
            assertThat(client.poolStats().active()).isZero();
        }
    }

    /** The SQLSTATE of the first SQLException in {@code failure}'s cause chain, or null. */
    private static String sqlStateIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
