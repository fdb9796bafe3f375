package dev.tusk.security;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.TuskConfigBuilder;
import dev.tusk.health.HealthReport;
import dev.tusk.health.HealthStatus;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code client.tlsReport()} against a TLS server and a plain one. */
@WithPostgres
class TlsReportTest {

    private static final String APP_PASSWORD = "app-Report-Secr3t-!";

    private static TlsPostgres tls;

    @BeforeAll
    static void startServer() {
        tls = TlsPostgres.builder().label("tusk-tls-report").passwordUser("app", APP_PASSWORD)
                .certificateUser("certuser").start();
    }

    @AfterAll
    static void stopServer() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void shouldReportProtocolCipherAndTheServerCertificateUnderVerifyFull() throws Exception {
        X509Certificate serverCertificate = serverCertificate();
        try (TuskClient client = Tusk.connect(config("app", APP_PASSWORD, SslMode.VERIFY_FULL).build())) {
            TlsReport report = client.tlsReport();

            assertThat(report.tls()).isTrue();
            assertThat(report.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
            assertThat(report.protocol()).isIn("TLSv1.2", "TLSv1.3");
            assertThat(report.cipher()).isNotBlank();
            assertThat(report.bits()).isGreaterThanOrEqualTo(128);
            assertThat(report.serverCertificateSubject()).isEqualTo("CN=localhost");
            assertThat(report.serverCertificateNotAfter()).isEqualTo(serverCertificate.getNotAfter().toInstant());
            assertThat(report.clientCertificateSubject()).isNull();
            assertThat(report.findings()).isEmpty();
            assertThat(report.toString()).doesNotContain(APP_PASSWORD);
        }
    }

    @Test
    void shouldAdviseVerifyFullUnderRequire() {
        try (TuskClient client = Tusk.connect(config("app", APP_PASSWORD, SslMode.REQUIRE).build())) {
            TlsReport report = client.tlsReport();

            assertThat(report.tls()).isTrue();
            assertThat(report.findings()).containsExactly("sslmode=require does not verify the server: use verify-full");
        }
    }

    @Test
    void shouldReportTheClientCertificateThatWasSent() {
        TuskConfig config = config("certuser", null, SslMode.VERIFY_FULL)
                .sslCert(tls.material().clientCertificate()).sslKey(tls.material().clientKeyPem()).build();
        try (TuskClient client = Tusk.connect(config)) {
            assertThat(client.tlsReport().clientCertificateSubject()).isEqualTo("CN=certuser");
        }
    }

    @Test
    void shouldReportTlsOffAgainstAPlainServer(PostgresServer plain) {
        TuskConfig config = TuskConfig.builder().host(plain.host()).port(plain.port()).database("postgres")
                .user(plain.superuser()).password(plain.superuserPassword()).sslMode(SslMode.PREFER).build();
        try (TuskClient client = Tusk.connect(config)) {
            TlsReport report = client.tlsReport();

            assertThat(report.tls()).isFalse();
            assertThat(report.protocol()).isNull();
            assertThat(report.cipher()).isNull();
            assertThat(report.bits()).isZero();
            assertThat(report.serverCertificateSubject()).isNull();
            // The harness listens on loopback only, where plaintext crosses no network: nothing to report.
            assertThat(report.findings()).isEmpty();
        }
    }

    @Test
    void shouldCarryTheTlsSummaryInHealthAndItsJson() throws Exception {
        try (TuskClient client = Tusk.connect(config("app", APP_PASSWORD, SslMode.REQUIRE).build())) {
            HealthReport health = client.health();

            assertThat(health.status()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(health.tls().tls()).isTrue();
            assertThat(health.tls().protocol()).isIn("TLSv1.2", "TLSv1.3");
            assertThat(health.tls().serverCertificateNotAfter())
                    .isEqualTo(serverCertificate().getNotAfter().toInstant());
            // Advice about the sslmode is in the summary, but a configuration choice does not make the client unwell.
            assertThat(health.tls().findings()).containsExactly("sslmode=require does not verify the server: use verify-full");
            assertThat(health.reasons()).isEmpty();
            assertThat(health.toJson()).contains("\"tls\":{\"on\":true,\"sslMode\":\"require\",\"protocol\":\"TLSv1.")
                    .contains("\"serverCertificateSubject\":\"CN=localhost\"")
                    .contains("\"findings\":[\"sslmode=require does not verify the server: use verify-full\"]},\"audit\":{")
                    .doesNotContain(APP_PASSWORD);
        }
    }

    @Test
    void shouldReportTlsOffInHealthAgainstAPlainServer(PostgresServer plain) {
        TuskConfig config = TuskConfig.builder().host(plain.host()).port(plain.port()).database("postgres")
                .user(plain.superuser()).password(plain.superuserPassword()).sslMode(SslMode.PREFER).build();
        try (TuskClient client = Tusk.connect(config)) {
            HealthReport health = client.health();

            assertThat(health.status()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(health.tls().tls()).isFalse();
            assertThat(health.tls().protocol()).isNull();
            assertThat(health.tls().serverCertificateNotAfter()).isNull();
            assertThat(health.toJson()).contains("\"tls\":{\"on\":false,\"sslMode\":\"prefer\",\"protocol\":null,"
                    + "\"cipher\":null,\"bits\":0,");
        }
    }

    private static X509Certificate serverCertificate() throws Exception {
        try (var in = Files.newInputStream(tls.material().serverCertificate())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static TuskConfigBuilder config(String user, String password, SslMode mode) {
        return TuskConfig.builder().host("localhost").port(tls.server().port()).database(TlsPostgres.DATABASE)
                .user(user).password(password).sslMode(mode).sslRootCert(tls.material().caCertificate())
                .connectTimeout(Duration.ofSeconds(5)).acquireTimeout(Duration.ofSeconds(5));
    }
}
