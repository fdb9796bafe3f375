package dev.tusk.security;

import dev.tusk.AuthenticationException;
import dev.tusk.ConnectionException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.Credentials;
import dev.tusk.config.CredentialsProvider;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rotating credentials against a real server that demands SCRAM passwords: the provider is asked for each new
 * connection, so a password changed with {@code ALTER ROLE} mid-run is used by the next connection while the open ones
 * stay; a stale password is refused by the server; a provider that throws or returns null fails the acquire at once,
 * naming the provider and never what it was fetching.
 */
class RotatingCredentialsTest {

    private static final String FIRST = "pw-First-rot-1";
    private static final String SECOND = "pw-Second-rot-2";

    private static TlsPostgres tls;

    @BeforeAll
    static void startServer() {
        tls = TlsPostgres.builder().label("tusk-rotating").passwordUser("rotor", FIRST).passwordUser("other", "pw-Other-3")
                .start();
    }

    @AfterAll
    static void stopServer() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void shouldUseTheNewPasswordForNewConnectionsAndKeepTheOpenOnes() throws Exception {
        AtomicReference<String> current = new AtomicReference<>(FIRST);
        AtomicInteger asked = new AtomicInteger();
        CredentialsProvider provider = () -> {
            asked.incrementAndGet();
            return Credentials.password(current.get());
        };
        try (TuskClient client = Tusk.connect(config(provider).build())) {
            assertThat(asked).hasValue(1);
            try (Connection held = client.dataSource().getConnection()) {
                int heldPid = pid(held);
                setPassword("rotor", SECOND);

                // The provider still hands out the old password: the server refuses the next new connection.
                assertThatThrownBy(() -> client.withConnection(RotatingCredentialsTest::pid))
                        .isInstanceOf(AuthenticationException.class)
                        .hasMessageContaining("as user \"rotor\"")
                        .satisfies(e -> assertThat(everything(e)).doesNotContain(FIRST).doesNotContain(SECOND));

                current.set(SECOND);
                int newPid = client.withConnection(RotatingCredentialsTest::pid);
                assertThat(newPid).isNotEqualTo(heldPid);
                assertThat(asked.get()).isGreaterThanOrEqualTo(3);
                // The connection opened with the old password was not dropped: it still answers, as the same backend.
                assertThat(pid(held)).isEqualTo(heldPid);
            } finally {
                setPassword("rotor", FIRST);
            }
        }
    }

    @Test
    void shouldLogTheListenConnectionInWithTheProvidersCurrentPassword() throws Exception {
        AtomicReference<String> current = new AtomicReference<>(SECOND);
        setPassword("rotor", SECOND);
        try (TuskClient client = Tusk.connect(config(() -> Credentials.password(current.get())).build())) {
            java.util.concurrent.BlockingQueue<String> heard = new java.util.concurrent.LinkedBlockingQueue<>();
            // The LISTEN connection is opened outside the pool, after the rotation: only the provider knows the password.
            try (var subscription = client.listen("rotated", notification -> heard.add(notification.payload()))) {
                client.notify("rotated", "hello");
                assertThat(heard.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("hello");
                assertThat(subscription.stats().listening()).isTrue();
            }
        } finally {
            setPassword("rotor", FIRST);
        }
    }

    @Test
    void shouldLogInAsTheUserTheProviderNames() {
        CredentialsProvider provider = () -> Credentials.of("other", "pw-Other-3");
        try (TuskClient client = Tusk.connect(config(provider).build())) {
            assertThat(client.queryValue("SELECT current_user", String.class)).isEqualTo("other");
        }
    }

    @Test
    void shouldReportAProviderThatThrowsAtOnceWithoutItsMessage() {
        AtomicInteger asked = new AtomicInteger();
        CredentialsProvider failing = () -> {
            asked.incrementAndGet();
            throw new IllegalStateException("vault answered 503 for token tok-Sekret-991");
        };
        TuskConfig config = config(failing).warmUp(false).acquireTimeout(Duration.ofSeconds(20)).build();
        try (TuskClient client = Tusk.connect(config)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("as user \"rotor\": the credentials provider threw java.lang.IllegalStateException "
                            + "(its message is kept on this exception's cause, not shown here); no connection was attempted")
                    .hasMessageNotContaining("tok-Sekret-991")
                    .satisfies(e -> assertThat(((ConnectionException) e).isTransient()).isFalse());
            // Heard well within the acquire timeout, and the provider was not called in a tight loop meanwhile.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(asked.get()).isBetween(1, 20);
        }
    }

    @Test
    void shouldReportAProviderThatReturnsNull() {
        TuskConfig config = config(() -> null).warmUp(false).build();
        try (TuskClient client = Tusk.connect(config)) {
            assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("the credentials provider returned null; no connection was attempted");
        }
    }

    @Test
    void shouldFailAtStartWhenWarmUpMeetsAFailingProvider() {
        TuskConfig config = config(() -> {
            throw new java.io.IOException("token endpoint down");
        }).build();

        assertThatThrownBy(() -> Tusk.connect(config)).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("the credentials provider threw java.io.IOException")
                .hasMessageNotContaining("token endpoint down");
    }

    private static dev.tusk.config.TuskConfigBuilder config(CredentialsProvider provider) {
        return TuskConfig.builder().host("localhost").port(tls.server().port()).database(TlsPostgres.DATABASE)
                .user("rotor").credentials(provider).sslMode(SslMode.VERIFY_FULL)
                .sslRootCert(tls.material().caCertificate()).poolMinSize(1).poolMaxSize(3)
                .connectTimeout(Duration.ofSeconds(5)).acquireTimeout(Duration.ofSeconds(5)).maxRetries(0);
    }

    private static int pid(Connection connection) throws SQLException {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void setPassword(String role, String password) throws SQLException {
        try (Connection admin = tls.server().connect(TlsPostgres.DATABASE)) {
            // A SCRAM verifier computed here: the plaintext never reaches the server's log.
            admin.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
        }
    }

    private static String everything(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
