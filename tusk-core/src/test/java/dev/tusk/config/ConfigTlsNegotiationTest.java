package dev.tusk.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code channel_binding} and {@code sslnegotiation} from the builder, URLs and libpq's variables, checked as libpq does. */
class ConfigTlsNegotiationTest {

    @Test
    void shouldDefaultToLibpqsPreferredChannelBindingAndPostgresNegotiation() {
        TuskConfig config = TuskConfig.builder().build();

        assertThat(config.channelBinding()).isEqualTo(ChannelBinding.PREFER);
        assertThat(config.sslNegotiation()).isEqualTo(SslNegotiation.POSTGRES);
    }

    @Test
    void shouldReadChannelBindingFromLibpqsAndPgjdbcsUrlNames() {
        assertThat(TuskConfig.fromUrl("postgresql://h/d?sslmode=require&channel_binding=require").channelBinding())
                .isEqualTo(ChannelBinding.REQUIRE);
        assertThat(TuskConfig.fromUrl("jdbc:postgresql://h/d?channelBinding=disable").channelBinding())
                .isEqualTo(ChannelBinding.DISABLE);
    }

    @Test
    void shouldRefuseAnUnknownChannelBindingNamingTheParameterAndTheChoices() {
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://h/d?channel_binding=always"))
                .hasMessageContaining("channel_binding=always")
                .hasMessageContaining("one of disable, prefer, require");
    }

    @Test
    void shouldReadSslNegotiationFromTheUrlAndFromPgsslnegotiation() {
        assertThat(TuskConfig.fromUrl("postgresql://h/d?sslmode=verify-full&sslnegotiation=direct").sslNegotiation())
                .isEqualTo(SslNegotiation.DIRECT);
        EffectiveConfig effective = ConfigLoader.of(Map.of("PGSSLMODE", "require", "PGSSLNEGOTIATION", "direct",
                "PGCHANNELBINDING", "require")::get, null).load(builder -> { });
        assertThat(effective.config().sslNegotiation()).isEqualTo(SslNegotiation.DIRECT);
        assertThat(effective.config().channelBinding()).isEqualTo(ChannelBinding.REQUIRE);
        assertThat(effective.source("channelBinding").name()).isEqualTo("PGCHANNELBINDING");
    }

    @Test
    void shouldRefuseDirectNegotiationUnderAModeThatMayGoWithoutTlsAsLibpqDoes() {
        for (SslMode mode : new SslMode[] {SslMode.DISABLE, SslMode.ALLOW, SslMode.PREFER}) {
            assertThatThrownBy(() -> TuskConfig.builder().sslMode(mode).sslNegotiation(SslNegotiation.DIRECT).build())
                    .as("sslmode=%s", mode.libpqName())
                    .hasMessageContaining("sslnegotiation=direct requires sslmode require or stronger")
                    .hasMessageContaining(mode.libpqName());
            assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://h/d?sslnegotiation=direct&sslmode="
                    + mode.libpqName()))
                    .hasMessageContaining("sslnegotiation=direct requires sslmode require or stronger");
        }
        assertThat(TuskConfig.builder().sslMode(SslMode.REQUIRE).sslNegotiation(SslNegotiation.DIRECT).build()
                .sslNegotiation()).isEqualTo(SslNegotiation.DIRECT);
    }

    @Test
    void shouldNameTheVariablesWhenTheEnvironmentAsksForDirectNegotiationWithoutRequiredTls() {
        assertThatThrownBy(() -> ConfigLoader.of(Map.of("PGSSLMODE", "prefer", "PGSSLNEGOTIATION", "direct")::get, null)
                .load(builder -> { }))
                .hasMessageContaining("sslnegotiation=direct requires sslmode require or stronger")
                .hasMessageContaining("PGSSLMODE=prefer")
                .hasMessageContaining("PGSSLNEGOTIATION=direct");
    }
}
