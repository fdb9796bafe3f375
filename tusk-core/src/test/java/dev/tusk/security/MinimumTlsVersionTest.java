package dev.tusk.security;

import dev.tusk.ConnectionException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tusk's connections never negotiate below TLS 1.2: a server that speaks at most TLS 1.1 is refused with a message
 * that says so, also from a JVM that allows TLS 1.1, where PgJDBC's own factory does connect with TLS 1.1; servers
 * that speak TLS 1.2 or 1.3 connect.
 */
class MinimumTlsVersionTest {

    private static TlsPostgres tls11;
    private static TlsPostgres tls12;

    @BeforeAll
    static void startServers() {
        // OpenSSL 3 allows TLS 1.0 and 1.1 only at security level 0.
        tls11 = TlsPostgres.builder().label("tusk-tls11").serverSetting("ssl_min_protocol_version", "'TLSv1.1'")
                .serverSetting("ssl_max_protocol_version", "'TLSv1.1'")
                .serverSetting("ssl_ciphers", "'DEFAULT:@SECLEVEL=0'").start();
        tls12 = TlsPostgres.builder().label("tusk-tls12").serverSetting("ssl_max_protocol_version", "'TLSv1.2'").start();
    }

    @AfterAll
    static void stopServers() {
        if (tls11 != null) {
            tls11.close();
        }
        if (tls12 != null) {
            tls12.close();
        }
    }

    @Test
    void shouldRefuseAServerThatSpeaksOnlyTls11NamingTheVersions() {
        assertThatThrownBy(() -> Tusk.connect(config(tls11, SslMode.REQUIRE))).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("the server offers no TLS version Tusk accepts (sslmode=require): Tusk speaks only "
                        + "TLSv1.3 and TLSv1.2, and the server refused both")
                .hasMessageContaining("set ssl_min_protocol_version to TLSv1.2");
    }

    @Test
    void shouldRefuseTls11EvenWhereTheJvmAllowsIt(@TempDir Path directory) throws Exception {
        Path security = directory.resolve("allow-tls11.security");
        // The JDK's list without TLSv1.1 and the SHA-1 handshake bans, which TLS 1.1 needs.
        Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, DTLSv1.0, RC4, DES, MD5withRSA, "
                + "DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL, ECDH\n", StandardCharsets.US_ASCII);

        assertThat(probe(security, "pgjdbc")).isEqualTo("CONNECTED TLSv1.1");
        assertThat(probe(security, "tusk")).startsWith("REFUSED ")
                .contains("the server offers no TLS version Tusk accepts (sslmode=require)");
    }

    @Test
    void shouldConnectWithTls12AndTls13() {
        try (TuskClient client = Tusk.connect(config(tls12, SslMode.VERIFY_FULL))) {
            assertThat(client.tlsReport().protocol()).isEqualTo("TLSv1.2");
        }
        // The TLS 1.1 server's neighbour with no maximum: the harness's default server negotiates TLS 1.3.
        try (TlsPostgres modern = TlsPostgres.builder().label("tusk-tls13").start();
             TuskClient client = Tusk.connect(config(modern, SslMode.VERIFY_FULL))) {
            assertThat(client.tlsReport().protocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void shouldKeepOnlyTls12AndNewerOfWhatTheJvmEnables() throws Exception {
        assertThat(dev.tusk.config.internal.TuskSslFactoryAccess.allowedOf("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"))
                .containsExactly("TLSv1.3", "TLSv1.2");
        assertThatThrownBy(() -> dev.tusk.config.internal.TuskSslFactoryAccess.allowedOf("TLSv1.1", "TLSv1"))
                .hasMessage("this JVM enables only [TLSv1.1, TLSv1] for TLS, and Tusk needs TLS 1.2 or later: allow "
                        + "TLSv1.2 or TLSv1.3 (jdk.tls.client.protocols, jdk.tls.disabledAlgorithms)");
    }

    private static TuskConfig config(TlsPostgres server, SslMode mode) {
        return TuskConfig.builder().host("localhost").port(server.server().port()).database("postgres").user("postgres")
                .sslMode(mode).sslRootCert(server.material().caCertificate()).poolMinSize(1).poolMaxSize(1)
                .connectTimeout(Duration.ofSeconds(5)).acquireTimeout(Duration.ofSeconds(5)).build();
    }

    private static String probe(Path security, String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Djava.security.properties=" + security,
                "-Djdk.tls.client.protocols=TLSv1.3,TLSv1.2,TLSv1.1", "-cp", dev.tusk.TestClasspath.full(),
                OldTlsProbe.class.getName(), mode, String.valueOf(tls11.server().port())))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output.lines().filter(line -> line.startsWith("CONNECTED") || line.startsWith("REFUSED")).findFirst()
                .orElse("no answer: " + output);
    }
}
