package dev.tusk.bench.failover;

import dev.tusk.testing.patroni.PatroniCluster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaderDiscoveryOptionsTest {

    @Test
    void shouldDefaultToTenRoundsWithHarnessTimings() {
        assertThat(LeaderDiscoveryBenchmark.Options.parse(new String[0])).isEqualTo(new LeaderDiscoveryBenchmark.Options(10,
                PatroniCluster.DEFAULT_TTL_SECONDS, PatroniCluster.DEFAULT_LOOP_WAIT_SECONDS,
                PatroniCluster.DEFAULT_RETRY_TIMEOUT_SECONDS, false));
        assertThat(LeaderDiscoveryBenchmark.Options.parse(
                new String[] {"--rounds", "3", "--synchronous", "--ttl", "8", "--retry-timeout", "3"}))
                .isEqualTo(new LeaderDiscoveryBenchmark.Options(3, 8, 1, 3, true));
    }

    @Test
    void shouldRefuseBadFlagsNamingThem() {
        assertThatThrownBy(() -> LeaderDiscoveryBenchmark.Options.parse(new String[] {"--round", "3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown or incomplete argument --round");
        assertThatThrownBy(() -> LeaderDiscoveryBenchmark.Options.parse(new String[] {"--ttl"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--ttl");
        assertThatThrownBy(() -> LeaderDiscoveryBenchmark.Options.parse(new String[] {"--rounds", "many"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds needs a whole number, but was 'many'");
        assertThatThrownBy(() -> LeaderDiscoveryBenchmark.Options.parse(new String[] {"--rounds", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds must be at least 1, but was 0");
        assertThatThrownBy(() -> LeaderDiscoveryBenchmark.Options.parse(new String[] {"--retry-timeout", "1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryTimeout must be at least 2 seconds");
    }
}
