package dev.tusk.metrics.internal;

import dev.tusk.metrics.SlowStatement;
import dev.tusk.metrics.StatementStats;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The slow-statement log's ring of recent slow statements: bounded, newest first, values never kept. */
class SlowStatementLogTest {

    private static final long THRESHOLD_NANOS = Duration.ofMillis(100).toNanos();
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private static SlowStatementLog log() {
        return new SlowStatementLog(THRESHOLD_NANOS, new NormalizedSqlCache(), NOPLogger.NOP_LOGGER,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void shouldKeepOnlyTheMostRecentSlowStatementsNewestFirst() {
        SlowStatementLog log = log();

        for (int i = 0; i < StatementStats.RECENT_SLOW + 5; i++) {
            log.statementSucceeded("SELECT " + i + " AS n" + i, null, 1, THRESHOLD_NANOS + 1 + i);
        }

        List<SlowStatement> recent = log.recentSlow();
        assertThat(recent).hasSize(StatementStats.RECENT_SLOW);
        assertThat(recent.getFirst().normalizedSql()).isEqualTo("SELECT ? AS n" + (StatementStats.RECENT_SLOW + 4));
        assertThat(recent.getLast().normalizedSql()).isEqualTo("SELECT ? AS n5");
        assertThat(log.slowStatements()).isEqualTo(StatementStats.RECENT_SLOW + 5);
    }

    @Test
    void shouldKeepAFailureByItsClassAndNeverItsValues() {
        SlowStatementLog log = log();

        log.statementSucceeded("SELECT 1", null, 1, THRESHOLD_NANOS);
        log.statementFailed("UPDATE account SET token = 'hunter2' WHERE id = 7", null,
                new IllegalStateException("token hunter2 refused"), Duration.ofMillis(250).toNanos());

        // At the threshold is not over it: only the failure is kept.
        assertThat(log.recentSlow()).hasSize(1);
        SlowStatement failed = log.recentSlow().getFirst();
        assertThat(failed.normalizedSql()).isEqualTo("UPDATE account SET token = ? WHERE id = ?");
        assertThat(failed.fingerprint()).isEqualTo(SqlNormalizer.normalize(failed.normalizedSql()).fingerprint());
        assertThat(failed.duration()).isEqualTo(Duration.ofMillis(250));
        assertThat(failed.rows()).isEqualTo(-1);
        assertThat(failed.at()).isEqualTo(NOW);
        assertThat(failed.caller()).startsWith(SlowStatementLogTest.class.getName()
                + ".shouldKeepAFailureByItsClassAndNeverItsValues(SlowStatementLogTest.java:");
        assertThat(failed.failure()).isEqualTo("IllegalStateException");
        assertThat(failed.toString()).doesNotContain("hunter2");
    }
}
