package dev.tusk.security;

import dev.tusk.AuthenticationException;
import dev.tusk.ConnectionException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.TuskConfigBuilder;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.testing.tls.TlsMaterial;
import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every sslmode through {@code Tusk.connect}, against a TLS server and a plain one, behaves as libpq's does. */
@WithPostgres
class TlsConnectTest {

    private static final String APP_PASSWORD = "app-Tls-Secr3t-!";
    private static final String PLAIN_PASSWORD = "plain-Tls-Secr3t-!";

    private static TlsPostgres tls;

    @BeforeAll
    static void startServer() {
        tls = TlsPostgres.builder()
                .label("tusk-tls-connect")
                .passwordUser("app", APP_PASSWORD)
                .passwordUser("plain", PLAIN_PASSWORD)
                .certificateUser("certuser")
                .tlsOnlyUser("app")
                .start();
    }

    @AfterAll
    static void stopServer() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void shouldConnectWithTlsInEveryModeThatAsksForIt() {
        for (SslMode mode : new SslMode[] {SslMode.PREFER, SslMode.REQUIRE, SslMode.VERIFY_CA, SslMode.VERIFY_FULL}) {
            try (TuskClient client = Tusk.connect(login("localhost", "app", APP_PASSWORD, mode, b -> { }))) {
                assertThat(sslInUse(client)).as("sslmode=%s", mode.libpqName()).isTrue();
                assertThat(client.queryValue("SELECT current_user", String.class)).isEqualTo("app");
            }
        }
    }

    @Test
    void shouldConnectWithoutTlsUnderDisableAndAllowWhenTheServerAcceptsIt() {
        for (SslMode mode : new SslMode[] {SslMode.DISABLE, SslMode.ALLOW}) {
            try (TuskClient client = Tusk.connect(login("127.0.0.1", "plain", PLAIN_PASSWORD, mode, b -> { }))) {
                assertThat(sslInUse(client)).as("sslmode=%s", mode.libpqName()).isFalse();
            }
        }
    }

    @Test
    void shouldFallBackToTlsUnderAllowWhenTheServerRefusesPlaintext() {
        // libpq's allow: try without TLS first, and with TLS when the server turns the plaintext attempt down.
        try (TuskClient client = Tusk.connect(login("localhost", "app", APP_PASSWORD, SslMode.ALLOW, b -> { }))) {
            assertThat(sslInUse(client)).isTrue();
        }
    }

    @Test
    void shouldRefuseATlsOnlyUserUnderDisableNamingTheMissingEncryption() {
        assertThatThrownBy(() -> connectAndQuery(login("127.0.0.1", "app", APP_PASSWORD, SslMode.DISABLE, b -> { })))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("no encryption")
                .hasMessageContaining("sslmode=disable")
                .hasMessageNotContaining(APP_PASSWORD);
    }

    @Test
    void shouldRefuseModesThatRequireTlsAgainstAPlainServerNamingTheReason(PostgresServer plain) {
        for (SslMode mode : new SslMode[] {SslMode.REQUIRE, SslMode.VERIFY_CA, SslMode.VERIFY_FULL}) {
            TuskConfig config = TuskConfig.builder().host(plain.host()).port(plain.port()).database("postgres")
                    .user(plain.superuser()).password(plain.superuserPassword()).sslMode(mode)
                    .sslRootCert(tls.material().caCertificate()).connectTimeout(Duration.ofSeconds(5))
                    .acquireTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> connectAndQuery(config)).as("sslmode=%s", mode.libpqName())
                    .isInstanceOfSatisfying(ConnectionException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("the server offers no TLS")
                    .hasMessageContaining("sslmode=" + mode.libpqName());
        }
    }

    @Test
    void shouldConnectWithoutTlsToAPlainServerUnderPrefer(PostgresServer plain) {
        TuskConfig config = TuskConfig.builder().host(plain.host()).port(plain.port()).database("postgres")
                .user(plain.superuser()).password(plain.superuserPassword()).sslMode(SslMode.PREFER).build();
        try (TuskClient client = Tusk.connect(config)) {
            assertThat(sslInUse(client)).isFalse();
        }
    }

    @Test
    void shouldRefuseAServerSignedByAnUnknownCaUnderVerifyCaAndVerifyFull(@TempDir Path otherDirectory) {
        TlsMaterial other = TlsMaterial.generate(otherDirectory, "certuser");
        for (SslMode mode : new SslMode[] {SslMode.VERIFY_CA, SslMode.VERIFY_FULL}) {
            TuskConfig config = login("localhost", "app", APP_PASSWORD, mode, b -> b.sslRootCert(other.caCertificate()));
            assertThatThrownBy(() -> connectAndQuery(config)).as("sslmode=%s", mode.libpqName())
                    .isInstanceOfSatisfying(ConnectionException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("the server's certificate is not signed by a trusted CA")
                    .hasMessageContaining(other.caCertificate().toString());
        }
    }

    @Test
    void shouldAcceptAnUnknownCaUnderRequireWhichChecksNothing(@TempDir Path otherDirectory) {
        TlsMaterial other = TlsMaterial.generate(otherDirectory, "certuser");
        TuskConfig config = login("localhost", "app", APP_PASSWORD, SslMode.REQUIRE,
                b -> b.sslRootCert(other.caCertificate()));
        try (TuskClient client = Tusk.connect(config)) {
            assertThat(sslInUse(client)).isTrue();
        }
    }

    @Test
    void shouldRefuseAHostNameTheCertificateDoesNotNameUnderVerifyFullOnly() {
        // The certificate names localhost and 127.0.0.1. "127.1" is the same address in the short form Java's resolver
        // accepts, so the connection reaches the server, but it is neither name in the certificate.
        String alias = "127.1";
        assertThatThrownBy(() -> connectAndQuery(login(alias, "app", APP_PASSWORD, SslMode.VERIFY_FULL, b -> { })))
                .isInstanceOfSatisfying(ConnectionException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("host name " + alias + " does not match the server's certificate");
        try (TuskClient client = Tusk.connect(login(alias, "app", APP_PASSWORD, SslMode.VERIFY_CA, b -> { }))) {
            assertThat(sslInUse(client)).isTrue();
        }
    }

    @Test
    void shouldLogInWithAClientCertificateAndPemPkcs8Key() {
        assertCertificateLogin(tls.material().clientKeyPem());
    }

    @Test
    void shouldLogInWithAClientCertificateAndDerPkcs8Key() {
        assertCertificateLogin(tls.material().clientKeyPk8());
    }

    private static void assertCertificateLogin(Path key) {
        TuskConfig config = login("localhost", "certuser", null, SslMode.VERIFY_FULL,
                b -> b.sslCert(tls.material().clientCertificate()).sslKey(key));
        try (TuskClient client = Tusk.connect(config)) {
            assertThat(client.queryValue("SELECT current_user", String.class)).isEqualTo("certuser");
            assertThat(client.queryValue("SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()", String.class))
                    .isEqualTo("/CN=certuser");
        }
    }

    static TuskConfig login(String host, String user, String password, SslMode mode, Consumer<TuskConfigBuilder> more) {
        TuskConfigBuilder builder = TuskConfig.builder().host(host).port(tls.server().port())
                .database(TlsPostgres.DATABASE).user(user).password(password).sslMode(mode)
                .sslRootCert(tls.material().caCertificate()).connectTimeout(Duration.ofSeconds(5))
                .acquireTimeout(Duration.ofSeconds(5));
        more.accept(builder);
        return builder.build();
    }

    private static boolean sslInUse(TuskClient client) {
        return client.queryValue("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", Boolean.class);
    }

    private static void connectAndQuery(TuskConfig config) {
        try (TuskClient client = Tusk.connect(config)) {
            client.queryValue("SELECT 1", Integer.class);
        } catch (TuskException e) {
            assertThat(e.getMessage()).doesNotContain(APP_PASSWORD).doesNotContain(PLAIN_PASSWORD);
            throw e;
        }
    }
}
