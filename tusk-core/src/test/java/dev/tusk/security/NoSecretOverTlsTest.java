package dev.tusk.security;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.Profile;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.TuskConfigBuilder;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.testing.tls.TlsMaterial;
import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS failures (a CA the client does not trust, a host name the certificate does not list, a server that offers no
 * TLS, a wrong password over TLS) with a distinctive password, the audit log on: the failures, their causes, the
 * health and TLS reports, every log line (dev.tusk.audit among them) and the audit table's rows show no password.
 */
@WithPostgres
class NoSecretOverTlsTest {

    private static final String PASSWORD = "pw-Tls7!leak-5521";
    private static final List<String> SECRETS = List.of(PASSWORD, "Tls7!leak", "leak-5521");

    private static TlsPostgres tls;

    @BeforeAll
    static void startServer() {
        tls = TlsPostgres.builder().label("tusk-tls-secrets").passwordUser("app", PASSWORD).tlsOnlyUser("app").start();
    }

    @AfterAll
    static void stopServer() {
        if (tls != null) {
            tls.close();
        }
    }

    private static TuskConfig login(String host, int port, String password, SslMode mode,
                                    Consumer<TuskConfigBuilder> more) {
        TuskConfigBuilder builder = TuskConfig.builder().profile(Profile.STAGING).host(host).port(port)
                .database(TlsPostgres.DATABASE).user("app").password(password).sslMode(mode)
                .sslRootCert(tls.material().caCertificate()).connectTimeout(Duration.ofSeconds(5))
                .acquireTimeout(Duration.ofSeconds(5)).warmUp(false).poolMinSize(0).maxRetries(0);
        more.accept(builder);
        return builder.build();
    }

    @Test
    void shouldKeepThePasswordOutOfEveryTlsFailureItsLogsAndTheAuditLog(PostgresServer plain,
                                                                      @TempDir Path otherDirectory) {
        TlsMaterial otherCa = TlsMaterial.generate(otherDirectory, "someone");
        int port = tls.server().port();
        List<TuskConfig> failing = List.of(
                login("localhost", port, PASSWORD, SslMode.VERIFY_FULL, b -> b.sslRootCert(otherCa.caCertificate())),
                login("127.1", port, PASSWORD, SslMode.VERIFY_FULL, b -> { }),
                login("127.0.0.1", plain.port(), PASSWORD, SslMode.REQUIRE, b -> { }),
                login("localhost", port, "wrong-" + PASSWORD, SslMode.VERIFY_FULL, b -> { }));
        List<String> expectedStates = List.of("08004", "08004", "08004", "28P01");
        try (LeakWatch watch = LeakWatch.start()) {
            for (int i = 0; i < failing.size(); i++) {
                TuskConfig config = failing.get(i);
                watch.see(config);
                try (TuskClient client = Tusk.connect(config)) {
                    String state = expectedStates.get(i);
                    watch.seeFailure(assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                            .isInstanceOfSatisfying(TuskException.class,
                                    e -> assertThat(e.sqlState()).as(config.host()).isEqualTo(state)).actual());
                    var health = client.health(Duration.ZERO);
                    watch.see(health, health.toJson(), client.poolStats(), client.audit().stats());
                    assertThat(client.audit().flush(Duration.ofSeconds(10))).isTrue();
                }
            }
            // The audit table, written by a client that logs in, after the failures above were recorded by theirs.
            TuskConfig good = login("localhost", port, PASSWORD, SslMode.VERIFY_FULL, b -> b.auditEnabled(true));
            try (TuskClient client = Tusk.connect(good)) {
                client.audit().record("login.checked", "app", true, java.util.Map.of("via", "tls"));
                watch.see(client.tlsReport(), client.health(Duration.ZERO).toJson());
                assertThat(client.audit().flush(Duration.ofSeconds(20))).isTrue();
                List<String> rows = client.query("SELECT t::text FROM tusk_audit t", String.class);
                assertThat(rows).anyMatch(row -> row.contains("connection.opened"))
                        .anyMatch(row -> row.contains("login.checked"));
                watch.see(rows);
            }
            List<String> auditLines = watch.everything().stream().flatMap(String::lines)
                    .filter(line -> line.contains("dev.tusk.audit - audit type=")).toList();
            assertThat(auditLines).anyMatch(line -> line.contains("type=tls.refused"))
                    .anyMatch(line -> line.contains("type=auth.failure"))
                    .anyMatch(line -> line.contains("type=config.warning"));
            watch.assertNoneOf(SECRETS);
        }
    }
}
