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
    void shouldTurnTheProductionDefaultIntoVerifyCaWhenHostnameChecksAreOffAndSaySo() {
        // Production accepts verify-ca only with the override (ConfigProfileTest); here the override is given.
        EffectiveConfig effective = load(Map.of("TUSK_ENV", "production", "POSTGRES_SSL_CHECK_HOSTNAME", "false",
                "TUSK_ALLOW_UNVERIFIED_TLS", "true"));

        assertThat(effective.config().sslMode()).isEqualTo(SslMode.VERIFY_CA);
        assertThat(effective.source("sslMode").name())
                .isEqualTo("profile production default + POSTGRES_SSL_CHECK_HOSTNAME=false");
        assertThat(effective.warnings()).startsWith("POSTGRES_SSL_CHECK_HOSTNAME=false turns sslMode verify-full (from "
                + "profile production default) into verify-ca: the server's certificate is still checked against the "
                + "CA, its host name is not");
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
    void shouldLeaveModesThatCheckNoHostnameAloneWithoutAWarning() {
        EffectiveConfig require = load(Map.of("DB_SSLMODE", "require", "POSTGRES_SSL_CHECK_HOSTNAME", "false"));
        EffectiveConfig verifyFull = load(Map.of("PGSSLMODE", "verify-full", "POSTGRES_SSL_CHECK_HOSTNAME", "true"));

        assertThat(require.config().sslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(verifyFull.config().sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(require.warnings()).isEmpty();
        assertThat(verifyFull.warnings()).isEmpty();
    }

    @Test
    void shouldSayThatAHostnameCheckUnderAModeThatChecksNothingChecksNothing() {
        for (String mode : new String[] {"disable", "allow", "prefer", "require"}) {
            EffectiveConfig effective = load(Map.of("POSTGRES_SSL_MODE", mode, "POSTGRES_SSL_CHECK_HOSTNAME", "true"));

            assertThat(effective.config().sslMode().libpqName()).isEqualTo(mode);
            assertThat(effective.warnings()).as(mode).containsExactly("POSTGRES_SSL_CHECK_HOSTNAME=true, but sslMode="
                    + mode + " (from POSTGRES_SSL_MODE) checks nothing: neither the certificate nor the host name; set "
                    + "sslmode to verify-full to check the host name");
        }
    }

    @Test
    void shouldSayThatAHostnameCheckUnderVerifyCaChecksOnlyTheCertificate() {
        EffectiveConfig effective = load(Map.of("DATABASE_URL", "postgresql://h/d?sslmode=verify-ca",
                "POSTGRES_SSL_CHECK_HOSTNAME", "true"));

        assertThat(effective.warnings()).containsExactly("POSTGRES_SSL_CHECK_HOSTNAME=true, but sslMode=verify-ca "
                + "(from DATABASE_URL) checks the certificate, not the host name; set sslmode to verify-full to check "
                + "the host name");
    }

    @Test
    void shouldKeepVerifyFullChosenOnTheBuilder() {
        EffectiveConfig effective = load(Map.of("POSTGRES_SSL_CHECK_HOSTNAME", "false"),
                builder -> builder.sslMode(SslMode.VERIFY_FULL));

        assertThat(effective.config().sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(effective.source("sslMode").name()).isEqualTo("builder");
        assertThat(effective.warnings()).containsExactly("POSTGRES_SSL_CHECK_HOSTNAME=false is ignored: sslMode "
                + "verify-full was set on the builder, and a mode set in code is kept");
    }

    @Test
    void shouldLetTheUrlSslmodeBeatPostgresSslEnabled() {
        EffectiveConfig effective = load(Map.of("DATABASE_URL", "postgresql://h/d?sslmode=disable",
                "POSTGRES_SSL_ENABLED", "true"));

        assertThat(effective.config().sslMode()).isEqualTo(SslMode.DISABLE);
        assertThat(effective.source("sslMode").describe()).isEqualTo("DATABASE_URL (also set by POSTGRES_SSL_ENABLED)");
    }
}
