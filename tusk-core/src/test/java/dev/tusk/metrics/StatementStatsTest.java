package dev.tusk.metrics;

import dev.tusk.UndefinedTableException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.metrics.internal.NormalizedSqlCache;
import dev.tusk.metrics.internal.SlowStatementLog;
import dev.tusk.metrics.internal.StatementLog;
import dev.tusk.pool.PoolHooks;
import dev.tusk.pool.PoolStats;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.trace.TuskTracer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Statement statistics, the slow-statement and statement logs, and PoolStats' counts, against a real server. */
@WithPostgres
class StatementStatsTest {

    private static TuskConfig config(TestDatabase database) {
        return TuskConfig.fromUrl(database.url()).toBuilder().maxRetries(0).build();
    }

    private static StatementStat only(StatementStats stats, String operation, String fragment) {
        List<StatementStat> found = stats.statements().stream()
                .filter(stat -> stat.operation().equals(operation) && stat.normalizedSql().contains(fragment)).toList();
        assertThat(found).as(operation + " " + fragment + " in " + stats).hasSize(1);
        return found.getFirst();
    }

    @Test
    void shouldCountCallsRowsAndErrorsPerNormalisedStatementWithoutItsValues(TestDatabase database) {
        try (TuskClient client = Tusk.connect(config(database))) {
            client.execute("CREATE TABLE person (id int, name text)");
            client.execute("INSERT INTO person VALUES (1, 'secret-ann'), (2, 'secret-bob')");
            client.execute("INSERT INTO person VALUES (3, 'secret-cy')");
            client.execute("INSERT INTO person VALUES (4, 'secret-di')");
            assertThat(client.query("SELECT name FROM person WHERE id < ?", String.class, 3)).hasSize(2);
            assertThat(client.query("SELECT name FROM person WHERE id < ?", String.class, 10)).hasSize(4);
            for (int i = 0; i < 2; i++) {
                int id = i;
                assertThatThrownBy(() -> client.execute("DELETE FROM missing WHERE id = " + id))
                        .isInstanceOf(UndefinedTableException.class);
            }

            StatementStats stats = client.statementStats();
            // The two-row INSERT shows as such; the one-row INSERTs with different literals share an entry.
            assertThat(stats.statements()).filteredOn(stat -> stat.operation().equals("INSERT"))
                    .extracting(StatementStat::normalizedSql)
                    .containsExactlyInAnyOrder("INSERT INTO person VALUES (?, ?), ...", "INSERT INTO person VALUES (?, ?)");
            StatementStat single = stats.statements().stream()
                    .filter(stat -> stat.normalizedSql().equals("INSERT INTO person VALUES (?, ?)")).findFirst().orElseThrow();
            assertThat(single.calls()).isEqualTo(2);
            assertThat(single.rows()).isEqualTo(2);
            assertThat(single.errors()).isZero();
            assertThat(single.fingerprint()).matches("[0-9a-f]{16}");
            assertThat(single.totalTime()).isPositive();
            assertThat(single.meanTime()).isEqualTo(single.totalTime().dividedBy(2));
            assertThat(single.maxTime()).isLessThanOrEqualTo(single.totalTime());
            assertThat(single.p95Time()).isPositive().isLessThanOrEqualTo(single.maxTime());

            StatementStat select = only(stats, "SELECT", "FROM person WHERE id < ?");
            assertThat(select.calls()).isEqualTo(2);
            assertThat(select.rows()).isEqualTo(6);

            StatementStat delete = only(stats, "DELETE", "missing");
            assertThat(delete.normalizedSql()).isEqualTo("DELETE FROM missing WHERE id = ?");
            assertThat(delete.calls()).isEqualTo(2);
            assertThat(delete.errors()).isEqualTo(2);

            // No literal, no parameter value: not a name, not a digit.
            assertThat(stats.statements()).extracting(StatementStat::normalizedSql)
                    .noneMatch(sql -> sql.contains("secret") || sql.matches(".*\\d.*"));
            assertThat(stats.evictedStatements()).isZero();
            assertThat(stats.slowStatements()).isZero();
        }
    }

    @Test
    void shouldListTheStatementsThatTookLongestFirst(TestDatabase database) {
        try (TuskClient client = Tusk.connect(config(database))) {
            client.queryValue("SELECT pg_sleep(0.03)::text", String.class);
            for (int i = 0; i < 5; i++) {
                client.queryValue("SELECT " + i, Integer.class);
            }
            StatementStats stats = client.statementStats();
            assertThat(stats.top(1)).extracting(StatementStat::normalizedSql).containsExactly("SELECT pg_sleep(?)::text");
            assertThat(stats.top(2)).extracting(StatementStat::normalizedSql)
                    .containsExactly("SELECT pg_sleep(?)::text", "SELECT ?");
            assertThat(stats.top(0)).isEmpty();
            assertThat(stats.top(100)).isEqualTo(stats.statements());
            assertThat(stats.statements()).isSortedAccordingTo((a, b) -> b.totalTime().compareTo(a.totalTime()));
            assertThatThrownBy(() -> stats.top(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("n must be 0 or more, but was -1");
        }
    }

    @Test
    void shouldKeepAtMostAThousandStatementsAndCountTheEvicted(TestDatabase database) {
        try (TuskClient client = Tusk.connect(config(database))) {
            client.execute("CREATE TABLE wide (id int)");
            for (int i = 0; i < 20; i++) {
                client.query("SELECT id FROM wide", Integer.class);
            }
            for (int i = 0; i < 5_000; i++) {
                client.queryValue("SELECT 1 AS column_" + i, Integer.class);
            }
            StatementStats stats = client.statementStats();
            assertThat(stats.statements()).hasSizeLessThanOrEqualTo(1_000);
            assertThat(stats.evictedStatements() + stats.statements().size()).isEqualTo(5_002);
            // The least used go first, so a statement run often survives a flood of one-offs.
            assertThat(stats.statements()).anyMatch(stat -> stat.normalizedSql().equals("SELECT id FROM wide")
                    && stat.calls() == 20);
        }
    }

    @Test
    void shouldLogASlowStatementOnceWithItsCallerAndCountIt(TestDatabase database) {
        RecordingLogger log = new RecordingLogger(SlowStatementLog.LOGGER);
        TuskConfig config = config(database).toBuilder().slowQueryThreshold(Duration.ofMillis(50)).build();
        SlowStatementLog recorded = new SlowStatementLog(Duration.ofMillis(50).toNanos(), new NormalizedSqlCache(), log,
                Clock.systemUTC());
        try (TuskClient client = Tusk.connect(config, PoolHooks.NONE, recorded)) {
            client.queryValue("SELECT 1", Integer.class);
            client.queryValue("SELECT pg_sleep(?)::text || 'hidden-literal'", String.class, 0.2);
            client.queryValue("SELECT 2", Integer.class);

            assertThat(log.lines).hasSize(1);
            String line = log.lines.getFirst();
            assertThat(line).startsWith("WARN Slow statement: ")
                    .contains("at " + StatementStatsTest.class.getName() + ".shouldLogASlowStatementOnceWithItsCallerAndCountIt(StatementStatsTest.java:")
                    .endsWith(": SELECT pg_sleep(?)::text || ?")
                    .doesNotContain("0.2", "hidden");
            assertThat(Long.parseLong(line.replaceAll("^WARN Slow statement: (\\d+) ms.*", "$1"))).isGreaterThanOrEqualTo(200);
            assertThat(client.statementStats().slowStatements()).isEqualTo(1);
            assertThat(recorded.slowStatements()).isEqualTo(1);
            SlowStatement kept = client.statementStats().recentSlow().getFirst();
            assertThat(client.statementStats().recentSlow()).containsExactly(kept);
            assertThat(kept.normalizedSql()).isEqualTo("SELECT pg_sleep(?)::text || ?");
            assertThat(kept.fingerprint()).isEqualTo(only(client.statementStats(), "SELECT", "pg_sleep").fingerprint());
            assertThat(kept.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            // queryValue reads one value, not a list, so the runner does not report a row count.
            assertThat(kept.rows()).isEqualTo(-1);
            assertThat(kept.at()).isBetween(Instant.now().minusSeconds(60), Instant.now());
            assertThat(kept.caller()).startsWith(StatementStatsTest.class.getName()
                    + ".shouldLogASlowStatementOnceWithItsCallerAndCountIt(StatementStatsTest.java:");
            assertThat(kept.failure()).isNull();
        }
    }

    @Test
    void shouldLogEveryStatementWithoutItsValuesWhenAsked(TestDatabase database) {
        RecordingLogger log = new RecordingLogger(StatementLog.LOGGER);
        try (TuskClient client = Tusk.connect(config(database), PoolHooks.NONE,
                new StatementLog(new NormalizedSqlCache(), log))) {
            client.query("SELECT x FROM generate_series(1, ?) x WHERE 'pw' <> 'hunter2'", Integer.class, 3);
            assertThatThrownBy(() -> client.execute("DELETE FROM nowhere WHERE token = 'abc'"));
        }
        assertThat(log.lines).hasSize(2);
        assertThat(log.lines.get(0)).matches("INFO \\d+\\.\\d{3} ms, 3 rows: SELECT x FROM generate_series\\(\\?, \\?\\) x WHERE \\? <> \\?");
        assertThat(log.lines.get(1)).matches("INFO \\d+\\.\\d{3} ms, failed with UndefinedTableException: DELETE FROM nowhere WHERE token = \\?");
    }

    @Test
    void shouldCollectNothingWhenMetricsAreOff(TestDatabase database) {
        TuskConfig config = config(database).toBuilder().metricsEnabled(false).slowQueryThreshold(Duration.ZERO).build();
        try (TuskClient client = Tusk.connect(config)) {
            client.queryValue("SELECT 1", Integer.class);
            client.inTransaction(tx -> tx.queryValue("SELECT 1", Integer.class));
            assertThat(client.statementStats()).isEqualTo(new StatementStats(List.of(), 0, 0, List.of()));
            PoolStats pool = client.poolStats();
            assertThat(pool.acquires()).isPositive();
            assertThat(List.of(pool.queries(), pool.transactions(), pool.errors())).containsOnly(0L);
        }
    }

    @Test
    void shouldCountQueriesTransactionsAndErrorsInPoolStats(TestDatabase database) {
        try (TuskClient client = Tusk.connect(config(database), PoolHooks.NONE, TuskTracer.NONE)) {
            client.queryValue("SELECT 1", Integer.class);
            client.inTransaction(tx -> {
                tx.queryValue("SELECT 1", Integer.class);
                return tx.queryValue("SELECT 2", Integer.class);
            });
            assertThatThrownBy(() -> client.inTransaction(tx -> tx.execute("SELEC 1")));
            assertThatThrownBy(() -> client.execute("SELEC 2"));

            PoolStats pool = client.poolStats();
            assertThat(pool.queries()).isEqualTo(5);
            assertThat(pool.transactions()).isEqualTo(2);
            // Two failed statements and the transaction one of them rolled back.
            assertThat(pool.errors()).isEqualTo(3);
            assertThat(pool.summary()).isEqualTo("(total=" + pool.size() + ", active=0, idle=" + pool.idle()
                    + ", waiting=0, max=" + pool.maximum() + ")");
        }
    }
}
