package dev.tusk.testing.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * A throwaway certificate authority with one server and one client certificate, written as files to a folder.
 *
 * <p>Keys are RSA 2048, because that is what PgJDBC reads without extra settings (its PEM reader assumes RSA unless
 * {@code pemKeyAlgorithm} says otherwise). Certificates are valid from yesterday, so clock skew between the JVM and
 * the server does not matter, for one year. Files written:
 * <ul>
 *   <li>{@code ca.crt}: the CA certificate, PEM; what {@code sslrootcert} and {@code ssl_ca_file} point to.</li>
 *   <li>{@code server.crt}, {@code server.key}: the server's certificate with SAN {@code DNS:localhost} and
 *       {@code IP:127.0.0.1}, and its PKCS#8 PEM key (0600).</li>
 *   <li>{@code client.crt}: the client certificate, PEM, whose CN is {@link #clientUser()}.</li>
 *   <li>{@code client.key}: the client key as PKCS#8 PEM (0600); PgJDBC 42.7.14 and libpq both read it.</li>
 *   <li>{@code client.pk8}: the client key as PKCS#8 DER (0600); PgJDBC's default format.</li>
 *   <li>{@code client.p12}: key, client certificate and CA certificate as PKCS#12 (0600), protected by the password
 *       given to {@link #generate(Path, String, String)}, or by the empty password, which PgJDBC accepts as
 *       {@code sslpassword=}.</li>
 *   <li>{@code client-pkcs1.key}: the client key as PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}, 0600).</li>
 *   <li>{@code client-encrypted.key}: the client key as encrypted PKCS#8 PEM ({@code BEGIN ENCRYPTED PRIVATE KEY},
 *       PBES2 with AES-256-CBC, as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes it), 0600, under
 *       {@link #keyPassword()}.</li>
 *   <li>{@code client-legacy.key}: the client key as PKCS#1 PEM in OpenSSL's legacy encryption ({@code Proc-Type:
 *       4,ENCRYPTED}, {@code DEK-Info: AES-256-CBC}), 0600, under {@link #keyPassword()}.</li>
 * </ul>
 * The server certificate's validity can be chosen ({@link #generate(Path, String, String, Instant, Instant)}), to
 * issue an expired one or one that expires soon.
 * Every key file is 0600 because PgJDBC refuses a client key that the group or others can read.
 */
public final class TlsMaterial {

    /** The alias of the client's key entry in {@code client.p12}: PgJDBC's PKCS12KeyManager reads only this alias. */
    public static final String PKCS12_ALIAS = "user";

    /** Used only for writing encrypted PEM, and never registered with the JVM, so tests see the JDK's providers alone. */
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    private static final int RSA_KEY_BITS = 2048;
    private static final Duration BACKDATING = Duration.ofDays(1);
    private static final Duration VALIDITY = Duration.ofDays(365);

    private final Path directory;
    private final String clientUser;
    private final String keyPassword;
    private final Instant serverNotBefore;
    private final Instant serverNotAfter;

    private TlsMaterial(Path directory, String clientUser, String keyPassword, Instant serverNotBefore,
                        Instant serverNotAfter) {
        this.directory = directory;
        this.clientUser = clientUser;
        this.keyPassword = keyPassword;
        this.serverNotBefore = serverNotBefore;
        this.serverNotAfter = serverNotAfter;
    }

    /** Generates a CA, server and client certificate for {@code clientUser}; {@code client.p12} has an empty password. */
    public static TlsMaterial generate(Path directory, String clientUser) {
        return generate(directory, clientUser, "");
    }

    /** Generates a CA, server and client certificate for {@code clientUser}, protecting {@code client.p12} with {@code pkcs12Password}. */
    public static TlsMaterial generate(Path directory, String clientUser, String pkcs12Password) {
        Instant now = Instant.now();
        return generate(directory, clientUser, pkcs12Password, now.minus(BACKDATING), now.plus(VALIDITY));
    }

    /**
     * Like {@link #generate(Path, String, String)}, with a server certificate valid from {@code serverNotBefore} to
     * {@code serverNotAfter}: in the past for an expired certificate, days from now for one that expires soon.
     */
    public static TlsMaterial generate(Path directory, String clientUser, String pkcs12Password, Instant serverNotBefore,
                                       Instant serverNotAfter) {
        if (serverNotBefore == null || serverNotAfter == null || !serverNotBefore.isBefore(serverNotAfter)) {
            throw new IllegalArgumentException("the server certificate must be valid from a time before its end, but "
                    + "was " + serverNotBefore + " to " + serverNotAfter);
        }
        if (directory == null) {
            throw new IllegalArgumentException("directory must not be null");
        }
        RoleNames.requireValid("clientUser", clientUser);
        if (pkcs12Password == null) {
            throw new IllegalArgumentException("pkcs12Password must not be null; use \"\" for no password");
        }
        // Random, so no fixed password sits in the repository and a leak of it into output is easy to search for.
        String keyPassword = "key-" + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);
        TlsMaterial material = new TlsMaterial(directory, clientUser, keyPassword, serverNotBefore, serverNotAfter);
        try {
            Files.createDirectories(directory);
            material.write(pkcs12Password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write TLS material to " + directory + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("could not generate TLS material for client user " + clientUser + ": "
                    + e.getMessage(), e);
        }
        return material;
    }

    /** The folder holding the files. */
    public Path directory() {
        return directory;
    }

    /** The role name in the client certificate's CN. */
    public String clientUser() {
        return clientUser;
    }

    /** The CA certificate, PEM. */
    public Path caCertificate() {
        return directory.resolve("ca.crt");
    }

    /** The server certificate, PEM, with SAN {@code DNS:localhost} and {@code IP:127.0.0.1}. */
    public Path serverCertificate() {
        return directory.resolve("server.crt");
    }

    /** The server's private key, PKCS#8 PEM, mode 0600. */
    public Path serverKey() {
        return directory.resolve("server.key");
    }

    /** The client certificate, PEM, whose CN is {@link #clientUser()}. */
    public Path clientCertificate() {
        return directory.resolve("client.crt");
    }

    /** The client's private key, PKCS#8 PEM, mode 0600. */
    public Path clientKeyPem() {
        return directory.resolve("client.key");
    }

    /** The client's private key, PKCS#8 DER, mode 0600: PgJDBC's default {@code sslkey} format. */
    public Path clientKeyPk8() {
        return directory.resolve("client.pk8");
    }

    /** The client's private key as PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}), mode 0600. */
    public Path clientKeyPkcs1Pem() {
        return directory.resolve("client-pkcs1.key");
    }

    /** The client's private key as encrypted PKCS#8 PEM under {@link #keyPassword()}, mode 0600. */
    public Path clientKeyEncryptedPem() {
        return directory.resolve("client-encrypted.key");
    }

    /** The client's private key as PKCS#1 PEM with OpenSSL's legacy encryption under {@link #keyPassword()}, mode 0600. */
    public Path clientKeyLegacyEncryptedPem() {
        return directory.resolve("client-legacy.key");
    }

    /** The password of the encrypted client keys: random for each material, never printed by this class. */
    public String keyPassword() {
        return keyPassword;
    }

    /** When the server certificate stops being valid. */
    public Instant serverNotAfter() {
        return serverNotAfter;
    }

    /** The client's key and certificate chain as PKCS#12, mode 0600, under alias {@value #PKCS12_ALIAS}. */
    public Path clientPkcs12() {
        return directory.resolve("client.p12");
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + directory + ", client " + clientUser + "]";
    }

    private void write(char[] pkcs12Password) throws IOException, GeneralSecurityException, OperatorCreationException {
        SecureRandom random = new SecureRandom();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(RSA_KEY_BITS, random);
        Instant now = Instant.now();

        KeyPair caKeys = generator.generateKeyPair();
        // A unique CA name keeps two CAs from one test run apart in error messages and trust stores.
        X500Name caName = name("Tusk Test CA " + Long.toHexString(random.nextLong() & Long.MAX_VALUE));
        // The CA outlives any server certificate asked for, so an expired server certificate is the only thing wrong.
        X509v3CertificateBuilder ca = builder(caName, caName, caKeys, min(now, serverNotBefore).minus(BACKDATING),
                max(now, serverNotAfter).plus(VALIDITY), random);
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate caCert = sign(ca, caKeys.getPrivate());

        KeyPair serverKeys = generator.generateKeyPair();
        X509v3CertificateBuilder server = leaf(caCert, caName, name("localhost"), serverKeys, serverNotBefore,
                serverNotAfter, random, KeyPurposeId.id_kp_serverAuth);
        server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate serverCert = sign(server, caKeys.getPrivate());

        KeyPair clientKeys = generator.generateKeyPair();
        X509Certificate clientCert = sign(leaf(caCert, caName, name(clientUser), clientKeys, now.minus(BACKDATING),
                now.plus(VALIDITY), random, KeyPurposeId.id_kp_clientAuth), caKeys.getPrivate());

        writePublic(caCertificate(), pem("CERTIFICATE", caCert.getEncoded()));
        writePublic(serverCertificate(), pem("CERTIFICATE", serverCert.getEncoded()));
        writeSecret(serverKey(), pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
        writePublic(clientCertificate(), pem("CERTIFICATE", clientCert.getEncoded()));
        writeSecret(clientKeyPem(), pem("PRIVATE KEY", clientKeys.getPrivate().getEncoded()));
        writeSecret(clientKeyPk8(), clientKeys.getPrivate().getEncoded());
        writeSecret(clientPkcs12(), pkcs12(clientKeys.getPrivate(), clientCert, caCert, pkcs12Password));
        PrivateKey clientKey = clientKeys.getPrivate();
        writeSecret(clientKeyPkcs1Pem(), pem("RSA PRIVATE KEY",
                PrivateKeyInfo.getInstance(clientKey.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded()));
        OutputEncryptor pbes2 = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(BOUNCY_CASTLE).setRandom(random)
                .setPassword(keyPassword.toCharArray()).build();
        writeSecret(clientKeyEncryptedPem(), pemText(new JcaPKCS8Generator(clientKey, pbes2)));
        writeSecret(clientKeyLegacyEncryptedPem(), pemText(new JcaMiscPEMGenerator(clientKey,
                new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BOUNCY_CASTLE).setSecureRandom(random).build(keyPassword.toCharArray()))));
    }

    private static byte[] pemText(PemObjectGenerator generator) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(generator);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static X509v3CertificateBuilder leaf(X509Certificate caCert, X500Name caName, X500Name subject,
            KeyPair keys, Instant notBefore, Instant notAfter, SecureRandom random, KeyPurposeId purpose)
            throws CertIOException, GeneralSecurityException {
        X509v3CertificateBuilder builder = builder(caName, subject, keys, notBefore, notAfter, random);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCert));
        return builder;
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Instant notBefore,
            Instant notAfter, SecureRandom random) throws CertIOException, GeneralSecurityException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).add(BigInteger.ONE),
                Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        return builder;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuerKey)));
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static byte[] pkcs12(PrivateKey key, X509Certificate cert, X509Certificate caCert, char[] password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(PKCS12_ALIAS, key, password, new Certificate[] {cert, caCert});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static void writePublic(Path file, byte[] content) throws IOException {
        Files.write(file, content);
    }

    private static void writeSecret(Path file, byte[] content) throws IOException {
        // Create with 0600 up front, so the key is never readable by others, not even between create and chmod.
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, content);
    }
}
