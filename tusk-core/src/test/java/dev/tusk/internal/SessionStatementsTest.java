package dev.tusk.internal;

import dev.tusk.SessionRequiredException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionStatementsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "LISTEN jobs | LISTEN",
            "  /* a comment first, /* nested */ */ listen jobs | LISTEN",
            "SET search_path = app | SET without LOCAL",
            "set session statement_timeout = 0 | SET without LOCAL",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY | SET without LOCAL",
            "SET ROLE reporting | SET without LOCAL",
            "RESET ALL | RESET",
            "PREPARE q (int) AS SELECT $1 | PREPARE",
            "DECLARE c CURSOR WITH HOLD FOR SELECT 1 | DECLARE ... WITH HOLD",
            "CREATE TEMP TABLE t (id int) | CREATE TEMP TABLE without ON COMMIT DROP",
            "CREATE TEMPORARY TABLE t (id int) ON COMMIT DELETE ROWS | CREATE TEMP TABLE without ON COMMIT DROP",
            "create global temporary table t (id int) on commit preserve rows | CREATE TEMP TABLE without ON COMMIT DROP",
            "CREATE OR REPLACE TEMP VIEW v AS SELECT 1 | CREATE TEMP VIEW",
            "SELECT pg_advisory_lock(42) | session advisory lock (pg_advisory_lock)",
            "select pg_catalog.PG_TRY_ADVISORY_LOCK(1, 2) | session advisory lock (pg_try_advisory_lock)",
            "SELECT pg_advisory_unlock_all() | session advisory lock (pg_advisory_unlock_all)",
            "SELECT \"pg_advisory_lock_shared\" (7) | session advisory lock (pg_advisory_lock_shared)",
            "WITH l AS (SELECT pg_advisory_unlock(1)) SELECT * FROM l | session advisory lock (pg_advisory_unlock)",
    })
    void shouldNameStatementsWhoseEffectOutlivesTheTransaction(String sql, String kind) {
        assertThat(SessionStatements.find(sql)).isNotNull()
                .satisfies(found -> assertThat(found.kind()).isEqualTo(kind));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SET LOCAL search_path = app",
            "set local statement_timeout = '5s'",
            "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
            "SET CONSTRAINTS ALL DEFERRED",
            "PREPARE TRANSACTION 'pay-42'",
            "DECLARE c CURSOR FOR SELECT 1",
            "DECLARE c NO SCROLL CURSOR WITHOUT HOLD FOR SELECT 'WITH HOLD'",
            "CREATE TEMP TABLE staging (id int) ON COMMIT DROP",
            "CREATE TABLE settings (name text)",
            "SELECT pg_advisory_xact_lock(1)",
            "SELECT pg_try_advisory_xact_lock_shared(1)",
            "SELECT 'pg_advisory_lock(1)'",
            "SELECT 1 -- pg_advisory_lock(1)",
            "SELECT $$ SELECT pg_advisory_lock(1) $$",
            "/* SET search_path = x */ SELECT 1",
            "INSERT INTO commands (verb) VALUES ('LISTEN'), ('SET')",
            "SELECT pg_advisory_lock_holder FROM locks",
            "UNLISTEN *",
            "NOTIFY jobs, 'payload'",
            "",
            "   ",
    })
    void shouldLetTransactionScopedStatementsAndLookalikesThrough(String sql) {
        assertThat(SessionStatements.find(sql)).isNull();
    }

    @Test
    void shouldReadOnlyTheLeadingKeywordPastCommentsAndParentheses() {
        assertThat(SessionStatements.leadingKeyword(" /* x */ ((select 1))")).isEqualTo("SELECT");
        assertThat(SessionStatements.leadingKeyword("-- only a comment")).isNull();
        assertThat(SessionStatements.leadingKeyword("/* unclosed")).isNull();
        assertThat(SessionStatements.find("-- a line comment first\nLISTEN jobs")).isNotNull();
    }

    @Test
    void shouldRefuseBehindPgBouncerWithTheKindTheReasonAndTheWayOut() {
        assertThatThrownBy(() -> ServerSession.PER_TRANSACTION.requireTransactionScoped("SET search_path = app"))
                .isInstanceOfSatisfying(SessionRequiredException.class, e -> {
                    assertThat(e.statementKind()).isEqualTo("SET without LOCAL");
                    assertThat(e.sqlState()).isEqualTo("0A000");
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.mayHaveReachedServer()).isFalse();
                })
                .hasMessageStartingWith("SET without LOCAL needs a server session of its own")
                .hasMessageContaining("pgbouncer=true")
                .hasMessageContaining("Refused before anything was sent")
                .hasMessageContaining("use SET LOCAL")
                .hasMessageContaining("a direct URL to the server (or through PgBouncer in session pooling mode)")
                .hasMessageEndingWith("While running: SET search_path = app");
        assertThatThrownBy(() -> ServerSession.PER_TRANSACTION.requireTransactionScoped("SELECT pg_advisory_lock(1)"))
                .isInstanceOf(SessionRequiredException.class)
                .hasMessageContaining("use pg_advisory_xact_lock");
    }

    @Test
    void shouldLetEverythingThroughOnADedicatedSession() {
        assertThatCode(() -> ServerSession.DEDICATED.requireTransactionScoped("LISTEN jobs")).doesNotThrowAnyException();
        assertThatCode(() -> ServerSession.DEDICATED.requireTransactionScoped("SELECT pg_advisory_lock(1)"))
                .doesNotThrowAnyException();
        assertThatCode(() -> ServerSession.PER_TRANSACTION.requireTransactionScoped("SELECT pg_advisory_xact_lock(1)"))
                .doesNotThrowAnyException();
        assertThat(ServerSession.of(true)).isEqualTo(ServerSession.PER_TRANSACTION);
        assertThat(ServerSession.of(false).isDedicated()).isTrue();
    }
}
