package dev.tusk.interop;

import dev.tusk.PoolExhaustedException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.TuskConfigBuilder;
import dev.tusk.metrics.StatementStat;
import dev.tusk.pool.PoolStats;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What Tusk's pool gives work that jOOQ and Jdbi run on {@code client.dataSource()}: the session's statement timeout,
 * clean returns, use limits and leak detection, and pool statistics; and what it does not (Tusk's statement counts).
 */
@WithPostgres
class InteropPoolTest {

    private static TuskClient connect(TestDatabase database, UnaryOperator<TuskConfigBuilder> settings) {
        return Tusk.connect(settings.apply(TuskConfig.fromUrl(database.url()).toBuilder()).build());
    }

    @Test
    void shouldGiveJooqAndJdbiConnectionsTusksDefaultStatementTimeout(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            String expected = client.config().statementTimeout().toSeconds() + "s";
            // Set at login for every pooled connection, so it holds whoever borrows it.
            assertThat(DSL.using(client.dataSource(), SQLDialect.POSTGRES).fetchValue("SHOW statement_timeout"))
                    .isEqualTo(expected).isEqualTo("30s");
            String throughJdbi = Jdbi.create(client.dataSource()).withHandle(handle ->
                    handle.createQuery("SHOW statement_timeout").mapTo(String.class).one());
            assertThat(throughJdbi).isEqualTo(expected);
        }
    }

    @Test
    void shouldCancelJooqAndJdbiStatementsThatOutrunTheStatementTimeout(TestDatabase database) {
        try (TuskClient client = connect(database, builder -> builder.statementTimeout(Duration.ofSeconds(1)))) {
            DSLContext jooq = DSL.using(client.dataSource(), SQLDialect.POSTGRES);
            long started = System.nanoTime();
            assertThatThrownBy(() -> jooq.execute("SELECT pg_sleep(20)"))
                    .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("57014"))
                    .hasMessageContaining("canceling statement due to statement timeout");
            // Cancelled by the server after about 1 s; the wide bound is for a loaded 2-core machine.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));

            Jdbi jdbi = Jdbi.create(client.dataSource());
            started = System.nanoTime();
            assertThatThrownBy(() -> jdbi.useHandle(handle -> handle.execute("SELECT pg_sleep(20)")))
                    .isInstanceOfSatisfying(UnableToExecuteStatementException.class,
                            e -> assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("57014"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));

            // The connections went back healthy and the pool lends them again.
            assertThat(client.poolStats().active()).isZero();
            assertThat(jooq.fetchValue("SELECT 1")).isEqualTo(1);
        }
    }

    @Test
    void shouldRollBackTransactionsJooqOrJdbiLeaveOpenOnAReturnedConnection(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE entry (id int PRIMARY KEY)");
            DSLContext jooq = DSL.using(client.dataSource(), SQLDialect.POSTGRES);

            // Autocommit switched off and never committed.
            jooq.connection(connection -> {
                connection.setAutoCommit(false);
                DSL.using(connection, SQLDialect.POSTGRES).execute("INSERT INTO entry VALUES (1)");
            });
            // A bare BEGIN under autocommit, which neither jOOQ nor HikariCP notices.
            jooq.connection(connection -> {
                DSLContext same = DSL.using(connection, SQLDialect.POSTGRES);
                same.execute("BEGIN");
                same.execute("INSERT INTO entry VALUES (2)");
            });
            Jdbi.create(client.dataSource()).useHandle(handle -> {
                handle.execute("BEGIN");
                handle.execute("INSERT INTO entry VALUES (3)");
            });

            PoolStats stats = client.poolStats();
            assertThat(stats.cleanReturnRollbacks()).isEqualTo(3);
            assertThat(stats.active()).isZero();
            assertThat(client.queryValue("SELECT count(*) FROM entry", Long.class)).isZero();
            // The next borrower starts outside any transaction: its insert stays.
            jooq.execute("INSERT INTO entry VALUES (4)");
            assertThat(client.query("SELECT id FROM entry", Integer.class)).containsExactly(4);
        }
    }

    @Test
    void shouldCountJooqAndJdbiStatementsTowardsTheConnectionsUseLimit(TestDatabase database) {
        try (TuskClient client = connect(database, builder -> builder.poolMinSize(1).poolMaxSize(1)
                .maxQueriesPerConnection(5))) {
            DSLContext jooq = DSL.using(client.dataSource(), SQLDialect.POSTGRES);
            Jdbi jdbi = Jdbi.create(client.dataSource());
            // Only jOOQ and Jdbi run statements here. A connection past its limit of 5 is replaced ahead of time and
            // off the request path, so a sole connection serves on until its replacement is open: keep going a while.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            int statements = 0;
            while (client.poolStats().retiredMaxUses() < 2 && System.nanoTime() < deadline) {
                assertThat(jooq.fetchValue("SELECT ?::int", statements)).isEqualTo(statements);
                int one = jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(int.class).one());
                assertThat(one).isEqualTo(1);
                statements += 2;
            }
            assertThat(client.poolStats().retiredMaxUses()).as("retirements after %d statements", statements)
                    .isGreaterThanOrEqualTo(2);
            assertThat(statements).as("statements before two retirements with a limit of 5").isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void shouldReportAConnectionJooqHoldsTooLongAsAPotentialLeak(TestDatabase database) {
        try (TuskClient client = connect(database, builder -> builder.leakDetectionThreshold(Duration.ofMillis(300)))) {
            DSLContext jooq = DSL.using(client.dataSource(), SQLDialect.POSTGRES);
            jooq.connection(connection -> {
                DSL.using(connection, SQLDialect.POSTGRES).execute("SELECT 1");
                assertThat(client.poolStats().active()).isEqualTo(1);
                // Held well past the threshold; the sweep runs every quarter of it.
                Thread.sleep(1_500);
            });
            assertThat(client.poolStats().potentialLeaks()).isEqualTo(1);
        }
    }

    @Test
    void shouldCountJooqAndJdbiBorrowsButNotTheirStatements(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.queryValue("SELECT 1", Integer.class);
            PoolStats before = client.poolStats();

            DSL.using(client.dataSource(), SQLDialect.POSTGRES).fetchValue("SELECT 'through jooq'");
            Jdbi.create(client.dataSource()).withHandle(handle ->
                    handle.createQuery("SELECT 'through jdbi'").mapTo(String.class).one());

            PoolStats after = client.poolStats();
            assertThat(after.acquires() - before.acquires()).isEqualTo(2);
            // Tusk counts and times only the statements it runs itself.
            assertThat(after.queries()).isEqualTo(before.queries());
            assertThat(client.statementStats().top(100)).extracting(StatementStat::normalizedSql)
                    .noneMatch(sql -> sql.contains("through"));
        }
    }

    @Test
    void shouldFailJooqWithTusksPoolExhaustionReportWhenNoConnectionFreesUp(TestDatabase database) {
        try (TuskClient client = connect(database, builder -> builder.poolMinSize(1).poolMaxSize(1)
                .acquireTimeout(Duration.ofMillis(500)))) {
            DSLContext jooq = DSL.using(client.dataSource(), SQLDialect.POSTGRES);
            client.withConnection(held -> {
                assertThatThrownBy(() -> jooq.fetchValue("SELECT 1"))
                        .isInstanceOf(DataAccessException.class)
                        // The DataSource turns Tusk's exception into the SQLException JDBC callers expect, keeping
                        // Tusk's message (the pool's state and what to change) and the exception as its cause.
                        .cause().isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("no connection available within 500ms")
                        .cause().isInstanceOf(PoolExhaustedException.class);
                return null;
            });
            assertThat(client.poolStats().acquireTimeouts()).isEqualTo(1);
            assertThat(jooq.fetchValue("SELECT 1")).isEqualTo(1);
        }
    }
}
