package dev.tusk.pool.internal;

import dev.tusk.config.ChannelBinding;
import dev.tusk.config.SslMode;
import dev.tusk.config.SslNegotiation;
import dev.tusk.config.internal.ClientKeys;
import dev.tusk.config.internal.TuskSslFactory;
import org.postgresql.util.PSQLException;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Why TLS refused a connection, in the words libpq users know: the server offers no TLS, its certificate comes from an
 * unknown CA or has expired, or the host name is not in it. PgJDBC reports all of these as a bare "SSL error" with a
 * JSSE stack, or as its own English sentence, so they are recognised here by the cause chain and the sslmode in use.
 */
final class TlsRefusal {

    /** The SQLSTATE given to every TLS refusal: a connection rejected before login, which trying again cannot fix. */
    static final String SQL_STATE = "08004";

    private TlsRefusal() {
    }

    /** The TLS settings a connection was opened with, for messages: paths only, never a key's content. */
    record Tls(SslMode mode, Path rootCert, Path key, ChannelBinding channelBinding, SslNegotiation negotiation) {
        String trustAnchor() {
            return rootCert == null ? "the JVM's trust store (no sslrootcert given)" : "sslrootcert " + rootCert;
        }
    }

    /** The reason {@code failure} was a TLS refusal under {@code tls} when connecting to {@code host}, or null if it was not one. */
    static String reason(SQLException failure, String host, Tls tls) {
        String mode = "sslmode=" + tls.mode().libpqName();
        String bindingReason = channelBindingReason(failure, tls);
        if (bindingReason != null) {
            return bindingReason;
        }
        ClientKeys.UnusableFile unusableKey = find(failure, ClientKeys.UnusableFile.class);
        if (unusableKey != null) {
            // Checked at start too; here when the file changed since, as a renewed key without its new password.
            return "sslKey (sslkey) " + tls.key() + " " + unusableKey.getMessage() + " (" + mode + ")";
        }
        if (find(failure, CertificateExpiredException.class) != null) {
            return "the server's certificate has expired (" + mode + " checks it against " + tls.trustAnchor()
                    + "); renew it on the server";
        }
        if (find(failure, CertificateNotYetValidException.class) != null) {
            return "the server's certificate is not valid yet (" + mode + "); check the clocks of client and server";
        }
        if (find(failure, CertPathBuilderException.class) != null || find(failure, CertPathValidatorException.class) != null) {
            return "the server's certificate is not signed by a trusted CA: " + mode + " trusts only "
                    + tls.trustAnchor() + "; point sslrootcert at the CA that signed the server's certificate";
        }
        String text = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (tls.mode() == SslMode.VERIFY_FULL && text.contains("hostnameverifier")) {
            return "host name " + host + " does not match the server's certificate (" + mode
                    + " checks it); connect by a name or address the certificate lists";
        }
        if (tls.mode().requiresTls() && SQL_STATE.equals(failure.getSQLState()) && !isServerReport(failure)) {
            // PgJDBC's own "The server does not support SSL": the server answered the TLS request with a no.
            return "the server offers no TLS, and " + mode + " insists on it; turn ssl on at the server, or use "
                    + "sslmode=prefer to accept a connection without TLS";
        }
        SSLException handshake = find(failure, SSLException.class);
        if (handshake != null && String.valueOf(handshake.getMessage()).contains("protocol_version")) {
            // The server's alert when it speaks no protocol the client offered: Tusk offers only TLS 1.2 and 1.3.
            return "the server offers no TLS version Tusk accepts (" + mode + "): Tusk speaks only "
                    + String.join(" and ", TuskSslFactory.ALLOWED_PROTOCOLS) + ", and the server refused both ("
                    + handshake.getMessage() + "); set ssl_min_protocol_version to TLSv1.2 or later and "
                    + "ssl_max_protocol_version to TLSv1.2 or later (or empty) on the server";
        }
        if (find(failure, SSLException.class) != null) {
            // A server before 17 reads a direct ClientHello as a bad startup packet and hangs up mid-handshake.
            String direct = tls.negotiation() == SslNegotiation.DIRECT ? "; sslnegotiation=direct needs PostgreSQL 17 "
                    + "or later: use sslnegotiation=postgres for an older server" : "";
            return "the TLS handshake failed (" + mode + "): " + find(failure, SSLException.class).getMessage() + direct;
        }
        return null;
    }

    private static String channelBindingReason(SQLException failure, Tls tls) {
        // PgJDBC's own refusals ("Channel Binding is required, but SSL is not in use", "... server skipped
        // authentication"): it checks before sending the password, so nothing was given away.
        String text = String.valueOf(failure.getMessage());
        if (tls.channelBinding() != ChannelBinding.REQUIRE || isServerReport(failure)
                || !text.toLowerCase(Locale.ROOT).contains("channel binding")) {
            return null;
        }
        return "channel_binding=require refused the login: " + text + " (sslmode=" + tls.mode().libpqName()
                + "); channel binding needs a SCRAM-SHA-256 password login over TLS: use sslmode=verify-full and a "
                + "scram-sha-256 rule in pg_hba.conf, or channel_binding=prefer";
    }

    /** A hint for a server that turned down a connection without TLS, or null when {@code failure} is not that. */
    static String plaintextRejectedHint(SQLException failure, Tls tls) {
        boolean rejectedWithoutTls = "28000".equals(failure.getSQLState())
                && String.valueOf(failure.getMessage()).contains("no encryption");
        if (!rejectedWithoutTls || tls.mode().requiresTls() || tls.mode() == SslMode.PREFER) {
            return null;
        }
        return "; the server accepts this login only over TLS, and sslmode=" + tls.mode().libpqName()
                + " did not use it: use sslmode=verify-full (or require)";
    }

    private static boolean isServerReport(SQLException failure) {
        return failure instanceof PSQLException psql && psql.getServerErrorMessage() != null;
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
