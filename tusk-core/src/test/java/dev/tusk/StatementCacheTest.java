package dev.tusk;

import dev.tusk.config.TuskConfig;
import dev.tusk.query.StatementCacheStats;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class StatementCacheTest {

    @Test
    void shouldReportTheHitRateOfTheStatementCache(TestDatabase database) {
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().poolMinSize(1).poolMaxSize(1).build();
        try (TuskClient client = Tusk.connect(config)) {
            for (int i = 0; i < 10; i++) {
                client.queryValue("SELECT ?::int + 1", Integer.class, i);
            }
            client.queryValue("SELECT 2", Integer.class);
            StatementCacheStats stats = client.statementCacheStats();
            assertThat(stats.hits()).isEqualTo(9);
            assertThat(stats.misses()).isEqualTo(2);
            assertThat(stats.hitRatePercent()).isCloseTo(81.8, org.assertj.core.data.Offset.offset(0.1));
        }
    }

    @Test
    void shouldCountEveryLookupAsAMissWhenTheCacheIsOff(TestDatabase database) {
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().preparedStatementCacheSize(0).build();
        try (TuskClient client = Tusk.connect(config)) {
            client.queryValue("SELECT 1", Integer.class);
            client.queryValue("SELECT 1", Integer.class);
            assertThat(client.statementCacheStats()).isEqualTo(new StatementCacheStats(0, 2));
            assertThat(new StatementCacheStats(0, 0).hitRatePercent()).isZero();
        }
    }
}
