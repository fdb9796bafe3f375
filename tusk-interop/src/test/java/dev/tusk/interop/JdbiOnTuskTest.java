package dev.tusk.interop;

import dev.tusk.QueryException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.pool.PoolStats;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jdbi on a Tusk client: {@code Jdbi.create(client.dataSource())} for handles, SQL objects and Jdbi's transactions,
 * and Jdbi inside {@code client.inTransaction} on the transaction's own connection.
 */
@WithPostgres
class JdbiOnTuskTest {

    private static Jdbi jdbi(TuskClient client) {
        return Jdbi.create(client.dataSource()).installPlugin(new PostgresPlugin()).installPlugin(new SqlObjectPlugin());
    }

    private static void createSchema(TuskClient client) {
        client.execute("CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL, tags text[] NOT NULL)");
    }

    @Test
    void shouldRunHandleQueriesAndUpdatesOnTheClientsDataSource(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            Jdbi jdbi = jdbi(client);
            long acquiresBefore = client.poolStats().acquires();
            jdbi.useHandle(handle -> {
                handle.execute("CREATE TABLE device (id uuid PRIMARY KEY, name text NOT NULL, ports int[] NOT NULL)");
                UUID sensor = UUID.fromString("6f1c2a4e-0000-4000-8000-000000000001");
                UUID relay = UUID.fromString("6f1c2a4e-0000-4000-8000-000000000002");
                assertThat(handle.createUpdate("INSERT INTO device VALUES (:id, :name, :ports)")
                        .bind("id", sensor).bind("name", "sensor").bind("ports", new int[] {80, 443})
                        .execute()).isEqualTo(1);
                handle.createUpdate("INSERT INTO device VALUES (:id, :name, :ports)")
                        .bind("id", relay).bind("name", "relay").bind("ports", new int[] {22}).execute();

                assertThat(handle.createQuery("SELECT name FROM device WHERE 443 = ANY (ports)")
                        .mapTo(String.class).list()).containsExactly("sensor");
                assertThat(handle.createQuery("SELECT id FROM device WHERE name = :name").bind("name", "relay")
                        .mapTo(UUID.class).one()).isEqualTo(relay);
                assertThat(handle.createUpdate("UPDATE device SET name = :name WHERE id = :id")
                        .bind("name", "relay-2").bind("id", relay).execute()).isEqualTo(1);
                assertThat(handle.createUpdate("DELETE FROM device WHERE id = :id").bind("id", sensor).execute())
                        .isEqualTo(1);
            });
            // Tusk sees what Jdbi wrote through the same pool.
            assertThat(client.query("SELECT name FROM device", String.class)).containsExactly("relay-2");

            PoolStats after = client.poolStats();
            assertThat(after.acquires()).isGreaterThan(acquiresBefore);
            assertThat(after.active()).isZero();
            assertThat(after.cleanReturnRollbacks()).isZero();
        }
    }

    @Test
    void shouldRunASqlObjectOnTheClientsDataSource(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            createSchema(client);
            NoteDao notes = jdbi(client).onDemand(NoteDao.class);

            notes.insert(1, "buy milk", List.of("home", "errand"));
            notes.insert(2, "ship release", List.of("work"));
            // Tusk's pool sets PgJDBC's reWriteBatchedInserts, so a batch of INSERTs travels as one multi-row INSERT
            // and the driver reports SUCCESS_NO_INFO (-2) per row instead of a count.
            assertThat(notes.insertAll(List.of(3, 4), List.of("call plumber", "water plants")))
                    .containsExactly(Statement.SUCCESS_NO_INFO, Statement.SUCCESS_NO_INFO);
            assertThat(notes.find(2)).contains(new NoteDao.Note(2, "ship release", List.of("work")));
            assertThat(notes.tagged("errand")).extracting(NoteDao.Note::body).containsExactly("buy milk");
            assertThat(notes.rewrite(3, "call the plumber")).isEqualTo(1);
            notes.renumber(4, 40);

            assertThat(client.query("SELECT id FROM note ORDER BY id", Integer.class)).containsExactly(1, 2, 3, 40);
            assertThat(client.poolStats().active()).isZero();
        }
    }

    @Test
    void shouldCommitAndRollBackJdbiTransactionsOnTheClientsPool(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            createSchema(client);
            Jdbi jdbi = jdbi(client);

            jdbi.useTransaction(handle -> {
                handle.attach(NoteDao.class).insert(1, "kept", List.of());
                handle.attach(NoteDao.class).insert(2, "kept too", List.of());
            });
            assertThatThrownBy(() -> jdbi.useTransaction(handle -> {
                handle.attach(NoteDao.class).insert(3, "dropped", List.of());
                throw new IllegalStateException("abandon note 3");
            })).isInstanceOf(IllegalStateException.class).hasMessage("abandon note 3");
            // A SQL object's @Transaction method is all or nothing: the insert of 20 is undone with the failed delete.
            NoteDao notes = jdbi.onDemand(NoteDao.class);
            assertThatThrownBy(() -> notes.renumber(99, 20)).hasMessage("no note with id 99");
            client.execute("CREATE FUNCTION keep_note_two() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN IF OLD.id = 2 THEN RETURN NULL; END IF; RETURN OLD; END $$");
            client.execute("CREATE TRIGGER keep_note_two BEFORE DELETE ON note FOR EACH ROW EXECUTE FUNCTION keep_note_two()");
            assertThatThrownBy(() -> notes.renumber(2, 20)).hasMessage("note 2 vanished while being renumbered");

            assertThat(client.query("SELECT id FROM note ORDER BY id", Integer.class)).containsExactly(1, 2);
            assertThat(client.poolStats().active()).isZero();
            assertThat(client.poolStats().cleanReturnRollbacks()).isZero();
        }
    }

    @Test
    void shouldRunJdbiOnTheTransactionsConnectionSoTusksRollbackUndoesIt(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            createSchema(client);

            assertThatThrownBy(() -> client.useTransaction(tx -> {
                try (Handle handle = TransactionJdbi.on(tx).installPlugin(new SqlObjectPlugin()).open()) {
                    handle.attach(NoteDao.class).insert(1, "from Jdbi", List.of("jdbi"));
                    // Jdbi's own transaction joins Tusk's: the connection is already out of autocommit.
                    handle.useTransaction(inner -> inner.execute("INSERT INTO note VALUES (2, 'nested', '{}')"));
                    assertThat(tx.queryValue("SELECT count(*) FROM note", Long.class)).isEqualTo(2);
                }
                tx.execute("INSERT INTO note VALUES (?, ?, ?)", 3, "from Tusk", new String[0]);
                throw new IllegalStateException("roll all three back");
            })).isInstanceOf(IllegalStateException.class).hasMessage("roll all three back");
            assertThat(client.queryValue("SELECT count(*) FROM note", Long.class)).isZero();

            List<String> bodies = client.inTransaction(tx -> {
                try (Handle handle = TransactionJdbi.on(tx).installPlugin(new SqlObjectPlugin()).open()) {
                    handle.attach(NoteDao.class).insert(4, "committed by Tusk", List.of());
                }
                tx.execute("INSERT INTO note VALUES (5, 'also', '{}')");
                return tx.query("SELECT body FROM note ORDER BY id", String.class);
            });
            assertThat(bodies).containsExactly("committed by Tusk", "also");
            assertThat(client.query("SELECT id FROM note ORDER BY id", Integer.class)).containsExactly(4, 5);
            assertThat(client.poolStats().cleanReturnRollbacks()).isZero();
        }
    }

    @Test
    void shouldLoseTheTransactionsConnectionWhenAHandleFromJdbiOpenIsClosed(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            createSchema(client);

            // The pitfall TransactionJdbi avoids: Jdbi.open(connection) closes the connection with the handle, which
            // for a Tusk lease means giving it back to the pool mid-transaction; the pool rolls the work back.
            assertThatThrownBy(() -> client.useTransaction(tx -> {
                try (Handle handle = Jdbi.open(tx.connection())) {
                    handle.execute("INSERT INTO note VALUES (1, 'lost', '{}')");
                }
                assertThat(tx.connection().isClosed()).isTrue();
                tx.execute("INSERT INTO note VALUES (2, 'never runs', '{}')");
            })).isInstanceOf(QueryException.class).hasMessageContaining("Connection is closed");

            assertThat(client.queryValue("SELECT count(*) FROM note", Long.class)).isZero();
            assertThat(client.poolStats().active()).isZero();
            assertThat(client.poolStats().cleanReturnRollbacks()).isEqualTo(1);
        }
    }

    @Test
    void shouldBindThroughJdbisAndJooqsOwnTypeMappingNotTusks(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE device (id uuid PRIMARY KEY)");
            String id = "6f1c2a4e-0000-4000-8000-00000000000a";

            // Tusk asks the server for the placeholder's type and encodes the String as a uuid.
            client.execute("INSERT INTO device VALUES (?)", id);

            // Jdbi and jOOQ hand PgJDBC a String, which it sends as varchar: the server will not assign it to uuid.
            assertThatThrownBy(() -> jdbi(client).useHandle(handle ->
                    handle.execute("INSERT INTO device VALUES (?)", id)))
                    .isInstanceOf(UnableToExecuteStatementException.class)
                    .satisfies(e -> assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("42804"));
            assertThatThrownBy(() -> DSL.using(client.dataSource(), SQLDialect.POSTGRES)
                    .execute("INSERT INTO device VALUES (?)", id))
                    .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("42804"));
            assertThat(client.queryValue("SELECT count(*) FROM device", Long.class)).isEqualTo(1);
        }
    }
}
