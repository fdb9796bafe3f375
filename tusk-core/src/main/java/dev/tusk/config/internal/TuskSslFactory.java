package dev.tusk.config.internal;

import dev.tusk.config.SslMode;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The TLS socket factory PgJDBC uses for every Tusk connection (its {@code sslfactory}), in place of PgJDBC's
 * LibPQFactory, for two things LibPQFactory cannot do: it never lets a connection negotiate below TLS 1.2, whatever
 * the JVM enables, and it reads every client key form {@link ClientKeys} reads (PKCS#1, encrypted PEM) with
 * {@code sslpassword}. Trust is as libpq's: under verify-ca and verify-full the server's chain must lead to
 * {@code sslrootcert} (or, without it, to the JVM's trust store); under the other modes it is not checked. PgJDBC still
 * checks the host name for verify-full after the handshake. PgJDBC creates one per connection, so a renewed key or
 * CA file is picked up by the next connection.
 */
public final class TuskSslFactory extends SSLSocketFactory {

    /** The protocols a Tusk connection may speak; a newer one the JVM adds is left out until Tusk is told of it. */
    public static final List<String> ALLOWED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLSocketFactory delegate;

    /** Builds the factory from PgJDBC's connection properties ({@code sslmode}, {@code sslrootcert}, {@code sslcert}, {@code sslkey}, {@code sslpassword}). */
    public TuskSslFactory(Properties info) throws PSQLException {
        SslMode mode = SslMode.fromLibpqName(info.getProperty("sslmode", "prefer"));
        String rootCert = info.getProperty("sslrootcert");
        String cert = info.getProperty("sslcert");
        String key = info.getProperty("sslkey");
        try {
            KeyManager[] keys = cert == null || key == null ? null : new KeyManager[] {
                    new SingleKeyManager(ClientKeys.read(Path.of(cert), Path.of(key), info.getProperty("sslpassword")))};
            TrustManager[] trust = mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL
                    ? verifying(rootCert) : new TrustManager[] {new AnyServerCertificate()};
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            this.delegate = context.getSocketFactory();
        } catch (ClientKeys.UnusableFile e) {
            // 08004, rejected before login: no retry can fix a key file, so the pool reports it at once.
            throw new PSQLException("sslkey " + key + " " + e.getMessage(), PSQLState.CONNECTION_REJECTED, e);
        } catch (GeneralSecurityException | IOException e) {
            throw new PSQLException("could not set up TLS with sslrootcert " + rootCert + ": " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), PSQLState.CONNECTION_REJECTED, e);
        }
    }

    /**
     * The protocols of {@code enabled} that Tusk allows, in the JVM's order; throws when none is left, naming what
     * the JVM offered, because then the handshake could only fail later with a vaguer message.
     */
    static String[] allowedOf(String[] enabled) throws SSLHandshakeException {
        String[] allowed = Arrays.stream(enabled).filter(ALLOWED_PROTOCOLS::contains).toArray(String[]::new);
        if (allowed.length == 0) {
            throw new SSLHandshakeException("this JVM enables only " + Arrays.toString(enabled) + " for TLS, and Tusk "
                    + "needs TLS 1.2 or later: allow TLSv1.2 or TLSv1.3 (jdk.tls.client.protocols, jdk.tls.disabledAlgorithms)");
        }
        return allowed;
    }

    private static TrustManager[] verifying(String rootCert) throws GeneralSecurityException, IOException {
        if (rootCert == null) {
            return JvmTrust.MANAGERS;
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        Set<TrustAnchor> anchors = new HashSet<>();
        try (InputStream in = Files.newInputStream(Path.of(rootCert))) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                anchors.add(new TrustAnchor((X509Certificate) certificate, null));
            }
        }
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, null);
        // As PgJDBC's LibPQFactory: revocation checks only when the JVM is told to make them.
        parameters.setRevocationEnabled(Boolean.getBoolean("com.sun.net.ssl.checkRevocation"));
        factory.init(new CertPathTrustManagerParameters(parameters));
        return factory.getTrustManagers();
    }

    private static Socket restrict(Socket socket) throws IOException {
        SSLSocket ssl = (SSLSocket) socket;
        try {
            ssl.setEnabledProtocols(allowedOf(ssl.getEnabledProtocols()));
        } catch (SSLHandshakeException e) {
            ssl.close();
            throw e;
        }
        return ssl;
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return restrict(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
        return restrict(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return restrict(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return restrict(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return restrict(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return restrict(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    /**
     * The JVM's trust store, loaded once: parsing its hundred-odd certificates for every connection would cost more
     * than the handshake. The sslrootcert file, by contrast, is read per connection, so a renewed CA is picked up.
     */
    private static final class JvmTrust {
        static final TrustManager[] MANAGERS = load();

        private static TrustManager[] load() {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
                factory.init((KeyStore) null);
                return factory.getTrustManagers();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JVM's trust store cannot be loaded: " + e.getMessage(), e);
            }
        }
    }

    /** Sends the one client certificate whatever CAs the server names, as libpq and PgJDBC do. */
    private static final class SingleKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "tusk-client";
        private final ClientKeys.KeyAndChain keyAndChain;

        SingleKeyManager(ClientKeys.KeyAndChain keyAndChain) {
            this.keyAndChain = keyAndChain;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keyAndChain.chain().clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keyAndChain.key();
        }
    }

    /** Under disable, allow, prefer and require libpq does not check the server's certificate; neither does this. */
    private static final class AnyServerCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
