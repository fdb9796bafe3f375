package dev.tusk.security;

import dev.tusk.AuthenticationException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class AuditLogTest {

    private static TuskConfig config(TestDatabase database) {
        return TuskConfig.fromUrl(database.url()).toBuilder().auditEnabled(true).build();
    }

    @Test
    void shouldWriteRecordedEventsToTheAuditTableWithTheirFields(TestDatabase database) {
        try (TuskClient setup = Tusk.connect(database.url())) {
            setup.execute("CREATE SCHEMA sec");
        }
        TuskConfig config = config(database).toBuilder().auditSchema("sec").auditTable("events")
                .applicationName("audit-test").build();
        try (TuskClient client = Tusk.connect(config)) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("resource", "invoice/42");
            details.put("quote", "it's \"odd\"\n");
            client.audit().record("invoice.read", "alice", true, details);
            client.audit().record("invoice.delete", "bob", false, Map.of("reason", "not owner"));

            assertThat(client.audit().flush(Duration.ofSeconds(20))).isTrue();
            // The pool's connections are recorded too (connection.opened), so the caller's events are picked out.
            assertThat(client.audit().written()).isEqualTo(client.audit().queued()).isGreaterThanOrEqualTo(2);
            assertThat(client.audit().pending()).isZero();
            List<String> rows = client.query("SELECT concat_ws('|', type, principal, success, "
                    + "details->>'resource', details->>'quote', details->>'reason', application, "
                    + "at > now() - interval '1 minute') FROM sec.events WHERE type LIKE 'invoice.%' ORDER BY id", String.class);
            assertThat(rows).containsExactly(
                    "invoice.read|alice|t|invoice/42|it's \"odd\"\n|audit-test|t",
                    "invoice.delete|bob|f|not owner|audit-test|t");
        }
    }

    @Test
    void shouldDropAndCountWithoutBlockingTheCallerWhileTheTableIsLocked(TestDatabase database) throws Exception {
        TuskConfig config = config(database).toBuilder().auditQueueCapacity(50).build();
        try (TuskClient client = Tusk.connect(config); Connection locker = database.connect()) {
            client.audit().record("warm.up", "alice", true, Map.of());
            assertThat(client.audit().flush(Duration.ofSeconds(20))).isTrue();
            long writtenBeforeTheLock = client.audit().written();
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLE public.tusk_audit IN ACCESS EXCLUSIVE MODE");
            }
            long slowest = 0;
            for (int i = 0; i < 2000; i++) {
                long start = System.nanoTime();
                client.audit().record("bulk.read", "alice", true, Map.of("n", Integer.toString(i)));
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
            // Generous: an offer to a queue, never a wait for the lock.
            assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(50));
            // At most one batch (500) in the flusher's hands and 50 in the queue while the lock holds.
            assertThat(client.audit().dropped()).isGreaterThanOrEqualTo(2000 - 500 - 50);
            assertThat(client.audit().written()).isEqualTo(writtenBeforeTheLock);
            // The caller's own queries are not held back by the audit table.
            assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);

            locker.rollback();
            assertThat(client.audit().flush(Duration.ofSeconds(30))).isTrue();
            long kept = client.audit().queued();
            assertThat(kept + client.audit().dropped()).as("every event offered is kept or dropped")
                    .isGreaterThanOrEqualTo(2001);
            assertThat(client.audit().written()).isEqualTo(kept);
            assertThat(client.queryValue("SELECT count(*) FROM tusk_audit", Long.class)).isEqualTo(kept);
        }
    }

    @Test
    void shouldDeleteRowsOlderThanTheRetentionInChunks(TestDatabase database) throws InterruptedException {
        try (TuskClient setup = Tusk.connect(database.url())) {
            setup.execute("CREATE TABLE tusk_audit (id bigserial primary key, at timestamptz, type text, "
                    + "principal text, success boolean, details jsonb, application text)");
            setup.execute("INSERT INTO tusk_audit (at, type, principal, success, details, application) "
                    + "SELECT now() - interval '2 days', 'old', 'alice', true, '{}', 'tusk' FROM generate_series(1, 2500)");
        }
        TuskConfig config = config(database).toBuilder().auditRetention(Duration.ofDays(1)).build();
        try (TuskClient client = Tusk.connect(config)) {
            client.audit().record("new", "alice", true, Map.of());
            assertThat(client.audit().flush(Duration.ofSeconds(20))).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (client.queryValue("SELECT count(*) FROM tusk_audit WHERE type = 'old'", Long.class) > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(client.query("SELECT type FROM tusk_audit WHERE type <> 'connection.opened'", String.class))
                    .containsExactly("new");
        }
    }

    @Test
    void shouldRecordAnAuthenticationFailureAndWriteItOnceTheLoginWorksWithoutThePassword() {
        String password = "pw-7f3a9c-distinctive";
        try (ManagedPostgres server = ManagedPostgres.builder().label("audit-auth")
                .hbaRules(List.of("host all postgres 127.0.0.1/32 trust", "host all all 127.0.0.1/32 scram-sha-256"))
                .start()) {
            server.execute("CREATE ROLE app LOGIN PASSWORD 'right-password'");
            server.execute("CREATE SCHEMA audit AUTHORIZATION app");
            TuskConfig config = TuskConfig.fromUrl("postgresql://app:" + password + "@127.0.0.1:" + server.port()
                            + "/postgres").toBuilder().warmUp(false).acquireTimeout(Duration.ofSeconds(2))
                    .auditEnabled(true).auditSchema("audit").build();
            try (TuskClient client = Tusk.connect(config)) {
                assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                        .isInstanceOf(AuthenticationException.class);
                // The database refuses the login, so the event waits in the queue and the flusher keeps trying.
                assertThat(client.audit().flush(Duration.ofSeconds(2))).isFalse();
                assertThat(client.audit().pending()).isPositive();

                server.execute("ALTER ROLE app PASSWORD '" + password + "'");
                assertThat(client.audit().flush(Duration.ofSeconds(30))).isTrue();
                List<String> failures = client.query("SELECT concat_ws('|', type, principal, success, "
                        + "details->>'sqlState') FROM audit.tusk_audit WHERE type = 'auth.failure'", String.class);
                assertThat(failures).isNotEmpty().allMatch(row -> row.equals("auth.failure|app|f|28P01"));
                assertThat(client.query("SELECT t::text FROM audit.tusk_audit t", String.class))
                        .isNotEmpty().noneMatch(row -> row.contains(password) || row.contains("7f3a9c"));
            }
        }
    }

    @Test
    void shouldRecordTheBreakerOpeningAndClosingAndTheConnectionFailureBehind() throws InterruptedException {
        try (ManagedPostgres server = ManagedPostgres.builder().label("audit-breaker").start()) {
            TuskConfig config = TuskConfig.fromUrl("postgresql://" + server.superuser() + "@127.0.0.1:" + server.port()
                            + "/postgres").toBuilder().warmUp(false).acquireTimeout(Duration.ofSeconds(1))
                    .maxRetries(0).circuitBreakerThreshold(1).circuitBreakerTimeout(Duration.ofMillis(200))
                    .auditEnabled(true).build();
            try (TuskClient client = Tusk.connect(config)) {
                assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
                server.stop();
                assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class)).isInstanceOf(TuskException.class);
                assertThat(client.circuitBreaker().state()).isEqualTo(dev.tusk.resilience.CircuitState.OPEN);
                server.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!answers(client) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(client.audit().flush(Duration.ofSeconds(30))).isTrue();
                assertThat(client.query("SELECT DISTINCT type || '|' || success FROM tusk_audit", String.class))
                        .contains("connection.failure|false", "breaker.opened|false", "breaker.closed|true");
            }
        }
    }

    @Test
    void shouldRecordTheSecurityWarningsAtStart(TestDatabase database) {
        TuskConfig config = config(database).toBuilder().profile(dev.tusk.config.Profile.STAGING)
                .sslMode(dev.tusk.config.SslMode.DISABLE).build();
        try (TuskClient client = Tusk.connect(config)) {
            assertThat(client.audit().flush(Duration.ofSeconds(20))).isTrue();
            assertThat(client.query("SELECT details->>'warning' FROM tusk_audit "
                    + "WHERE type = 'config.warning' AND NOT success", String.class))
                    .isNotEmpty().anyMatch(warning -> warning.startsWith("sslMode=disable under profile staging"));
        }
    }

    private static boolean answers(TuskClient client) {
        try {
            return client.queryValue("SELECT 1", Integer.class) == 1;
        } catch (TuskException e) {
            return false;
        }
    }

    @Test
    void shouldRefuseAnAuditTableThatIsNotAPlainIdentifier() {
        assertThatThrownBy(() -> TuskConfig.builder().auditTable("audit; DROP TABLE users"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auditTable")
                .hasMessageContaining("audit; DROP TABLE users");
        assertThatThrownBy(() -> TuskConfig.builder().auditSchema("Public"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auditSchema");
    }
}
