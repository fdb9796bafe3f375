package dev.tusk.security;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.ConfigException;
import dev.tusk.config.ConfigLoader;
import dev.tusk.config.EffectiveConfig;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.TuskConfigBuilder;
import dev.tusk.testing.tls.TlsMaterial;
import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Client certificate logins with every key form libpq reads: PKCS#1 PEM, encrypted PKCS#8 PEM and OpenSSL's legacy
 * encrypted PKCS#1 with {@code sslPassword}; a wrong or missing password, or a key others can read, is named with its
 * setting and path at start, never with the password.
 */
class ClientKeyFormsTest {

    private static TlsPostgres tls;
    private static TlsMaterial material;

    @BeforeAll
    static void startServer() {
        tls = TlsPostgres.builder().label("tusk-tls-keys").certificateUser("certuser").start();
        material = tls.material();
    }

    @AfterAll
    static void stopServer() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void shouldLogInWithAPkcs1PemKey() throws IOException {
        assertThat(Files.readString(material.clientKeyPkcs1Pem())).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        assertCertificateLogin(certificateLogin(material.clientKeyPkcs1Pem()).build());
    }

    @Test
    void shouldLogInWithAnEncryptedPkcs8KeyAndItsPassword() throws IOException {
        assertThat(Files.readString(material.clientKeyEncryptedPem())).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        assertCertificateLogin(certificateLogin(material.clientKeyEncryptedPem()).sslPassword(material.keyPassword()).build());
    }

    @Test
    void shouldLogInWithALegacyEncryptedPkcs1KeyAndItsPassword() throws IOException {
        assertThat(Files.readString(material.clientKeyLegacyEncryptedPem())).startsWith("-----BEGIN RSA PRIVATE KEY-----")
                .contains("Proc-Type: 4,ENCRYPTED").contains("DEK-Info: AES-256-CBC,");

        assertCertificateLogin(certificateLogin(material.clientKeyLegacyEncryptedPem())
                .sslPassword(material.keyPassword()).build());
    }

    @Test
    void shouldStillLogInWithPkcs8PemDerAndPkcs12Keys() {
        assertCertificateLogin(certificateLogin(material.clientKeyPem()).build());
        assertCertificateLogin(certificateLogin(material.clientKeyPk8()).build());
        // client.p12 is protected by the empty password, which sslPassword gives as "".
        assertCertificateLogin(certificateLogin(material.clientPkcs12()).sslPassword("").build());
    }

    @Test
    void shouldTakeTheKeyPasswordFromTheUrlAndBothVariableFamilies() {
        String url = "postgresql://certuser@localhost:" + tls.server().port() + "/" + TlsPostgres.DATABASE
                + "?sslmode=verify-full&sslrootcert=" + material.caCertificate() + "&sslcert=" + material.clientCertificate()
                + "&sslkey=" + material.clientKeyEncryptedPem() + "&sslpassword=" + material.keyPassword();
        assertCertificateLogin(TuskConfig.fromUrl(url));

        for (String[] family : new String[][] {
                {"POSTGRES_SSL_CA", "POSTGRES_SSL_CERT", "POSTGRES_SSL_KEY", "POSTGRES_SSL_KEY_PASSWORD"},
                {"DB_SSLROOTCERT", "DB_SSLCERT", "DB_SSLKEY", "DB_SSLPASSWORD"}}) {
            EffectiveConfig effective = ConfigLoader.of(Map.of(
                    "PGHOST", "localhost", "PGPORT", String.valueOf(tls.server().port()), "PGDATABASE", TlsPostgres.DATABASE,
                    "PGUSER", "certuser", "PGSSLMODE", "verify-full",
                    family[0], material.caCertificate().toString(), family[1], material.clientCertificate().toString(),
                    family[2], material.clientKeyLegacyEncryptedPem().toString(), family[3], material.keyPassword())::get,
                    null).load();
            assertThat(effective.source("sslPassword").name()).isEqualTo(family[3]);
            assertThat(effective.render()).contains("sslPassword").doesNotContain(material.keyPassword());
            assertCertificateLogin(effective.config());
        }
    }

    @Test
    void shouldNameTheSettingAndPathOfAKeyTheWrongPasswordCannotDecryptWithoutShowingIt() {
        for (Path key : new Path[] {material.clientKeyEncryptedPem(), material.clientKeyLegacyEncryptedPem()}) {
            TuskConfig config = certificateLogin(key).sslPassword("wrong-pw-Qx81").build();

            assertThatThrownBy(() -> Tusk.connect(config)).isInstanceOf(ConfigException.class)
                    .hasMessage("sslKey (sslkey) " + key + " cannot be decrypted with the sslPassword given: wrong "
                            + "password, or a damaged file")
                    .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain("wrong-pw-Qx81")
                            .doesNotContain(material.keyPassword()));
        }
    }

    @Test
    void shouldCallALegacyKeyThatDecryptsToNoKeyAWrongPasswordOrADamagedFile(@TempDir Path directory)
            throws IOException {
        // A wrong password passes the legacy cipher's padding check about once in 256 tries and decrypts to bytes that
        // are no key. A file damaged in its first cipher block does so every time, even with the right password.
        String pem = Files.readString(material.clientKeyLegacyEncryptedPem());
        int bodyStart = pem.indexOf("\n\n") + 2;
        int bodyEnd = pem.indexOf("-----END");
        byte[] body = Base64.getMimeDecoder().decode(pem.substring(bodyStart, bodyEnd));
        body[3] ^= 0x5A;
        Path damaged = directory.resolve("damaged.key");
        Files.writeString(damaged, pem.substring(0, bodyStart)
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(body) + "\n"
                + pem.substring(bodyEnd));
        Files.setPosixFilePermissions(damaged, PosixFilePermissions.fromString("rw-------"));

        TuskConfig config = certificateLogin(damaged).sslPassword(material.keyPassword()).build();

        assertThatThrownBy(() -> Tusk.connect(config)).isInstanceOf(ConfigException.class)
                .hasMessage("sslKey (sslkey) " + damaged + " cannot be decrypted with the sslPassword given: wrong "
                        + "password, or a damaged file")
                .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain(material.keyPassword()));
    }

    @Test
    void shouldSayThatAnEncryptedKeyNeedsSslPassword() {
        TuskConfig config = certificateLogin(material.clientKeyEncryptedPem()).build();

        assertThatThrownBy(() -> Tusk.connect(config)).isInstanceOf(ConfigException.class)
                .hasMessage("sslKey (sslkey) " + material.clientKeyEncryptedPem() + " is encrypted, but no sslPassword "
                        + "is set: set sslPassword (URL sslpassword, POSTGRES_SSL_KEY_PASSWORD or DB_SSLPASSWORD)");
    }

    @Test
    void shouldRefuseAKeyFileThatOthersCanReadAsLibpqDoes(@TempDir Path directory) throws IOException {
        Path open = directory.resolve("open.key");
        Files.copy(material.clientKeyPkcs1Pem(), open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> Tusk.connect(certificateLogin(open).build())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("sslKey (sslkey) " + open + " has group or world access (rw-r--r--)")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void shouldNameAFileThatIsNotAKeyOrNotACertificate(@TempDir Path directory) throws IOException {
        Path notAKey = Files.writeString(directory.resolve("not-a.key"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Files.setPosixFilePermissions(notAKey, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> Tusk.connect(certificateLogin(notAKey).build())).isInstanceOf(ConfigException.class)
                .hasMessage("sslKey (sslkey) " + notAKey + " holds a PEM block of type CERTIFICATE, not a private key; "
                        + "expected BEGIN PRIVATE KEY, BEGIN ENCRYPTED PRIVATE KEY or BEGIN RSA PRIVATE KEY");

        Path notACertificate = Files.writeString(directory.resolve("client.crt"), "hello");
        assertThatThrownBy(() -> Tusk.connect(certificateLogin(material.clientKeyPem()).sslCert(notACertificate).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sslCert (sslcert) " + notACertificate + " is not an X.509 certificate in PEM or DER");
    }

    @Test
    void shouldRefuseAKeyPasswordWithoutAKey() {
        assertThatThrownBy(() -> TuskConfig.builder().sslPassword("pw-9").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sslPassword is set, but sslKey is not").hasMessageNotContaining("pw-9");
        assertThatThrownBy(() -> ConfigLoader.of(Map.of("POSTGRES_SSL_KEY_PASSWORD", "pw-9")::get, null).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("POSTGRES_SSL_KEY_PASSWORD=*** is set, but no client key is")
                .hasMessageNotContaining("pw-9");
    }

    private static TuskConfigBuilder certificateLogin(Path key) {
        return TuskConfig.builder().host("localhost").port(tls.server().port()).database(TlsPostgres.DATABASE)
                .user("certuser").sslMode(SslMode.VERIFY_FULL).sslRootCert(material.caCertificate())
                .sslCert(material.clientCertificate()).sslKey(key).poolMinSize(1).poolMaxSize(1);
    }

    private static void assertCertificateLogin(TuskConfig config) {
        try (TuskClient client = Tusk.connect(config)) {
            assertThat(client.queryValue("SELECT current_user", String.class)).isEqualTo("certuser");
            assertThat(client.queryValue("SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()", String.class))
                    .isEqualTo("/CN=certuser");
        }
    }

    private static String stackTraceOf(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
