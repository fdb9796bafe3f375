package dev.tusk.interop;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.pool.PoolStats;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * jOOQ with {@link SQLDialect#POSTGRES} on a Tusk client: on {@code client.dataSource()} (its DSL, its own
 * transactions) and inside {@code client.inTransaction} on the transaction's own connection.
 */
@WithPostgres
class JooqOnTuskTest {

    private static final Table<Record> AUTHOR = table(name("author"));
    private static final Field<Integer> AUTHOR_ID = field(name("author", "id"), SQLDataType.INTEGER);
    private static final Field<String> AUTHOR_NAME = field(name("author", "name"), SQLDataType.VARCHAR);

    private static final Table<Record> BOOK = table(name("book"));
    private static final Field<Integer> BOOK_ID = field(name("book", "id"), SQLDataType.INTEGER);
    private static final Field<Integer> BOOK_AUTHOR = field(name("book", "author_id"), SQLDataType.INTEGER);
    private static final Field<String> BOOK_TITLE = field(name("book", "title"), SQLDataType.VARCHAR);
    private static final Field<JSONB> BOOK_META = field(name("book", "meta"), SQLDataType.JSONB);

    private static DSLContext jooq(TuskClient client) {
        return DSL.using(client.dataSource(), SQLDialect.POSTGRES);
    }

    /** Creates the two tables through jOOQ's DDL, so the DDL path is exercised on Tusk's pool too. */
    private static void createSchema(DSLContext jooq) {
        jooq.createTable(AUTHOR)
                .column(field(name("id"), SQLDataType.INTEGER.notNull()))
                .column(field(name("name"), SQLDataType.VARCHAR(200).notNull()))
                .constraints(DSL.primaryKey(name("id")))
                .execute();
        jooq.createTable(BOOK)
                .column(field(name("id"), SQLDataType.INTEGER.notNull()))
                .column(field(name("author_id"), SQLDataType.INTEGER.notNull()))
                .column(field(name("title"), SQLDataType.VARCHAR(200).notNull()))
                .column(field(name("meta"), SQLDataType.JSONB))
                .constraints(DSL.primaryKey(name("id")),
                        DSL.foreignKey(name("author_id")).references(name("author"), name("id")))
                .execute();
    }

    @Test
    void shouldRunDslStatementsOnTheClientsDataSource(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            DSLContext jooq = jooq(client);
            long acquiresBefore = client.poolStats().acquires();
            createSchema(jooq);

            assertThat(jooq.insertInto(AUTHOR, AUTHOR_ID, AUTHOR_NAME)
                    .values(1, "Ursula").values(2, "Stanisław").execute()).isEqualTo(2);
            int[] batched = jooq.batch(jooq.insertInto(BOOK, BOOK_ID, BOOK_AUTHOR, BOOK_TITLE, BOOK_META)
                            .values((Integer) null, null, null, null))
                    .bind(10, 1, "The Dispossessed", JSONB.valueOf("{\"pages\": 387, \"tags\": [\"utopia\"]}"))
                    .bind(11, 1, "The Lathe of Heaven", JSONB.valueOf("{\"pages\": 184}"))
                    .bind(12, 2, "Solaris", JSONB.valueOf("{\"pages\": 204, \"tags\": [\"ocean\"]}"))
                    .execute();
            // Tusk's pool sets PgJDBC's reWriteBatchedInserts: the driver folds the batch into multi-row INSERTs (in
            // groups of a power of two, so 3 rows go as 2 + 1) and reports SUCCESS_NO_INFO (-2) for folded rows.
            assertThat(IntStream.of(batched).boxed().toList()).hasSize(3).contains(Statement.SUCCESS_NO_INFO)
                    .allMatch(count -> count == 1 || count == Statement.SUCCESS_NO_INFO);
            assertThat(jooq.fetchCount(BOOK)).isEqualTo(3);

            List<Record2<String, String>> joined = jooq.select(AUTHOR_NAME, BOOK_TITLE)
                    .from(BOOK).join(AUTHOR).on(BOOK_AUTHOR.eq(AUTHOR_ID))
                    .where(AUTHOR_ID.eq(1))
                    .orderBy(BOOK_ID)
                    .fetch();
            assertThat(joined).extracting(Record2::value1).containsOnly("Ursula");
            assertThat(joined).extracting(Record2::value2).containsExactly("The Dispossessed", "The Lathe of Heaven");

            // A jsonb operator through jOOQ's plain-SQL template; the value is read back as jOOQ's JSONB.
            Field<Integer> pages = field("({0} ->> 'pages')::int", SQLDataType.INTEGER, BOOK_META);
            assertThat(jooq.select(BOOK_TITLE).from(BOOK).where(pages.gt(200)).orderBy(BOOK_ID).fetch(BOOK_TITLE))
                    .containsExactly("The Dispossessed", "Solaris");
            assertThat(jooq.select(BOOK_META).from(BOOK).where(BOOK_ID.eq(12)).fetchOne(BOOK_META).data())
                    .contains("\"ocean\"");

            assertThat(jooq.update(BOOK).set(BOOK_TITLE, "Solaris (1961)").where(BOOK_ID.eq(12)).execute())
                    .isEqualTo(1);
            assertThat(jooq.deleteFrom(BOOK).where(BOOK_ID.eq(11)).execute()).isEqualTo(1);

            // Tusk reads what jOOQ wrote, jsonb included: one database, one pool.
            assertThat(client.query("SELECT title FROM book ORDER BY id", String.class))
                    .containsExactly("The Dispossessed", "Solaris (1961)");
            assertThat(client.queryValue("SELECT meta ->> 'pages' FROM book WHERE id = ?", String.class, 10))
                    .isEqualTo("387");

            PoolStats after = client.poolStats();
            // Every jOOQ statement above borrowed from Tusk's pool and gave the connection back cleanly.
            assertThat(after.acquires() - acquiresBefore).isGreaterThanOrEqualTo(9);
            assertThat(after.active()).isZero();
            assertThat(after.cleanReturnRollbacks()).isZero();
        }
    }

    @Test
    void shouldCommitAndRollBackJooqTransactionsOnTheClientsPool(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            DSLContext jooq = jooq(client);
            createSchema(jooq);

            jooq.transaction(configuration -> {
                DSLContext inner = DSL.using(configuration);
                inner.insertInto(AUTHOR, AUTHOR_ID, AUTHOR_NAME).values(1, "Ursula").execute();
                inner.insertInto(BOOK, BOOK_ID, BOOK_AUTHOR, BOOK_TITLE).values(10, 1, "Always Coming Home").execute();
            });
            assertThatThrownBy(() -> jooq.transaction(configuration -> {
                DSL.using(configuration).insertInto(AUTHOR, AUTHOR_ID, AUTHOR_NAME).values(2, "Octavia").execute();
                throw new IllegalStateException("abandon the second author");
            })).isInstanceOf(IllegalStateException.class).hasMessage("abandon the second author");
            // A nested jOOQ transaction is a savepoint: its failure leaves the outer work in place.
            jooq.transaction(configuration -> {
                DSLContext outer = DSL.using(configuration);
                outer.insertInto(AUTHOR, AUTHOR_ID, AUTHOR_NAME).values(3, "Iain").execute();
                assertThatThrownBy(() -> outer.transaction(nested -> {
                    DSL.using(nested).insertInto(AUTHOR, AUTHOR_ID, AUTHOR_NAME).values(4, "Banks").execute();
                    throw new IllegalStateException("abandon the savepoint");
                })).hasMessage("abandon the savepoint");
            });

            assertThat(client.query("SELECT name FROM author ORDER BY id", String.class))
                    .containsExactly("Ursula", "Iain");
            assertThat(client.poolStats().active()).isZero();
            // jOOQ ended its own transactions, so the pool had nothing to roll back.
            assertThat(client.poolStats().cleanReturnRollbacks()).isZero();
        }
    }

    @Test
    void shouldRunJooqOnTheTransactionsConnectionSoTusksRollbackUndoesIt(TestDatabase database) throws SQLException {
        try (TuskClient client = Tusk.connect(database.url())) {
            createSchema(jooq(client));

            assertThatThrownBy(() -> client.useTransaction(tx -> {
                DSLContext jooq = DSL.using(tx.connection(), SQLDialect.POSTGRES);
                jooq.insertInto(AUTHOR, AUTHOR_ID, AUTHOR_NAME).values(1, "Ursula").execute();
                tx.execute("INSERT INTO book (id, author_id, title) VALUES (?, ?, ?)", 10, 1, "The Word for World");
                // Same connection, same transaction: jOOQ sees Tusk's uncommitted row and the reverse.
                assertThat(jooq.fetchCount(BOOK)).isEqualTo(1);
                assertThat(tx.queryValue("SELECT name FROM author WHERE id = ?", String.class, 1)).isEqualTo("Ursula");
                throw new IllegalStateException("roll everything back");
            })).isInstanceOf(IllegalStateException.class).hasMessage("roll everything back");
            assertThat(client.queryValue("SELECT count(*) FROM author", Long.class)).isZero();
            assertThat(client.queryValue("SELECT count(*) FROM book", Long.class)).isZero();

            int committed = client.inTransaction(tx -> {
                DSLContext jooq = DSL.using(tx.connection(), SQLDialect.POSTGRES);
                jooq.insertInto(AUTHOR, AUTHOR_ID, AUTHOR_NAME).values(2, "Octavia").execute();
                // Other connections do not see it before Tusk commits.
                assertThat(countOnAnotherConnection(client, "author")).isZero();
                return jooq.insertInto(BOOK, BOOK_ID, BOOK_AUTHOR, BOOK_TITLE).values(20, 2, "Kindred").execute();
            });
            assertThat(committed).isEqualTo(1);
            assertThat(countOnAnotherConnection(client, "book")).isEqualTo(1);
            assertThat(client.poolStats().cleanReturnRollbacks()).isZero();
        }
    }

    @Test
    void shouldCommitTusksTransactionEarlyWhenJooqStartsItsOwnTransactionOnTheSameConnection(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            createSchema(jooq(client));

            // The pitfall docs/INTEGRATIONS.md warns about: jOOQ's outermost transaction() commits the connection
            // it was given, which here is Tusk's transaction, so Tusk's later rollback cannot undo that work.
            assertThatThrownBy(() -> client.useTransaction(tx -> {
                DSLContext jooq = DSL.using(tx.connection(), SQLDialect.POSTGRES);
                jooq.transaction(configuration ->
                        DSL.using(configuration).insertInto(AUTHOR, AUTHOR_ID, AUTHOR_NAME).values(1, "Ursula").execute());
                throw new IllegalStateException("Tusk rolls back here");
            })).hasMessage("Tusk rolls back here");

            assertThat(client.query("SELECT name FROM author", String.class)).containsExactly("Ursula");
        }
    }

    @Test
    void shouldApplyATenantsAndAReadOnlyViewsSettingsToJooqWorkInTheirTransactions(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            createSchema(jooq(client));

            Field<String> tenantSetting = field("coalesce(current_setting('app.tenant_id', true), '')", SQLDataType.VARCHAR);
            String tenant = client.asTenant("acme").inTransaction(tx -> DSL.using(tx.connection(), SQLDialect.POSTGRES)
                    .fetchValue(tenantSetting));
            assertThat(tenant).isEqualTo("acme");
            // The setting was transaction-local: a plain DataSource borrower does not inherit it.
            assertThat(jooq(client).fetchValue(tenantSetting)).isEmpty();

            assertThatThrownBy(() -> client.readOnly().useTransaction(tx -> DSL.using(tx.connection(), SQLDialect.POSTGRES)
                    .insertInto(AUTHOR, AUTHOR_ID, AUTHOR_NAME).values(1, "Ursula").execute()))
                    .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("25006"));
            assertThat(client.queryValue("SELECT count(*) FROM author", Long.class)).isZero();
        }
    }

    private static long countOnAnotherConnection(TuskClient client, String table) throws SQLException {
        try (Connection other = client.dataSource().getConnection();
             Statement statement = other.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
