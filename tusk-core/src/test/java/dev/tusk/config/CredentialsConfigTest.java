package dev.tusk.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code credentials} and {@code sslPassword} settings as a config holds, shows and checks them. */
class CredentialsConfigTest {

    private static final CredentialsProvider PROVIDER = () -> Credentials.password("tok-Abc-123");

    @Test
    void shouldLetProductionReachARemoteHostWithAProviderInsteadOfAPassword() {
        TuskConfigBuilder remote = TuskConfig.builder().profile(Profile.PRODUCTION).host("db.example.com")
                .sslMode(SslMode.VERIFY_FULL);
        assertThatThrownBy(remote::build).hasMessageStartingWith("password is not set for host db.example.com");

        TuskConfig config = remote.credentials(PROVIDER).build();
        assertThat(config.credentials()).isSameAs(PROVIDER);
        assertThat(config.securityWarnings()).isEmpty();
        assertThat(config.toBuilder().build().credentials()).isSameAs(PROVIDER);
    }

    @Test
    void shouldShowThatCodeLogsInWithoutShowingTheProviderOrAnyPassword() {
        EffectiveConfig effective = ConfigLoader.of(Map.of("POSTGRES_HOST", "db.example.com", "TUSK_ENV", "production",
                "POSTGRES_SSL_KEY_PASSWORD", "keypw-Zz1", "POSTGRES_SSL_CERT", "/c.crt", "POSTGRES_SSL_KEY", "/c.key")::get,
                null).load(builder -> builder.credentials(PROVIDER));

        assertThat(effective.render()).containsPattern("credentials +a CredentialsProvider \\(set in code\\) +builder")
                .containsPattern("sslPassword +\\*\\*\\* +POSTGRES_SSL_KEY_PASSWORD").doesNotContain("keypw-Zz1");
        assertThat(effective.config().toString()).contains("credentials=provider").doesNotContain("keypw-Zz1");
    }

    @Test
    void shouldHideTheKeyPasswordInUrlErrorsAndKeepCredentialsOutOfToString() {
        assertThat(TuskConfig.fromUrl("postgresql://u@h/d?sslcert=/c.crt&sslkey=/c.key&sslpassword=kp-Q9").sslPassword())
                .isEqualTo("kp-Q9");
        assertThat(Credentials.password("tok-Abc-123").toString()).isEqualTo("Credentials[user=(the config's), password=***]");
        assertThat(Credentials.of("svc", null).toString()).isEqualTo("Credentials[user=svc, password=none]");
        assertThatThrownBy(() -> new Credentials(" ", "x")).hasMessageContaining("blank");
    }
}
