package dev.tusk.opentelemetry.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The statement summary names operations and first tables, and never anything from inside a literal. */
class SqlSummaryOpenTelemetryTest {

    @Test
    void shouldNameTheOperationAndFirstTableOfCommonStatements() {
        assertThat(SqlSummary.of("select id from orders where id = $1")).isEqualTo(new SqlSummary("SELECT", "orders", false));
        assertThat(SqlSummary.of("INSERT INTO shop.orders (id) VALUES (?)")).isEqualTo(new SqlSummary("INSERT", "shop.orders", false));
        assertThat(SqlSummary.of("UPDATE ONLY \"Orders\" SET n = 1")).isEqualTo(new SqlSummary("UPDATE", "\"Orders\"", false));
        assertThat(SqlSummary.of("DELETE FROM orders WHERE id = 1 RETURNING id")).isEqualTo(new SqlSummary("DELETE", "orders", true));
        assertThat(SqlSummary.of("  -- who\n/* why */ SELECT 1")).isEqualTo(new SqlSummary("SELECT", null, false));
        assertThat(SqlSummary.of("COPY orders (id) FROM STDIN")).isEqualTo(new SqlSummary("COPY", "orders", false));
        assertThat(SqlSummary.of("TRUNCATE TABLE orders")).isEqualTo(new SqlSummary("TRUNCATE", "orders", false));
        assertThat(SqlSummary.of("CREATE TABLE t (id int)")).isEqualTo(new SqlSummary("CREATE", null, false));
    }

    @Test
    void shouldFindTheMainOperationOfACommonTableExpression() {
        assertThat(SqlSummary.of("WITH recent AS (SELECT * FROM events) DELETE FROM archive USING recent"))
                .isEqualTo(new SqlSummary("DELETE", "archive", false));
        assertThat(SqlSummary.of("WITH RECURSIVE r(n) AS (VALUES (1) UNION SELECT n + 1 FROM r) SELECT n FROM r"))
                .isEqualTo(new SqlSummary("SELECT", "r", false));
    }

    @Test
    void shouldNotTakeAFunctionSubqueryOrNestedFromForATable() {
        assertThat(SqlSummary.of("SELECT * FROM generate_series(1, 3)").collection()).isNull();
        assertThat(SqlSummary.of("SELECT * FROM (SELECT 1) AS s").collection()).isNull();
        assertThat(SqlSummary.of("SELECT extract(year FROM now())").collection()).isNull();
        assertThat(SqlSummary.of("SELECT (SELECT max(id) FROM a) FROM b").collection()).isEqualTo("b");
    }

    @Test
    void shouldIgnoreWhatLiteralsAndQuotedBodiesSay() {
        assertThat(SqlSummary.of("SELECT 'x FROM secrets' , E'\\' FROM leaked' FROM real_table"))
                .isEqualTo(new SqlSummary("SELECT", "real_table", false));
        assertThat(SqlSummary.of("SELECT $tag$ FROM secrets $tag$ FROM t2").collection()).isEqualTo("t2");
        assertThat(SqlSummary.of("SELECT 'it''s' FROM t3").collection()).isEqualTo("t3");
    }

    @Test
    void shouldReportNoOperationForUnknownOrEmptyText() {
        assertThat(SqlSummary.of("SELEC 1")).isEqualTo(SqlSummary.UNKNOWN);
        assertThat(SqlSummary.of("")).isEqualTo(SqlSummary.UNKNOWN);
        assertThat(SqlSummary.of("'unterminated")).isEqualTo(SqlSummary.UNKNOWN);
        assertThat(SqlSummary.of("WITH x AS (SELECT 1")).isEqualTo(SqlSummary.UNKNOWN);
    }

    @Test
    void shouldReadNoFurtherThanTheBound() {
        String longSelect = "SELECT " + "1 + ".repeat(SqlSummary.MAX_SCANNED) + "1 FROM far_away";
        assertThat(SqlSummary.of(longSelect)).isEqualTo(new SqlSummary("SELECT", null, false));
    }
}
