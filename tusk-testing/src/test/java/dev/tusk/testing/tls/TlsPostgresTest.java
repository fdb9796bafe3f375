package dev.tusk.testing.tls;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsPostgresTest {

    private static final String APP_PASSWORD = "app-Secr3t-!";
    private static final String PLAIN_PASSWORD = "plain-Secr3t-!";

    private static TlsPostgres tls;

    @BeforeAll
    static void startServer() {
        tls = TlsPostgres.builder()
                .label("tls-test")
                .passwordUser("app", APP_PASSWORD)
                .passwordUser("plain", PLAIN_PASSWORD)
                .certificateUser("certuser")
                .tlsOnlyUser("app")
                .start();
    }

    @AfterAll
    static void stopServer() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void shouldLogInWithScramOverVerifiedTls() throws SQLException {
        try (Connection connection = connect("localhost", passwordLogin("app", APP_PASSWORD, "verify-full"))) {
            assertThat(queryString(connection, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
            assertThat(queryString(connection, "SELECT current_user")).isEqualTo("app");
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE app_owned (id int)");
            }
        }
        assertThat(tls.server().queryString("SELECT rolpassword FROM pg_authid WHERE rolname = 'app'"))
                .startsWith("SCRAM-SHA-256$");
    }

    @Test
    void shouldRefusePlaintextLoginOfTlsOnlyUser() {
        assertThatThrownBy(() -> connect("127.0.0.1", passwordLogin("app", APP_PASSWORD, "disable")).close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"))
                .hasMessageContaining("pg_hba.conf rejects connection")
                .hasMessageContaining("no encryption");
    }

    @Test
    void shouldAcceptPlaintextLoginOfPasswordUserNotDeclaredTlsOnly() throws SQLException {
        try (Connection connection = connect("127.0.0.1", passwordLogin("plain", PLAIN_PASSWORD, "disable"))) {
            assertThat(queryString(connection, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("f");
        }
    }

    @Test
    void shouldRefuseWrongPasswordOverTls() {
        assertThatThrownBy(() -> connect("localhost", passwordLogin("app", "not-the-password", "verify-full")).close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"))
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void shouldLogInWithClientCertificateAndDerKey() throws SQLException {
        assertCertificateLogin(tls.material().clientKeyPk8(), Map.of());
    }

    @Test
    void shouldLogInWithClientCertificateAndPemKey() throws SQLException {
        // PgJDBC 42.7.14 sniffs a key file not named .p12/.pfx/.der/.pem and reads unencrypted PKCS#8 PEM too.
        assertCertificateLogin(tls.material().clientKeyPem(), Map.of());
    }

    @Test
    void shouldLogInWithClientPkcs12WithEmptyPassword() throws SQLException {
        assertCertificateLogin(tls.material().clientPkcs12(), Map.of("sslpassword", ""));
    }

    @Test
    void shouldRefuseCertificateUserWithoutCertificateOrWithoutTls() {
        Properties noCertificate = passwordLogin("certuser", "irrelevant", "verify-full");
        assertThatThrownBy(() -> connect("localhost", noCertificate).close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"))
                .hasMessageContaining("certificate");
        assertThatThrownBy(() -> connect("127.0.0.1", passwordLogin("certuser", "irrelevant", "disable")).close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"))
                .hasMessageContaining("no encryption");
    }

    @Test
    void shouldVerifyServerNameByDnsAndIpSubjectAltNames() throws SQLException {
        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            try (Connection connection = connect(host, passwordLogin("app", APP_PASSWORD, "verify-full"))) {
                assertThat(queryString(connection, "SELECT 1")).as("verify-full via %s", host).isEqualTo("1");
            }
        }
    }

    @Test
    void shouldRefuseServerWhenTrustingAnotherCa(@TempDir Path otherDirectory) {
        TlsMaterial other = TlsMaterial.generate(otherDirectory, "certuser");
        Properties login = passwordLogin("app", APP_PASSWORD, "verify-full");
        login.setProperty("sslrootcert", other.caCertificate().toString());
        assertThatThrownBy(() -> connect("localhost", login).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("SSL error")
                .hasStackTraceContaining("PKIX");
    }

    @Test
    void shouldKeepAdminConnectionsWorking() {
        assertThat(tls.server().queryString("SELECT count(*) FROM pg_roles WHERE rolname IN ('app', 'plain', 'certuser')"))
                .isEqualTo("3");
    }

    @Test
    void shouldWriteKeysReadableOnlyByOwner() throws IOException {
        TlsMaterial material = tls.material();
        for (Path key : new Path[] {material.serverKey(), material.clientKeyPem(), material.clientKeyPk8(),
                material.clientPkcs12()}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as(key.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(material.clientKeyPem())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(material.serverCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void shouldKeepPasswordsOutOfToStringAndServerLog() throws IOException {
        assertThat(tls.toString()).contains("certuser").doesNotContain(APP_PASSWORD).doesNotContain(PLAIN_PASSWORD);
        assertThat(tls.material().toString()).doesNotContain("PRIVATE");
        String log = Files.readString(tls.server().logFile());
        assertThat(log).doesNotContain(APP_PASSWORD).doesNotContain(PLAIN_PASSWORD);
    }

    @Test
    void shouldRefuseInvalidUserNamesNamingParameterAndValue() {
        assertThatThrownBy(() -> TlsPostgres.builder().passwordUser("bad'name", "pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("passwordUser name").hasMessageContaining("\"bad'name\"");
        assertThatThrownBy(() -> TlsPostgres.builder().certificateUser(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certificateUser").hasMessageContaining("\"\"");
        assertThatThrownBy(() -> TlsPostgres.builder().tlsOnlyUser("all"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tlsOnlyUser").hasMessageContaining("reserved").hasMessageContaining("\"all\"");
        assertThatThrownBy(() -> TlsMaterial.generate(Path.of("unused"), "Upper"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clientUser").hasMessageContaining("\"Upper\"");
    }

    @Test
    void shouldRefuseInconsistentUsersBeforeStartingAnything() {
        assertThatThrownBy(() -> TlsPostgres.builder().passwordUser("app", "").start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("password of passwordUser app must not be empty");
        assertThatThrownBy(() -> TlsPostgres.builder().passwordUser("app", "pw").tlsOnlyUser("other").start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tlsOnlyUser other must also be a passwordUser");
        assertThatThrownBy(() -> TlsPostgres.builder().passwordUser("both", "s3cret").certificateUser("both").start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certificateUser both must not also be a passwordUser")
                .hasMessageNotContaining("s3cret");
    }

    private static void assertCertificateLogin(Path clientKey, Map<String, String> extra) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", "certuser");
        login.setProperty("sslmode", "verify-full");
        login.setProperty("sslrootcert", tls.material().caCertificate().toString());
        login.setProperty("sslcert", tls.material().clientCertificate().toString());
        login.setProperty("sslkey", clientKey.toString());
        extra.forEach(login::setProperty);
        try (Connection connection = connect("localhost", login)) {
            assertThat(queryString(connection, "SELECT current_user")).isEqualTo("certuser");
            assertThat(queryString(connection, "SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                    .isEqualTo("/CN=certuser");
        }
    }

    private static Properties passwordLogin(String user, String password, String sslMode) {
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password);
        login.setProperty("sslmode", sslMode);
        login.setProperty("sslrootcert", tls.material().caCertificate().toString());
        return login;
    }

    private static Connection connect(String host, Properties login) throws SQLException {
        return DriverManager.getConnection(tls.jdbcUrl(host), login);
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
