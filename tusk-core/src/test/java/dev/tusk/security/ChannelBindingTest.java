package dev.tusk.security;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.ChannelBinding;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code channel_binding} through {@code Tusk.connect}: SCRAM-SHA-256-PLUS over TLS, and a clear refusal without TLS. */
@WithPostgres
class ChannelBindingTest {

    private static final String PASSWORD = "chan-Bind-Secr3t-!";

    private static TlsPostgres tls;

    @BeforeAll
    static void startServer() {
        tls = TlsPostgres.builder().label("tusk-channel-binding").passwordUser("app", PASSWORD).start();
    }

    @AfterAll
    static void stopServer() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void shouldLogInWithScramOverTlsWhenChannelBindingIsRequired() {
        try (TuskClient client = Tusk.connect(scram("localhost", SslMode.VERIFY_FULL, ChannelBinding.REQUIRE))) {
            assertThat(client.queryValue("SELECT current_user", String.class)).isEqualTo("app");
            assertThat(client.queryValue("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", Boolean.class))
                    .isTrue();
        }
    }

    @Test
    void shouldRefuseRequiredChannelBindingWithoutTlsNamingIt() {
        // The TLS server's plaintext SCRAM rule: the password would be accepted, but there is no channel to bind to.
        TuskConfig config = scram("127.0.0.1", SslMode.DISABLE, ChannelBinding.REQUIRE);
        assertThatThrownBy(() -> connectAndQuery(config))
                .isInstanceOfSatisfying(TuskException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("channel_binding=require")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void shouldRefuseRequiredChannelBindingAgainstAPlainServerUnderPreferAndDisable(PostgresServer plain) {
        for (SslMode mode : new SslMode[] {SslMode.DISABLE, SslMode.PREFER}) {
            TuskConfig config = TuskConfig.builder().host(plain.host()).port(plain.port()).database("postgres")
                    .user(plain.superuser()).password(plain.superuserPassword()).sslMode(mode)
                    .channelBinding(ChannelBinding.REQUIRE).connectTimeout(Duration.ofSeconds(5))
                    .acquireTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> connectAndQuery(config)).as("sslmode=%s", mode.libpqName())
                    .isInstanceOfSatisfying(TuskException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("channel_binding=require");
        }
    }

    @Test
    void shouldLogInWithoutTlsWhenChannelBindingIsOnlyPreferred() {
        try (TuskClient client = Tusk.connect(scram("127.0.0.1", SslMode.DISABLE, ChannelBinding.PREFER))) {
            assertThat(client.queryValue("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", Boolean.class))
                    .isFalse();
        }
    }

    private static TuskConfig scram(String host, SslMode mode, ChannelBinding binding) {
        return TuskConfig.builder().host(host).port(tls.server().port()).database(TlsPostgres.DATABASE).user("app")
                .password(PASSWORD).sslMode(mode).sslRootCert(tls.material().caCertificate()).channelBinding(binding)
                .connectTimeout(Duration.ofSeconds(5)).acquireTimeout(Duration.ofSeconds(5)).build();
    }

    private static void connectAndQuery(TuskConfig config) {
        try (TuskClient client = Tusk.connect(config)) {
            client.queryValue("SELECT 1", Integer.class);
        }
    }
}
