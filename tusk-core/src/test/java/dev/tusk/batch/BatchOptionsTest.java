package dev.tusk.batch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchOptionsTest {

    @Test
    void shouldRefuseAConcurrencyBelowOneNamingTheValue() {
        assertThatThrownBy(() -> ItemOptions.DEFAULT.withConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("concurrency must be at least 1, but was 0");
    }

    @Test
    void shouldRefuseAChunkSizeBelowOneNamingTheValue() {
        assertThatThrownBy(() -> ItemOptions.DEFAULT.withChunkSize(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunkSize must be at least 1, but was -3");
    }

    @Test
    void shouldRefuseANegativeTimeoutNamingTheValue() {
        assertThatThrownBy(() -> ItemOptions.DEFAULT.withTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must not be negative, but was PT-1S");
        assertThatThrownBy(() -> ItemOptions.DEFAULT.withTimeout(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout must be set");
    }

    @Test
    void shouldRefuseAMissingProgressListener() {
        assertThatThrownBy(() -> ItemOptions.DEFAULT.withProgress(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("progress must be set");
        assertThatThrownBy(() -> StatementBatchOptions.DEFAULT.withProgress(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("progress must be set");
    }

    @Test
    void shouldRefuseAJdbcBatchSizeBelowOneOrANegativeStatementTimeout() {
        assertThatThrownBy(() -> StatementBatchOptions.DEFAULT.withJdbcBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jdbcBatchSize must be at least 1, but was 0");
        assertThatThrownBy(() -> StatementBatchOptions.DEFAULT.withStatementTimeout(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statementTimeout must not be negative, but was PT-0.005S");
    }

    @Test
    void shouldDefaultToTheDocumentedValues() {
        assertThat(StatementBatchOptions.DEFAULT.transactional()).isTrue();
        assertThat(StatementBatchOptions.DEFAULT.jdbcBatchSize()).isEqualTo(StatementBatchOptions.DEFAULT_JDBC_BATCH_SIZE);
        assertThat(ItemOptions.DEFAULT.chunkSize()).isEqualTo(1);
        assertThat(ItemOptions.DEFAULT.concurrency()).isEqualTo(3);
        assertThat(ItemOptions.DEFAULT.timeout()).isZero();
        assertThat(ItemOptions.DEFAULT.withConcurrency(8).withChunkSize(50))
                .isEqualTo(new ItemOptions(50, 8, Duration.ZERO, ItemOptions.DEFAULT.progress()));
    }
}
