package dev.tusk.security;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.ConfigException;
import dev.tusk.config.ConfigLoader;
import dev.tusk.config.EffectiveConfig;
import dev.tusk.config.Profile;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.health.HealthReport;
import dev.tusk.http.TuskHttpServer;
import dev.tusk.metrics.TuskMetrics;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The audit log's automatic events for connections opened, TLS refused and production's override, its counters in
 * {@code stats()}, health and both metrics outputs, and its settings from {@code TUSK_AUDIT_*} variables.
 */
@WithPostgres
class AuditEventsTest {

    private static TuskConfig config(TestDatabase database) {
        return TuskConfig.fromUrl(database.url()).toBuilder().auditEnabled(true).build();
    }

    @Test
    void shouldRecordEveryConnectionThePoolOpens(TestDatabase database) {
        try (TuskClient client = Tusk.connect(config(database).toBuilder().applicationName("opened-test").build())) {
            assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
            long created = client.poolStats().created();
            assertThat(client.audit().flush(Duration.ofSeconds(20))).isTrue();
            List<String> opened = client.query("SELECT concat_ws('|', principal, success, details->>'host', "
                    + "details->>'database') FROM tusk_audit WHERE type = 'connection.opened'", String.class);
            assertThat(opened).hasSizeGreaterThanOrEqualTo((int) created).isNotEmpty()
                    .allMatch(row -> row.equals(client.config().user() + "|t|" + client.config().host() + "|"
                            + database.name()));
        }
    }

    @Test
    void shouldRecordTheProductionOverrideOnceAndATlsRefusalWithoutThePassword(TestDatabase database) {
        String password = "pw-audit-Q4z!override";
        // Production with allowUnverifiedTls accepts require; the test server offers no TLS, so the connection is refused.
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().profile(Profile.PRODUCTION)
                .sslMode(SslMode.REQUIRE).allowUnverifiedTls(true).password(password).warmUp(false).maxRetries(0)
                .acquireTimeout(Duration.ofSeconds(2)).build();
        try (LeakWatch watch = LeakWatch.start()) {
            try (TuskClient client = Tusk.connect(config)) {
                watch.seeFailure(assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                        .isInstanceOfSatisfying(TuskException.class, e -> assertThat(e.sqlState()).isEqualTo("08004"))
                        .actual());
                assertThat(client.audit().flush(Duration.ofSeconds(20))).isTrue();
                assertThat(client.audit().stats().written()).as("auditEnabled is off: the log only").isZero();
            }
            List<String> auditLines = watch.everything().stream()
                    .flatMap(text -> text.lines()).filter(line -> line.contains("dev.tusk.audit - audit type=")).toList();
            assertThat(auditLines).filteredOn(line -> line.contains("type=config.override")).singleElement()
                    .satisfies(line -> assertThat(line).contains("WARN", "success=false",
                            "\"setting\":\"allowUnverifiedTls\"", "\"sslMode\":\"require\""));
            assertThat(auditLines).noneMatch(line -> line.contains("type=config.warning"));
            assertThat(auditLines).anySatisfy(line -> assertThat(line).contains("type=tls.refused", "success=false",
                    "\"sqlState\":\"08004\""));
            assertThat(auditLines).noneMatch(line -> line.contains("type=connection.failure"));
            watch.assertNoneOf(List.of(password, "Q4z!override"));
        }
    }

    @Test
    void shouldCountQueuedWrittenDroppedAndFailedWritesInStatsHealthAndMetrics(TestDatabase database) throws Exception {
        TuskConfig config = config(database).toBuilder().auditQueueCapacity(5).build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (TuskClient client = TuskMetrics.connect(config, dev.tusk.pool.PoolHooks.NONE, registry)) {
            client.audit().record("warm.up", "alice", true, Map.of());
            assertThat(client.audit().flush(Duration.ofSeconds(20))).isTrue();
            AuditStats settled = client.audit().stats();
            assertThat(settled.written()).isEqualTo(settled.queued()).isPositive();
            assertThat(settled.pending()).isZero();
            assertThat(settled.dropped()).isZero();
            assertThat(settled.failedWrites()).isZero();

            // A NOT NULL column without a default makes every insert fail at once (23502) until it is dropped.
            client.execute("ALTER TABLE tusk_audit ADD COLUMN blocker int NOT NULL DEFAULT 0");
            client.execute("ALTER TABLE tusk_audit ALTER COLUMN blocker DROP DEFAULT");
            for (int i = 0; i < 50; i++) {
                client.audit().record("while.blocked", "alice", true, Map.of());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (client.audit().failedWrites() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            AuditStats blocked = client.audit().stats();
            assertThat(blocked.failedWrites()).isGreaterThanOrEqualTo(2);
            // The queue holds 5 and the flusher, retrying its failed batch, takes no more: most of the 50 are dropped.
            assertThat(blocked.dropped()).isGreaterThanOrEqualTo(30);
            assertThat(blocked.written()).isEqualTo(settled.written());
            assertThat(blocked.pending()).isPositive();

            HealthReport health = client.health();
            assertThat(health.audit()).isNotNull();
            assertThat(health.audit().dropped()).isGreaterThanOrEqualTo(blocked.dropped());
            assertThat(health.audit().failedWrites()).isGreaterThanOrEqualTo(blocked.failedWrites());
            assertThat(health.toJson()).contains("\"audit\":{\"queued\":" + health.audit().queued() + ",",
                    "\"dropped\":" + health.audit().dropped() + ",");
            assertThat(client.lastHealth()).as("the same report, counters as of its check").containsSame(health);

            String scrape = registry.scrape();
            assertThat(scrape).contains("tusk_audit_events_total{outcome=\"dropped\"", "tusk_audit_write_failures_total",
                    "tusk_audit_pending");
            assertThat(sample(scrape, "tusk_audit_events_total{outcome=\"dropped\""))
                    .isGreaterThanOrEqualTo(blocked.dropped());
            assertThat(sample(scrape, "tusk_audit_write_failures_total")).isGreaterThanOrEqualTo(2);
            try (TuskHttpServer http = TuskHttpServer.start(client)) {
                String page = get(http.uri().resolve("/metrics"));
                assertThat(page).contains("# TYPE tusk_audit_events_total counter",
                        "# TYPE tusk_audit_write_failures_total counter", "# TYPE tusk_audit_pending gauge");
                assertThat(sample(page, "tusk_audit_events_total{pool_name=")).isPositive();
                assertThat(page.lines().filter(line -> line.startsWith("tusk_audit_events_total{")
                        && line.contains("outcome=\"dropped\"")).findFirst().map(line ->
                        Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)))).hasValueSatisfying(dropped ->
                        assertThat(dropped).isGreaterThanOrEqualTo(blocked.dropped()));
            }

            client.execute("ALTER TABLE tusk_audit DROP COLUMN blocker");
            assertThat(client.audit().flush(Duration.ofSeconds(30))).isTrue();
            AuditStats after = client.audit().stats();
            assertThat(after.written()).isEqualTo(after.queued());
            assertThat(after.pending()).isZero();
            assertThat(client.queryValue("SELECT count(*) FROM tusk_audit", Long.class)).isEqualTo(after.written());
        }
    }

    @Test
    void shouldTakeTheAuditSettingsFromTuskVariables() {
        EffectiveConfig effective = ConfigLoader.of(Map.of("TUSK_AUDIT_ENABLED", "true", "TUSK_AUDIT_SCHEMA", "sec",
                "TUSK_AUDIT_TABLE", "events", "TUSK_AUDIT_QUEUE_CAPACITY", "42", "TUSK_AUDIT_RETENTION", "720h")::get,
                null).load();
        TuskConfig config = effective.config();
        assertThat(config.auditEnabled()).isTrue();
        assertThat(config.auditSchema()).isEqualTo("sec");
        assertThat(config.auditTable()).isEqualTo("events");
        assertThat(config.auditQueueCapacity()).isEqualTo(42);
        assertThat(config.auditRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(effective.source("auditTable").name()).isEqualTo("TUSK_AUDIT_TABLE");
        assertThat(ConfigLoader.of(Map.of("TUSK_AUDIT_RETENTION", "3600")::get, null).load().config()
                .auditRetention()).as("bare numbers are seconds").isEqualTo(Duration.ofHours(1));

        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.of(Map.of(
                "TUSK_AUDIT_TABLE", "events; DROP TABLE users", "TUSK_AUDIT_QUEUE_CAPACITY", "0",
                "TUSK_AUDIT_ENABLED", "maybe")::get, null).load());
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("TUSK_AUDIT_TABLE", "TUSK_AUDIT_QUEUE_CAPACITY",
                "TUSK_AUDIT_ENABLED");
    }

    private static long sample(String text, String prefix) {
        return text.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + prefix + " in:\n" + text));
    }

    private static String get(URI uri) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(200);
            return reply.body();
        }
    }
}
