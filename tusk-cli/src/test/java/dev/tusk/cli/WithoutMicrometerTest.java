package dev.tusk.cli;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Micrometer is an optional dependency of tusk-core, so the CLI (like any application that does not add it) runs
 * without it: this module's test classpath is such an application's.
 */
@WithPostgres
class WithoutMicrometerTest {

    @Test
    void shouldRunAClientWithMetricsEnabledWhenMicrometerIsAbsent(TestDatabase database) {
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().metricsEnabled(true).build();
        try (TuskClient client = Tusk.connect(config)) {
            assertThat(client.queryValue("SELECT 41 + 1", Integer.class)).isEqualTo(42);
            assertThat(client.statementStats().statements()).extracting(stat -> stat.normalizedSql())
                    .contains("SELECT ? + ?");
            assertThat(client.poolStats().queries()).isPositive();
            assertThat(client.health().status()).isNotNull();
        }
    }
}
