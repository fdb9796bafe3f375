package dev.tusk.security.internal;

import dev.tusk.config.TuskConfig;
import dev.tusk.internal.Errors;
import dev.tusk.security.TlsReport;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.PGStream;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.QueryExecutorBase;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.lang.reflect.Field;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Reads a {@link TlsReport} from one connection: its TLS session where PgJDBC lets us reach it, and {@code pg_stat_ssl}. */
public final class TlsInspection {

    private static final String PG_STAT_SSL = "SELECT ssl, version, cipher, bits, client_dn FROM pg_stat_ssl "
            + "WHERE pid = pg_backend_pid()";

    private TlsInspection() {
    }

    /** The report for {@code connection}, a connection opened with {@code config}, judged at {@code now}. */
    public static TlsReport read(Connection connection, TuskConfig config, Instant now) {
        try {
            return readOrThrow(connection, config, now);
        } catch (SQLException e) {
            throw Errors.translate(e, PG_STAT_SSL, Errors.Phase.EXECUTE);
        }
    }

    private static TlsReport readOrThrow(Connection connection, TuskConfig config, Instant now) throws SQLException {
        boolean tls;
        String protocol;
        String cipher;
        int bits;
        String clientDn;
        try (PreparedStatement statement = connection.prepareStatement(PG_STAT_SSL);
             ResultSet row = statement.executeQuery()) {
            row.next();
            tls = row.getBoolean("ssl");
            protocol = row.getString("version");
            cipher = row.getString("cipher");
            bits = row.getInt("bits");
            clientDn = row.getString("client_dn");
        }
        return report(connection, config, tls, protocol, cipher, bits, clientDn, now);
    }

    /**
     * The report for {@code connection} from what {@code pg_stat_ssl} said of it, plus the certificates of its TLS
     * session, which the JVM holds in memory: no further round trip, so a health check can afford it every time.
     */
    public static TlsReport report(Connection connection, TuskConfig config, boolean tls, String protocol, String cipher,
                                   int bits, String clientDn, Instant now) {
        SSLSession session = tls ? session(connection) : null;
        X509Certificate server = session == null ? null : peerCertificate(session);
        X509Certificate client = session == null ? null : localCertificate(session);
        // The JVM's view is the one that names the certificates; pg_stat_ssl stands in when the session is out of reach.
        String clientSubject = client != null ? client.getSubjectX500Principal().getName() : blankToNull(clientDn);
        Instant notAfter = server == null ? null : server.getNotAfter().toInstant();
        return new TlsReport(config.sslMode(), tls, protocol, cipher, bits, clientSubject,
                server == null ? null : server.getSubjectX500Principal().getName(), notAfter,
                TlsFindings.of(config.sslMode(), connectedHost(connection, config), tls, protocol, notAfter, now));
    }

    /** The host {@code connection} went to: with several servers listed, the one that accepted it. */
    private static String connectedHost(Connection connection, TuskConfig config) {
        try {
            return connection.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec().getHost();
        } catch (SQLException | RuntimeException e) {
            return config.servers().getFirst().host();
        }
    }

    /**
     * The TLS session under {@code connection}, or null. PgJDBC keeps its socket in the query executor's protected
     * {@code pgStream} field and offers no accessor, so this reads the field; a driver that moves it only costs the
     * certificate fields, as protocol, cipher and bits come from the server.
     */
    private static SSLSession session(Connection connection) {
        try {
            QueryExecutor executor = connection.unwrap(BaseConnection.class).getQueryExecutor();
            Field field = QueryExecutorBase.class.getDeclaredField("pgStream");
            field.setAccessible(true);
            Socket socket = ((PGStream) field.get(executor)).getSocket();
            return socket instanceof SSLSocket ssl ? ssl.getSession() : null;
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static X509Certificate peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static X509Certificate localCertificate(SSLSession session) {
        Certificate[] chain = session.getLocalCertificates();
        return chain != null && chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
