package dev.tusk.security;

import dev.tusk.ConnectionException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.SslMode;
import dev.tusk.config.SslNegotiation;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code sslnegotiation=direct}: TLS from the first byte, which PostgreSQL 17 accepts and 16 does not understand. */
class DirectTlsTest {

    private static final String PASSWORD = "direct-Tls-Secr3t-!";

    @Test
    void shouldConnectWithDirectTlsToPostgres17() {
        try (TlsPostgres tls = TlsPostgres.builder().version(17).label("tusk-direct-17").passwordUser("app", PASSWORD)
                .start();
             TuskClient client = Tusk.connect(direct(tls, SslMode.VERIFY_FULL))) {
            assertThat(tls.server().version()).isEqualTo(17);
            assertThat(client.queryValue("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", Boolean.class))
                    .isTrue();
            assertThat(client.queryValue("SELECT current_user", String.class)).isEqualTo("app");
        }
    }

    @Test
    void shouldFailAgainstPostgres16WhichOnlyUnderstandsTheSslRequest() {
        // The proof that direct really skips the SSLRequest: a server before 17 reads the TLS ClientHello as a
        // malformed startup packet and hangs up, while the same config with postgres negotiation connects.
        try (TlsPostgres tls = TlsPostgres.builder().version(16).label("tusk-direct-16").passwordUser("app", PASSWORD)
                .start()) {
            assertThatThrownBy(() -> {
                try (TuskClient client = Tusk.connect(direct(tls, SslMode.REQUIRE))) {
                    client.queryValue("SELECT 1", Integer.class);
                }
            }).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("sslnegotiation=direct needs PostgreSQL 17 or later")
                    .hasMessageNotContaining(PASSWORD);
            TuskConfig negotiated = direct(tls, SslMode.REQUIRE).toBuilder().sslNegotiation(SslNegotiation.POSTGRES)
                    .build();
            try (TuskClient client = Tusk.connect(negotiated)) {
                assertThat(client.queryValue("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", Boolean.class))
                        .isTrue();
            }
        }
    }

    private static TuskConfig direct(TlsPostgres tls, SslMode mode) {
        return TuskConfig.builder().host("localhost").port(tls.server().port()).database(TlsPostgres.DATABASE)
                .user("app").password(PASSWORD).sslMode(mode).sslRootCert(tls.material().caCertificate())
                .sslNegotiation(SslNegotiation.DIRECT).connectTimeout(Duration.ofSeconds(5))
                .acquireTimeout(Duration.ofSeconds(5)).build();
    }
}
