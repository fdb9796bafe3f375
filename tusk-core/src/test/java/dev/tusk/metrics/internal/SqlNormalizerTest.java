package dev.tusk.metrics.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlNormalizerTest {

    private static String normalized(String sql) {
        return SqlNormalizer.normalize(sql).sql();
    }

    private static String operation(String sql) {
        return SqlNormalizer.normalize(sql).operation();
    }

    @Test
    void shouldReplaceEveryKindOfLiteralWithAPlaceholder() {
        assertThat(normalized("SELECT * FROM account WHERE owner = 'O''Brien' AND id = 42 AND balance > -1.5e3"))
                .isEqualTo("SELECT * FROM account WHERE owner = ? AND id = ? AND balance > -?");
        assertThat(normalized("SELECT E'it\\'s secret', $body$ with 'quotes' $body$, $$x$$, B'101', X'ff', U&'d\\0061t'"))
                .isEqualTo("SELECT ?, ?, ?, ?, ?, ?");
        assertThat(normalized("SELECT 0x1F, 1_000, .5, 3.")).isEqualTo("SELECT ?, ?, ?, ?");
    }

    @Test
    void shouldKeepIdentifiersCastsAndPlaceholders() {
        assertThat(normalized("SELECT t1.col$2, \"Odd \"\" name 7\" FROM t1 WHERE a = ?::int8 AND b = $12"))
                .isEqualTo("SELECT t1.col$2, \"Odd \"\" name 7\" FROM t1 WHERE a = ?::int8 AND b = ?");
    }

    @Test
    void shouldDropCommentsAndCollapseWhitespace() {
        assertThat(normalized("  SELECT /* secret 'x' /* nested */ still */ a\n\t-- trailing 'y'\n  FROM   t  "))
                .isEqualTo("SELECT a FROM t");
    }

    @Test
    void shouldCollapseInListsAndExtraValuesRows() {
        assertThat(normalized("SELECT * FROM t WHERE id IN (1, 2, 3) AND k in ('a')"))
                .isEqualTo("SELECT * FROM t WHERE id IN (...) AND k in (...)");
        assertThat(normalized("SELECT * FROM t WHERE id IN (SELECT id FROM u)"))
                .isEqualTo("SELECT * FROM t WHERE id IN (SELECT id FROM u)");
        assertThat(normalized("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, now()) RETURNING a"))
                .isEqualTo("INSERT INTO t (a, b) VALUES (?, ?), ... RETURNING a");
        assertThat(normalized("INSERT INTO t (a) VALUES (?)")).isEqualTo("INSERT INTO t (a) VALUES (?)");
    }

    @Test
    void shouldGiveStatementsThatDifferOnlyInLiteralsOneFingerprint() {
        NormalizedSql one = SqlNormalizer.normalize("SELECT * FROM t WHERE id = 1 AND name = 'ann'");
        NormalizedSql two = SqlNormalizer.normalize("SELECT *  FROM t\nWHERE id = 2 AND name = 'bob' -- by name");
        assertThat(one.fingerprint()).isEqualTo(two.fingerprint()).matches("[0-9a-f]{16}");
        assertThat(SqlNormalizer.normalize("SELECT * FROM u WHERE id = 1").fingerprint()).isNotEqualTo(one.fingerprint());
        // Stable across runs and JVMs: a hash of the text, not an identity.
        assertThat(SqlNormalizer.fingerprint("SELECT ?")).isEqualTo(SqlNormalizer.fingerprint("SELECT ?"));
    }

    @Test
    void shouldDetectTheOperation() {
        assertThat(operation("select 1")).isEqualTo("SELECT");
        assertThat(operation("(SELECT 1) UNION (SELECT 2)")).isEqualTo("SELECT");
        assertThat(operation("INSERT INTO t VALUES (1)")).isEqualTo("INSERT");
        assertThat(operation("WITH gone AS (DELETE FROM t RETURNING *) INSERT INTO archive SELECT * FROM gone"))
                .isEqualTo("INSERT");
        assertThat(operation("WITH x AS (SELECT 1) SELECT * FROM x")).isEqualTo("SELECT");
        assertThat(operation("merge into t using s on t.id = s.id when matched then do nothing")).isEqualTo("MERGE");
        assertThat(operation("COPY t FROM STDIN")).isEqualTo("COPY");
        assertThat(operation("CALL refresh()")).isEqualTo("CALL");
        assertThat(operation("/* hint */ UPDATE t SET a = 1")).isEqualTo("UPDATE");
        assertThat(operation("frobnicate")).isEqualTo("OTHER");
        assertThat(operation("")).isEqualTo("OTHER");
    }

    @Test
    void shouldNeverFailOnUnterminatedInput() {
        assertThat(normalized("SELECT 'unterminated")).isEqualTo("SELECT ?");
        assertThat(normalized("SELECT $tag$ open")).isEqualTo("SELECT ?");
        assertThat(normalized("SELECT /* open")).isEqualTo("SELECT");
        assertThat(normalized("SELECT \"open")).isEqualTo("SELECT \"open");
        assertThat(normalized("SELECT * FROM t WHERE id IN (1, 2")).isEqualTo("SELECT * FROM t WHERE id IN (?, ?");
    }

    @Test
    void shouldCacheNormalisationsAndStayBounded() {
        NormalizedSqlCache cache = new NormalizedSqlCache();
        String sql = "SELECT 1";
        assertThat(cache.normalize(sql)).isSameAs(cache.normalize(sql));
        for (int i = 0; i < NormalizedSqlCache.CAPACITY * 3; i++) {
            cache.normalize("SELECT " + i);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(NormalizedSqlCache.CAPACITY);
        cache.normalize("SELECT 'x'" + " ".repeat(NormalizedSqlCache.LONGEST_CACHED));
        assertThat(cache.normalize("SELECT 'y'" + " ".repeat(NormalizedSqlCache.LONGEST_CACHED)).sql()).isEqualTo("SELECT ?");
    }
}
