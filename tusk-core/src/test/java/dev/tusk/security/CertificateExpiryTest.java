package dev.tusk.security;

import dev.tusk.ConnectionException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.health.HealthReport;
import dev.tusk.health.HealthStatus;
import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server whose certificate has expired, and one whose certificate expires in a few days: verify-full refuses the
 * first with its own message, require connects to it and reports it; both show in the TLS report and degrade health.
 */
class CertificateExpiryTest {

    private static TlsPostgres expired;
    private static TlsPostgres expiringSoon;

    @BeforeAll
    static void startServers() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        expired = TlsPostgres.builder().label("tusk-tls-expired")
                .serverCertificateValidity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(3)).minusSeconds(60))
                .start();
        expiringSoon = TlsPostgres.builder().label("tusk-tls-expiring")
                .serverCertificateValidity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(5)).plusSeconds(3600))
                .start();
    }

    @AfterAll
    static void stopServers() {
        if (expired != null) {
            expired.close();
        }
        if (expiringSoon != null) {
            expiringSoon.close();
        }
    }

    @Test
    void shouldRefuseAnExpiredServerCertificateUnderVerifyFullSayingItExpired() {
        for (SslMode mode : new SslMode[] {SslMode.VERIFY_FULL, SslMode.VERIFY_CA}) {
            assertThatThrownBy(() -> Tusk.connect(config(expired, mode))).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("the server's certificate has expired (sslmode=" + mode.libpqName()
                            + " checks it against sslrootcert " + expired.material().caCertificate() + "); renew it on the server");
        }
    }

    @Test
    void shouldConnectToAnExpiredCertificateUnderRequireAndReportIt() {
        try (TuskClient client = Tusk.connect(config(expired, SslMode.REQUIRE))) {
            String finding = "server certificate expired 3 days ago (" + expired.material().serverNotAfter() + ")";
            assertThat(client.tlsReport().findings()).contains(finding);

            HealthReport health = client.health();
            assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(health.reasons()).containsExactly(finding + ": renew it on the server; under sslmode verify-ca or "
                    + "verify-full new connections are refused once it has expired");
            assertThat(health.tls().findings()).contains(finding);
        }
    }

    @Test
    void shouldReportACertificateThatExpiresSoonAndDegradeHealth() {
        try (TuskClient client = Tusk.connect(config(expiringSoon, SslMode.VERIFY_FULL))) {
            String finding = "server certificate expires in 5 days (" + expiringSoon.material().serverNotAfter() + ")";
            assertThat(client.tlsReport().findings()).containsExactly(finding);

            HealthReport health = client.health();
            assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(health.reasons()).singleElement().asString().startsWith(finding + ": renew it on the server");
            assertThat(health.toJson()).contains("\"status\":\"DEGRADED\"").contains("\"findings\":[\"" + finding + "\"]");
        }
    }

    private static TuskConfig config(TlsPostgres server, SslMode mode) {
        return TuskConfig.builder().host("localhost").port(server.server().port()).database("postgres").user("postgres")
                .sslMode(mode).sslRootCert(server.material().caCertificate()).poolMinSize(1).poolMaxSize(1)
                .connectTimeout(Duration.ofSeconds(5)).acquireTimeout(Duration.ofSeconds(5)).build();
    }
}
