package dev.tusk.batch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchOptionsTest {

    @Test
    void shouldRefuseAConcurrencyBelowOneNamingTheValue() {
        assertThatThrownBy(() -> BatchRunOptions.DEFAULT.withConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concurrency must be at least 1, but was 0");
    }

    @Test
    void shouldRefuseABatchSizeBelowOneNamingTheValue() {
        assertThatThrownBy(() -> BatchRunOptions.DEFAULT.withBatchSize(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be at least 1, but was -3");
    }

    @Test
    void shouldRefuseANegativeTimeoutNamingTheValue() {
        assertThatThrownBy(() -> BatchRunOptions.DEFAULT.withTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must not be negative, but was PT-1S");
        assertThatThrownBy(() -> BatchRunOptions.DEFAULT.withTimeout(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout must be set");
    }

    @Test
    void shouldRefuseAMissingProgressListener() {
        assertThatThrownBy(() -> BatchRunOptions.DEFAULT.withProgress(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("progress must be set");
        assertThatThrownBy(() -> BatchOptions.DEFAULT.withProgress(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("progress must be set");
    }

    @Test
    void shouldRefuseAJdbcBatchSizeBelowOneOrANegativeStatementTimeout() {
        assertThatThrownBy(() -> BatchOptions.DEFAULT.withJdbcBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jdbcBatchSize must be at least 1, but was 0");
        assertThatThrownBy(() -> BatchOptions.DEFAULT.withStatementTimeout(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statementTimeout must not be negative, but was PT-0.005S");
    }

    @Test
    void shouldDefaultToTheDocumentedValues() {
        assertThat(BatchOptions.DEFAULT.transactional()).isTrue();
        assertThat(BatchOptions.DEFAULT.jdbcBatchSize()).isEqualTo(BatchOptions.DEFAULT_JDBC_BATCH_SIZE);
        assertThat(BatchRunOptions.DEFAULT.batchSize()).isEqualTo(1);
        assertThat(BatchRunOptions.DEFAULT.concurrency()).isEqualTo(3);
        assertThat(BatchRunOptions.DEFAULT.timeout()).isZero();
        assertThat(BatchRunOptions.DEFAULT.withConcurrency(8).withBatchSize(50))
                .isEqualTo(new BatchRunOptions(50, 8, Duration.ZERO, BatchRunOptions.DEFAULT.progress()));
    }
}
