package dev.tusk.security;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.ConfigException;
import dev.tusk.config.ConfigLoader;
import dev.tusk.config.EffectiveConfig;
import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seeds' TLS file variables, {@code POSTGRES_SSL_CA/CERT/KEY} and {@code DB_SSLROOTCERT/SSLCERT/SSLKEY}, end to end. */
class TlsEnvironmentTest {

    private static TlsPostgres tls;

    @BeforeAll
    static void startServer() {
        tls = TlsPostgres.builder().label("tusk-tls-environment").certificateUser("certuser").start();
    }

    @AfterAll
    static void stopServer() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void shouldLogInWithAClientCertificateFromThePostgresSslVariables() {
        EffectiveConfig effective = load(Map.of(
                "POSTGRES_HOST", "localhost", "POSTGRES_PORT", port(), "POSTGRES_DATABASE", TlsPostgres.DATABASE,
                "POSTGRES_USER", "certuser", "POSTGRES_SSL_MODE", "verify-full",
                "POSTGRES_SSL_CA", tls.material().caCertificate().toString(),
                "POSTGRES_SSL_CERT", tls.material().clientCertificate().toString(),
                "POSTGRES_SSL_KEY", tls.material().clientKeyPem().toString()));

        assertThat(effective.source("sslKey").name()).isEqualTo("POSTGRES_SSL_KEY");
        assertCertificateLogin(effective);
    }

    @Test
    void shouldLogInWithAClientCertificateFromTheDbSslVariables() {
        EffectiveConfig effective = load(Map.of(
                "DB_HOST", "localhost", "DB_PORT", port(), "DB_NAME", TlsPostgres.DATABASE, "DB_USER", "certuser",
                "DB_SSLMODE", "verify-full",
                "DB_SSLROOTCERT", tls.material().caCertificate().toString(),
                "DB_SSLCERT", tls.material().clientCertificate().toString(),
                "DB_SSLKEY", tls.material().clientKeyPk8().toString()));

        assertThat(effective.source("sslCert").name()).isEqualTo("DB_SSLCERT");
        assertCertificateLogin(effective);
    }

    @Test
    void shouldNameAMissingKeyFileFromTheEnvironmentAtStart(@TempDir Path directory) {
        Path missing = directory.resolve("client.key");
        EffectiveConfig effective = load(Map.of(
                "POSTGRES_HOST", "localhost", "POSTGRES_PORT", port(), "POSTGRES_DATABASE", TlsPostgres.DATABASE,
                "POSTGRES_USER", "certuser", "POSTGRES_SSL_MODE", "verify-full",
                "POSTGRES_SSL_CA", tls.material().caCertificate().toString(),
                "POSTGRES_SSL_CERT", tls.material().clientCertificate().toString(),
                "POSTGRES_SSL_KEY", missing.toString()));

        assertThatThrownBy(() -> Tusk.connect(effective.config())).isInstanceOf(ConfigException.class)
                .hasMessage("sslKey (sslkey) " + missing + " does not exist");
    }

    private static void assertCertificateLogin(EffectiveConfig effective) {
        try (TuskClient client = Tusk.connect(effective.config())) {
            assertThat(client.queryValue("SELECT current_user", String.class)).isEqualTo("certuser");
            assertThat(client.queryValue("SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()", String.class))
                    .isEqualTo("/CN=certuser");
        }
    }

    private static EffectiveConfig load(Map<String, String> environment) {
        return ConfigLoader.of(environment::get, null).load();
    }

    private static String port() {
        return String.valueOf(tls.server().port());
    }
}
