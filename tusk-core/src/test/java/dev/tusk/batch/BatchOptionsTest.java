package dev.tusk.batch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchOptionsTest {

    @Test
    void shouldRefuseAMissingProgressListener() {
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
    }
}
