package dev.tusk.cli;

import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.tusk.cli.CliHarness.tusk;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code tusk check} shows the TLS report of the configured server. */
class CheckTlsTest {

    private static final String APP_PASSWORD = "app-Cli-Secr3t-!";

    private static TlsPostgres tls;

    @TempDir
    Path home;

    @BeforeAll
    static void startServer() {
        tls = TlsPostgres.builder().label("tusk-cli-tls").passwordUser("app", APP_PASSWORD).start();
    }

    @AfterAll
    static void stopServer() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void shouldPrintProtocolCertificateAndAdviceUnderRequire() {
        CliHarness.Result result = tusk(environment("require"), "check");

        assertThat(result.status()).as(result.printed()).isZero();
        assertThat(result.out())
                .containsPattern("TLS: +TLSv1\\.[23], \\S+, \\d+ bits \\(sslmode=require\\); server certificate "
                        + "CN=localhost, valid until \\S+; client certificate none sent")
                .contains("  - sslmode=require does not verify the server: use verify-full");
        assertThat(result.printed()).doesNotContain(APP_PASSWORD);
    }

    @Test
    void shouldPrintNoAdviceUnderVerifyFull() {
        CliHarness.Result result = tusk(environment("verify-full"), "check");

        assertThat(result.status()).as(result.printed()).isZero();
        assertThat(result.out()).containsPattern("TLS: +TLSv1\\.[23], .*\\(sslmode=verify-full\\)")
                .doesNotContain("does not verify the server");
    }

    private Map<String, String> environment(String sslMode) {
        return Map.of("DATABASE_URL", "postgresql://app:" + APP_PASSWORD + "@localhost:" + tls.server().port() + "/"
                + TlsPostgres.DATABASE + "?sslmode=" + sslMode + "&sslrootcert=" + tls.material().caCertificate(),
                "HOME", home.toString());
    }
}
