package dev.tusk.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** TLS and the password by profile: production refuses, staging warns, development permits; no server needed. */
class ConfigProfileTest {

    private static final String REMOTE = "db.example";

    private static TuskConfigBuilder remote(Profile profile) {
        return TuskConfig.builder().profile(profile).host(REMOTE).password("s3cret-pw");
    }

    private static ConfigException loadFailure(Map<String, String> environment) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.of(environment::get, null).load());
    }

    private static EffectiveConfig load(Map<String, String> environment) {
        return ConfigLoader.of(environment::get, null).load();
    }

    @ParameterizedTest
    @EnumSource(value = SslMode.class, names = {"DISABLE", "ALLOW", "PREFER", "REQUIRE", "VERIFY_CA"})
    void shouldRefuseEveryModeBelowVerifyFullInProduction(SslMode mode) {
        assertThatThrownBy(() -> remote(Profile.PRODUCTION).sslMode(mode).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sslMode " + mode.libpqName() + " is refused under profile production: ")
                .hasMessageContaining("set sslMode to verify-full")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void shouldAcceptVerifyFullInProductionWithoutWarnings() {
        TuskConfig config = remote(Profile.PRODUCTION).build();

        assertThat(config.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(config.securityWarnings()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = SslMode.class, names = {"REQUIRE", "VERIFY_CA"})
    void shouldAcceptUnverifiedTlsInProductionOnlyWithTheOverrideAndWarnOnce(SslMode mode) {
        TuskConfig config = remote(Profile.PRODUCTION).sslMode(mode).allowUnverifiedTls(true).build();

        assertThat(config.sslMode()).isEqualTo(mode);
        assertThat(config.securityWarnings()).singleElement().asString()
                .startsWith("allowUnverifiedTls=true accepts sslMode=" + mode.libpqName() + " under profile production")
                .contains("use verify-full and remove the override");
    }

    @ParameterizedTest
    @EnumSource(value = SslMode.class, names = {"DISABLE", "ALLOW", "PREFER"})
    void shouldNotLetTheOverrideAcceptAModeThatMayGoWithoutTls(SslMode mode) {
        assertThatThrownBy(() -> remote(Profile.PRODUCTION).sslMode(mode).allowUnverifiedTls(true).build())
                .hasMessageContaining("sslMode " + mode.libpqName() + " is refused under profile production")
                .hasMessageContaining("allowUnverifiedTls accepts require and verify-ca, never a mode that may go without TLS");
    }

    @ParameterizedTest
    @ValueSource(strings = {REMOTE, "10.0.0.5", "2001:db8::1", "localhost.example.com", "127.example"})
    void shouldRefuseAnEmptyPasswordForARemoteHostInProduction(String host) {
        for (String password : new String[] {null, ""}) {
            assertThatThrownBy(() -> TuskConfig.builder().profile(Profile.PRODUCTION).host(host).password(password).build())
                    .as(host + " with password " + password)
                    .hasMessage("password is not set for host " + host + " under profile production: a server that is "
                            + "not local (localhost, 127.0.0.0/8, ::1 or a Unix socket directory) needs a password or "
                            + "a client certificate (sslCert and sslKey)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1",
            "/var/run/postgresql"})
    void shouldAcceptNoPasswordForALocalHostInProduction(String host) {
        TuskConfig config = TuskConfig.builder().profile(Profile.PRODUCTION).host(host).build();

        assertThat(config.password()).isNull();
        assertThat(ProfileRules.isLocal(host)).isTrue();
    }

    @Test
    void shouldAcceptAClientCertificateInsteadOfAPasswordInProduction() {
        TuskConfig config = TuskConfig.builder().profile(Profile.PRODUCTION).host(REMOTE)
                .sslCert(Path.of("client.crt")).sslKey(Path.of("client.pk8")).build();

        assertThat(config.password()).isNull();
        assertThat(config.securityWarnings()).isEmpty();
    }

    @Test
    void shouldRefuseAUrlThatWeakensProduction() {
        assertThatThrownBy(() -> TuskConfig.builder().profile(Profile.PRODUCTION)
                .url("postgresql://app:s3cret-pw@db.example/app?sslmode=require").build())
                .hasMessageStartingWith("sslMode require is refused under profile production")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void shouldNotTakeTheOverrideFromAUrl() {
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://db.example/app?allowUnverifiedTls=true"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("allowUnverifiedTls");
    }

    @Test
    void shouldWarnInStagingNamingTheSettingWithoutRefusing() {
        TuskConfig config = TuskConfig.builder().profile(Profile.STAGING).host(REMOTE).sslMode(SslMode.REQUIRE).build();

        assertThat(config.securityWarnings()).containsExactly(
                "sslMode=require under profile staging: it does not verify the server's certificate; production "
                        + "refuses it, use verify-full",
                "password is not set for host db.example under profile staging: production refuses a server that is "
                        + "not local (localhost, 127.0.0.0/8, ::1 or a Unix socket directory) without a password or a "
                        + "client certificate");
    }

    @Test
    void shouldNotWarnInStagingWhenItMeetsProductionsRules() {
        assertThat(remote(Profile.STAGING).sslMode(SslMode.VERIFY_FULL).build().securityWarnings()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(SslMode.class)
    void shouldPermitEveryModeInDevelopmentWithoutWarnings(SslMode mode) {
        TuskConfig config = TuskConfig.builder().host(REMOTE).sslMode(mode).build();

        assertThat(config.profile()).isEqualTo(Profile.DEVELOPMENT);
        assertThat(config.securityWarnings()).isEmpty();
    }

    @Test
    void shouldRefuseProductionWithTlsSwitchedOffNamingTheVariablesAndTheFix() {
        ConfigException failure = loadFailure(Map.of("TUSK_ENV", "production", "POSTGRES_SSL_ENABLED", "false",
                "POSTGRES_HOST", REMOTE, "POSTGRES_PASSWORD", "s3cret-pw"));

        assertThat(failure.problems()).containsExactly("sslMode=disable (from POSTGRES_SSL_ENABLED) is refused under "
                + "TUSK_ENV=production: it never uses TLS, so the password and every row cross the network in clear; "
                + "production needs verify-full: remove POSTGRES_SSL_ENABLED=false, or set POSTGRES_SSL_MODE=verify-full "
                + "with POSTGRES_SSL_ENABLED=true (TUSK_ALLOW_UNVERIFIED_TLS accepts require and verify-ca, never a "
                + "mode that may go without TLS)");
        assertThat(failure.getMessage()).doesNotContain("s3cret-pw");
    }

    @Test
    void shouldNameTheUrlAndTheOverrideWhenProductionGetsRequire() {
        ConfigException failure = loadFailure(Map.of("APP_ENV", "prod",
                "DATABASE_URL", "postgresql://app:s3cret-pw@db.example/app?sslmode=require"));

        assertThat(failure.problems()).containsExactly("sslMode=require (from DATABASE_URL) is refused under "
                + "APP_ENV=production: it does not verify the server's certificate; production needs verify-full: set "
                + "sslmode=verify-full in DATABASE_URL, or accept require explicitly with TUSK_ALLOW_UNVERIFIED_TLS=true "
                + "(logged at every start)");
        assertThat(failure.getMessage()).doesNotContain("s3cret-pw");
    }

    @Test
    void shouldLoadRequireInProductionWithTheOverrideAndListItsWarning() {
        EffectiveConfig effective = load(Map.of("TUSK_ENV", "production", "TUSK_ALLOW_UNVERIFIED_TLS", "true",
                "DATABASE_URL", "postgresql://app:s3cret-pw@db.example/app?sslmode=require"));

        assertThat(effective.config().sslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(effective.config().allowUnverifiedTls()).isTrue();
        assertThat(effective.source("allowUnverifiedTls").name()).isEqualTo("TUSK_ALLOW_UNVERIFIED_TLS");
        assertThat(effective.warnings()).containsExactlyElementsOf(effective.config().securityWarnings()).hasSize(1);
    }

    @Test
    void shouldRefuseTurningOffHostnameChecksInProductionWithoutTheOverride() {
        Map<String, String> environment = new HashMap<>(Map.of("TUSK_ENV", "production",
                "POSTGRES_SSL_CHECK_HOSTNAME", "false", "POSTGRES_HOST", REMOTE, "POSTGRES_PASSWORD", "s3cret-pw"));

        assertThat(loadFailure(environment).problems()).singleElement().asString().startsWith(
                "sslMode=verify-ca (from profile production default + POSTGRES_SSL_CHECK_HOSTNAME=false) is refused "
                        + "under TUSK_ENV=production: it does not verify that the server's certificate names its host; "
                        + "production needs verify-full: remove POSTGRES_SSL_CHECK_HOSTNAME=false, or accept verify-ca "
                        + "explicitly with TUSK_ALLOW_UNVERIFIED_TLS=true");
        environment.put("TUSK_ALLOW_UNVERIFIED_TLS", "yes");
        assertThat(load(environment).config().sslMode()).isEqualTo(SslMode.VERIFY_CA);
    }

    @Test
    void shouldRefuseAnEmptyPasswordForARemoteHostNamingItsSource() {
        ConfigException failure = loadFailure(Map.of("TUSK_ENV", "production", "POSTGRES_HOST", REMOTE));

        assertThat(failure.problems()).containsExactly("an empty password for host=db.example (from POSTGRES_HOST) is "
                + "refused under TUSK_ENV=production: the host is not local (localhost, 127.0.0.0/8, ::1 or a Unix "
                + "socket directory); set POSTGRES_PASSWORD (or PGPASSWORD, the URL's password, ~/.pgpass), or log in "
                + "with a client certificate (POSTGRES_SSL_CERT and POSTGRES_SSL_KEY)");
    }

    @Test
    void shouldListStagingWarningsWhenLoadingFromTheEnvironment() {
        EffectiveConfig effective = load(Map.of("TUSK_ENV", "staging", "POSTGRES_SSL_ENABLED", "false",
                "POSTGRES_HOST", REMOTE, "POSTGRES_PASSWORD", "s3cret-pw"));

        assertThat(effective.config().sslMode()).isEqualTo(SslMode.DISABLE);
        assertThat(effective.warnings()).containsExactly("sslMode=disable under profile staging: it never uses TLS, "
                + "so the password and every row cross the network in clear; production refuses it, use verify-full");
    }

    @Test
    void shouldRefuseAnOverrideThatIsNotASwitch() {
        assertThat(loadFailure(Map.of("TUSK_ALLOW_UNVERIFIED_TLS", "maybe")).problems())
                .containsExactly("TUSK_ALLOW_UNVERIFIED_TLS=maybe: expected true or false");
    }
}
