package dev.tusk.pool;

import dev.tusk.config.TuskConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings the pool refuses before it opens anything, so these tests need no server. */
class PoolSettingsTest {

    private static final String URL = "postgresql://app@127.0.0.1:1/app";

    @Test
    void shouldRefuseExhaustionThresholdOfZeroNamingTheSetting() {
        assertThatThrownBy(() -> TuskConfig.fromUrl(URL).toBuilder().exhaustionThresholdPercent(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exhaustionThresholdPercent must be above 0 and at most 100, but was 0.0");
    }

    @Test
    void shouldRefuseKeepaliveHikariWouldDisable() {
        TuskConfig config = TuskConfig.fromUrl(URL).toBuilder().keepaliveInterval(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> TuskPool.open(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keepaliveInterval must be zero (never) or at least 30s, as HikariCP requires, but was PT5S");
    }

    @Test
    void shouldRefuseKeepaliveNotShorterThanMaxLifetime() {
        TuskConfig config = TuskConfig.fromUrl(URL).toBuilder().maxLifetime(Duration.ofSeconds(60))
                .keepaliveInterval(Duration.ofSeconds(60)).idleTimeout(Duration.ofSeconds(30)).build();

        assertThatThrownBy(() -> TuskPool.open(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keepaliveInterval (PT1M) must be shorter than maxLifetime (PT1M)");
    }

    @Test
    void shouldRefuseIdleTimeoutHikariWouldRaise() {
        TuskConfig config = TuskConfig.fromUrl(URL).toBuilder().idleTimeout(Duration.ofSeconds(3)).build();

        assertThatThrownBy(() -> TuskPool.open(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idleTimeout must be zero (never) or at least 10s")
                .hasMessageContaining("PT3S");
    }

    @Test
    void shouldRefuseNullHooks() {
        TuskConfig config = TuskConfig.fromUrl(URL);

        assertThatThrownBy(() -> TuskPool.open(config, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("hooks must not be null");
    }
}
