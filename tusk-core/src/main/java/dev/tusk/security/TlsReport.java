package dev.tusk.security;

import dev.tusk.config.SslMode;

import java.time.Instant;
import java.util.List;

/**
 * What TLS a client's connections use, read from one pooled connection and from {@code pg_stat_ssl}, with findings
 * that say what is weaker than it should be. Holds certificate subjects and dates only, never a key or a password.
 *
 * @param sslMode                    the sslmode the client was configured with
 * @param tls                        whether the connection is encrypted
 * @param protocol                   the TLS protocol, such as {@code TLSv1.3}, or null without TLS
 * @param cipher                     the cipher suite, or null without TLS
 * @param bits                       the cipher's key length in bits, or 0 without TLS
 * @param clientCertificateSubject   the subject of the certificate the client sent, or null when it sent none
 * @param serverCertificateSubject   the subject of the server's certificate, or null when it could not be read
 * @param serverCertificateNotAfter  when the server's certificate expires, or null when it could not be read
 * @param findings                   what is weaker than it should be, one sentence each; empty when nothing is
 */
public record TlsReport(SslMode sslMode, boolean tls, String protocol, String cipher, int bits,
                        String clientCertificateSubject, String serverCertificateSubject,
                        Instant serverCertificateNotAfter, List<String> findings) {

    /** A report whose findings list cannot be changed afterwards. */
    public TlsReport {
        findings = List.copyOf(findings);
    }
}
