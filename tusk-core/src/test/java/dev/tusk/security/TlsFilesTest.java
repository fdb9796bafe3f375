package dev.tusk.security;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.ConfigException;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.TuskConfigBuilder;
import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A missing or unusable sslrootcert, sslcert or sslkey is named with its setting when the client starts. */
class TlsFilesTest {

    private static TlsPostgres tls;

    @BeforeAll
    static void startServer() {
        tls = TlsPostgres.builder().label("tusk-tls-files").certificateUser("certuser").start();
    }

    @AfterAll
    static void stopServer() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void shouldNameAMissingClientKeyWithItsSettingAndPathBeforeConnecting(@TempDir Path directory) {
        Path missing = directory.resolve("no-such-key.pem");
        TuskConfig config = certificateLogin().sslKey(missing).build();

        assertThatThrownBy(() -> Tusk.connect(config)).isInstanceOf(ConfigException.class)
                .hasMessage("sslKey (sslkey) " + missing + " does not exist");
    }

    @Test
    void shouldNameEveryUnusableFileAtOnce(@TempDir Path directory) {
        Path missingCa = directory.resolve("ca.pem");
        Path missingCertificate = Path.of("relative", "client.crt");
        TuskConfig config = certificateLogin().sslRootCert(missingCa).sslCert(missingCertificate).build();

        assertThatThrownBy(() -> Tusk.connect(config)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).containsExactly(
                        "sslRootCert (sslrootcert) " + missingCa + " does not exist",
                        "sslCert (sslcert) " + missingCertificate + " does not exist (a relative path, resolved against "
                                + Path.of("").toAbsolutePath() + ")"));
    }

    @Test
    void shouldRefuseADirectoryWhereAFileBelongs(@TempDir Path directory) {
        TuskConfig config = certificateLogin().sslRootCert(directory).build();

        assertThatThrownBy(() -> Tusk.connect(config)).isInstanceOf(ConfigException.class)
                .hasMessage("sslRootCert (sslrootcert) " + directory + " is not a file");
    }

    @Test
    void shouldConnectWhenEveryFileIsThereAndIgnoreFilesUnderDisable(@TempDir Path directory) {
        try (TuskClient client = Tusk.connect(certificateLogin().build())) {
            assertThat(client.queryValue("SELECT current_user", String.class)).isEqualTo("certuser");
        }
        // Under disable the files are never used, so a stale path must not stop a plaintext client from starting.
        TuskConfig disabled = certificateLogin().sslMode(SslMode.DISABLE).sslRootCert(directory.resolve("gone.pem"))
                .connectTimeout(Duration.ofSeconds(2)).acquireTimeout(Duration.ofSeconds(1)).build();
        // It gets as far as the server, which turns a plaintext login as certuser down.
        assertThatThrownBy(() -> Tusk.connect(disabled)).isInstanceOf(TuskException.class)
                .hasMessageNotContaining("gone.pem");
    }

    private static TuskConfigBuilder certificateLogin() {
        return TuskConfig.builder().host("localhost").port(tls.server().port()).database(TlsPostgres.DATABASE)
                .user("certuser").sslMode(SslMode.VERIFY_FULL).sslRootCert(tls.material().caCertificate())
                .sslCert(tls.material().clientCertificate()).sslKey(tls.material().clientKeyPem())
                .connectTimeout(Duration.ofSeconds(5)).acquireTimeout(Duration.ofSeconds(5));
    }
}
