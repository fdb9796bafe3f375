package dev.tusk.tx;

import dev.tusk.ReadOnlyTransactionException;
import dev.tusk.SerializationFailureException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UniqueViolationException;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class TransactionTest {

    private static TuskClient connect(TestDatabase database) {
        TuskClient client = Tusk.connect(database.url());
        client.execute("CREATE TABLE IF NOT EXISTS item (id int PRIMARY KEY, name text NOT NULL)");
        return client;
    }

    @Test
    void shouldCommitWhenTheCallbackReturns(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            int inserted = client.inTransaction(tx -> {
                tx.execute("INSERT INTO item VALUES (1, 'a')");
                tx.execute("INSERT INTO item VALUES (2, 'b')");
                return tx.queryValue("SELECT count(*) FROM item", Integer.class);
            });
            assertThat(inserted).isEqualTo(2);
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isEqualTo(2L);
        }
    }

    @Test
    void shouldRollBackAndRethrowTheCallersOwnCheckedException(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            IOException thrown = new IOException("disk full");
            assertThatThrownBy(() -> client.useTransaction(tx -> {
                tx.execute("INSERT INTO item VALUES (1, 'a')");
                throw thrown;
            })).isSameAs(thrown);
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isZero();
        }
    }

    @Test
    void shouldRollBackOnAFailedStatementAndKeepItsException(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            assertThatThrownBy(() -> client.useTransaction(tx -> {
                tx.execute("INSERT INTO item VALUES (1, 'a')");
                tx.execute("INSERT INTO item VALUES (1, 'again')");
            })).isInstanceOfSatisfying(UniqueViolationException.class, e -> {
                assertThat(e.constraint()).isEqualTo("item_pkey");
                assertThat(e.table()).isEqualTo("item");
            });
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isZero();
        }
    }

    @Test
    void shouldRunEveryIsolationLevelWithReadOnlyAndDeferrable(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            for (IsolationLevel level : IsolationLevel.values()) {
                String seen = client.inTransaction(TransactionOptions.DEFAULT.withIsolation(level),
                        tx -> tx.queryValue("SHOW transaction_isolation", String.class));
                String expected = level == IsolationLevel.READ_UNCOMMITTED ? "read committed"
                        : level.sql().toLowerCase(java.util.Locale.ROOT);
                assertThat(seen).as(level.name()).isEqualTo(expected);
            }
            String flags = client.inTransaction(TransactionOptions.DEFAULT.withIsolation(IsolationLevel.SERIALIZABLE).withReadOnly(true).withDeferrable(true),
                    tx -> tx.queryValue("SELECT current_setting('transaction_read_only') || ' ' || "
                            + "current_setting('transaction_deferrable') || ' ' || current_setting('transaction_isolation')", String.class));
            assertThat(flags).isEqualTo("on on serializable");
            assertThat(client.queryValue("SHOW transaction_read_only", String.class)).isEqualTo("off");
            assertThatThrownBy(() -> TransactionOptions.DEFAULT.withDeferrable(true))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("deferrable only has an effect on SERIALIZABLE READ ONLY");
        }
    }

    @Test
    void shouldRefuseWritesInReadOnlyTransactionsAndTheReadOnlyView(TestDatabase database) throws Exception {
        try (TuskClient client = connect(database)) {
            assertThatThrownBy(() -> client.useTransaction(TransactionOptions.DEFAULT.withReadOnly(true),
                    tx -> tx.execute("INSERT INTO item VALUES (1, 'a')")))
                    .isInstanceOf(ReadOnlyTransactionException.class)
                    .hasMessageContaining("read-only transaction");
            assertThatThrownBy(() -> client.readOnly().execute("INSERT INTO item VALUES (1, 'a')"))
                    .isInstanceOfSatisfying(ReadOnlyTransactionException.class, e -> assertThat(e.sqlState()).isEqualTo("25006"));
            assertThat(client.readOnly().queryValue("SHOW transaction_read_only", String.class)).isEqualTo("on");
            String insideTransaction = client.readOnly().inTransaction(
                    tx -> tx.queryValue("SHOW transaction_read_only", String.class));
            assertThat(insideTransaction).isEqualTo("on");
            boolean connectionReadOnly = client.readOnly().withConnection(connection -> connection.isReadOnly());
            assertThat(connectionReadOnly).isTrue();
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isZero();
            assertThat(client.queryValue("SHOW transaction_read_only", String.class)).isEqualTo("off");
        }
    }

    @Test
    void shouldUseSavepointsForNestedTransactions(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            client.useTransaction(tx -> {
                tx.execute("INSERT INTO item VALUES (1, 'outer')");
                assertThatThrownBy(() -> tx.useTransaction(inner -> {
                    inner.execute("INSERT INTO item VALUES (2, 'inner')");
                    inner.execute("INSERT INTO item VALUES (1, 'duplicate')");
                })).isInstanceOf(UniqueViolationException.class);
                tx.useTransaction(inner -> inner.execute("INSERT INTO item VALUES (3, 'kept')"));
                // A client call on the same thread joins this transaction rather than taking a second connection.
                client.useTransaction(joined -> joined.execute("INSERT INTO item VALUES (4, 'joined')"));
            });
            assertThat(client.query("SELECT name FROM item ORDER BY id", String.class)).containsExactly("outer", "kept", "joined");
        }
    }

    @Test
    void shouldRefuseATransactionHandleOutsideItsCallback(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            Transaction leaked = client.inTransaction(tx -> tx);
            assertThatThrownBy(() -> leaked.execute("SELECT 1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("transaction has ended");
        }
    }

    @Test
    void shouldReportSerializationFailuresAsTransient(TestDatabase database) throws Exception {
        try (TuskClient client = connect(database)) {
            client.execute("INSERT INTO item VALUES (1, 'a'), (2, 'b')");
            // With re-runs off the failure reaches the caller; TransactionRerunTest covers the default.
            TransactionOptions serializable = TransactionOptions.DEFAULT.withIsolation(IsolationLevel.SERIALIZABLE).withReruns(false);
            CountDownLatch bothRead = new CountDownLatch(2);
            ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
            try {
                Future<?> first = threads.submit(() -> { client.useTransaction(serializable, tx -> {
                    tx.queryValue("SELECT count(*) FROM item", Long.class);
                    bothRead.countDown();
                    bothRead.await(10, TimeUnit.SECONDS);
                    tx.execute("INSERT INTO item VALUES (3, 'from first')");
                }); return null; });
                Future<?> second = threads.submit(() -> { client.useTransaction(serializable, tx -> {
                    tx.queryValue("SELECT count(*) FROM item", Long.class);
                    bothRead.countDown();
                    bothRead.await(10, TimeUnit.SECONDS);
                    tx.execute("INSERT INTO item VALUES (4, 'from second')");
                }); return null; });
                Throwable failure = null;
                for (Future<?> outcome : List.of(first, second)) {
                    try {
                        outcome.get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        failure = e.getCause();
                    }
                }
                assertThat(failure).isInstanceOfSatisfying(SerializationFailureException.class, e -> {
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.sqlState()).isEqualTo("40001");
                });
            } finally {
                threads.shutdownNow();
            }
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isEqualTo(3L);
        }
    }
}
