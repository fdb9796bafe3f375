package dev.tusk.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigTlsTest {

    private static EffectiveConfig load(Map<String, String> environment) {
        return load(environment, builder -> { });
    }

    private static EffectiveConfig load(Map<String, String> environment, Consumer<TuskConfigBuilder> explicit) {
        return ConfigLoader.of(environment::get, null).load(explicit);
    }

    @Test
    void shouldDisableTlsWhenPostgresSslEnabledIsFalse() {
        EffectiveConfig effective = load(Map.of("TUSK_ENV", "staging", "POSTGRES_SSL_ENABLED", "false"));

        assertThat(effective.config().sslMode()).isEqualTo(SslMode.DISABLE);
        assertThat(effective.source("sslMode").name()).isEqualTo("POSTGRES_SSL_ENABLED");
    }

    @Test
    void shouldRequireTlsWhenEnabledAloneWithoutWeakeningTheProfile() {
        assertThat(load(Map.of("POSTGRES_SSL_ENABLED", "true")).config().sslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(load(Map.of("POSTGRES_SSL_ENABLED", "true", "TUSK_ENV", "prod")).config().sslMode())
                .isEqualTo(SslMode.VERIFY_FULL);
    }

    @Test
    void shouldTakeTheModeAsGivenWhenEnabled() {
        EffectiveConfig effective = load(Map.of("POSTGRES_SSL_ENABLED", "yes", "POSTGRES_SSL_MODE", "verify-ca"));

        assertThat(effective.config().sslMode()).isEqualTo(SslMode.VERIFY_CA);
        assertThat(effective.source("sslMode").name()).isEqualTo("POSTGRES_SSL_MODE");
    }

    @Test
    void shouldTurnTheProductionDefaultIntoVerifyCaWhenHostnameChecksAreOff() {
        // Production accepts verify-ca only with the override (ConfigProfileTest); here the override is given.
        EffectiveConfig effective = load(Map.of("TUSK_ENV", "production", "POSTGRES_SSL_CHECK_HOSTNAME", "false",
                "TUSK_ALLOW_UNVERIFIED_TLS", "true"));

        assertThat(effective.config().sslMode()).isEqualTo(SslMode.VERIFY_CA);
        assertThat(effective.source("sslMode").name())
                .isEqualTo("profile production default + POSTGRES_SSL_CHECK_HOSTNAME=false");
    }

    @Test
    void shouldTurnVerifyFullFromAnyVariableIntoVerifyCaWhenHostnameChecksAreOff() {
        EffectiveConfig effective = load(Map.of("DATABASE_URL", "postgresql://h/d?sslmode=verify-full",
                "DB_SSLMODE", "require", "POSTGRES_SSL_CHECK_HOSTNAME", "false"));

        assertThat(effective.config().sslMode()).isEqualTo(SslMode.VERIFY_CA);
        assertThat(effective.source("sslMode").describe())
                .isEqualTo("DATABASE_URL + POSTGRES_SSL_CHECK_HOSTNAME=false (also set by DB_SSLMODE)");
    }

    @Test
    void shouldLeaveModesThatCheckNoHostnameAlone() {
        assertThat(load(Map.of("DB_SSLMODE", "require", "POSTGRES_SSL_CHECK_HOSTNAME", "false")).config().sslMode())
                .isEqualTo(SslMode.REQUIRE);
        assertThat(load(Map.of("PGSSLMODE", "verify-full", "POSTGRES_SSL_CHECK_HOSTNAME", "true")).config().sslMode())
                .isEqualTo(SslMode.VERIFY_FULL);
    }

    @Test
    void shouldKeepVerifyFullChosenOnTheBuilder() {
        EffectiveConfig effective = load(Map.of("POSTGRES_SSL_CHECK_HOSTNAME", "false"),
                builder -> builder.sslMode(SslMode.VERIFY_FULL));

        assertThat(effective.config().sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(effective.source("sslMode").name()).isEqualTo("builder");
    }

    @Test
    void shouldLetTheUrlSslmodeBeatPostgresSslEnabled() {
        EffectiveConfig effective = load(Map.of("DATABASE_URL", "postgresql://h/d?sslmode=disable",
                "POSTGRES_SSL_ENABLED", "true"));

        assertThat(effective.config().sslMode()).isEqualTo(SslMode.DISABLE);
        assertThat(effective.source("sslMode").describe()).isEqualTo("DATABASE_URL (also set by POSTGRES_SSL_ENABLED)");
    }
}
