package dev.tusk.security;

import dev.tusk.config.SslMode;
import dev.tusk.security.internal.TlsFindings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The advice in a TLS report, judged at a fixed instant. */
class TlsFindingsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant FAR = NOW.plus(Duration.ofDays(300));

    @Test
    void shouldFindNothingUnderVerifyFullWithALongLivedCertificate() {
        assertThat(TlsFindings.of(SslMode.VERIFY_FULL, "db.example.com", true, "TLSv1.3", FAR, NOW)).isEmpty();
    }

    @Test
    void shouldAdviseVerifyFullForEveryModeThatDoesNotVerifyTheServer() {
        for (SslMode mode : new SslMode[] {SslMode.ALLOW, SslMode.PREFER, SslMode.REQUIRE}) {
            assertThat(TlsFindings.of(mode, "db.example.com", true, "TLSv1.3", FAR, NOW))
                    .containsExactly("sslmode=" + mode.libpqName() + " does not verify the server: use verify-full");
        }
        assertThat(TlsFindings.of(SslMode.VERIFY_CA, "db.example.com", true, "TLSv1.3", FAR, NOW))
                .containsExactly("sslmode=verify-ca does not check the server's host name: use verify-full");
    }

    @Test
    void shouldWarnOfACertificateExpiringWithinThirtyDaysOrExpired() {
        Instant inNineDays = NOW.plus(Duration.ofDays(9)).plusSeconds(60);
        assertThat(TlsFindings.of(SslMode.VERIFY_FULL, "db.example.com", true, "TLSv1.3", inNineDays, NOW))
                .containsExactly("server certificate expires in 9 days (" + inNineDays + ")");
        assertThat(TlsFindings.of(SslMode.VERIFY_FULL, "db.example.com", true, "TLSv1.3",
                NOW.plus(Duration.ofDays(31)), NOW)).isEmpty();
        Instant twoDaysAgo = NOW.minus(Duration.ofDays(2));
        assertThat(TlsFindings.of(SslMode.VERIFY_FULL, "db.example.com", true, "TLSv1.3", twoDaysAgo, NOW))
                .containsExactly("server certificate expired 2 days ago (" + twoDaysAgo + ")");
    }

    @Test
    void shouldReportTlsOffOnlyForAHostBeyondLoopback() {
        assertThat(TlsFindings.of(SslMode.PREFER, "db.example.com", false, null, null, NOW))
                .containsExactly("TLS is off: traffic to db.example.com crosses the network in plaintext; use sslmode=verify-full");
        for (String host : new String[] {"localhost", "127.0.0.1", "::1"}) {
            assertThat(TlsFindings.of(SslMode.DISABLE, host, false, null, null, NOW)).as(host).isEmpty();
        }
    }

    @Test
    void shouldReportAProtocolOlderThanTls12() {
        assertThat(TlsFindings.of(SslMode.VERIFY_FULL, "db.example.com", true, "TLSv1.1", FAR, NOW))
                .containsExactly("TLS protocol TLSv1.1 is older than TLS 1.2: raise ssl_min_protocol_version on the server");
    }
}
