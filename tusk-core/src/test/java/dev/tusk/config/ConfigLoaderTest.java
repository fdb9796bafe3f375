package dev.tusk.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {

    @TempDir
    Path home;

    private EffectiveConfig load(Map<String, String> environment) {
        return ConfigLoader.of(environment::get, home).load();
    }

    private EffectiveConfig load(Map<String, String> environment, Consumer<TuskConfigBuilder> explicit) {
        return ConfigLoader.of(environment::get, home).load(explicit);
    }

    @Test
    void shouldUseTheDevelopmentProfileDefaultsWhenNothingIsSet() {
        EffectiveConfig effective = load(Map.of());

        assertThat(effective.config().profile()).isEqualTo(Profile.DEVELOPMENT);
        assertThat(effective.config().poolMaxSize()).isEqualTo(10);
        assertThat(effective.config().password()).isNull();
        assertThat(effective.source("poolMaxSize").describe()).isEqualTo("profile development default");
        assertThat(effective.source("fetchSize").describe()).isEqualTo("default");
        assertThat(effective.source("profile").kind()).isEqualTo(SettingSource.Kind.DEFAULT);
        assertThat(effective.warnings()).isEmpty();
    }

    @Test
    void shouldRecordASourceForEverySettingInRecordOrder() {
        EffectiveConfig effective = load(Map.of("POSTGRES_HOST", "db.example"));

        assertThat(effective.sources().keySet()).containsExactlyElementsOf(
                Arrays.stream(TuskConfig.class.getRecordComponents()).map(RecordComponent::getName).toList());
        assertThat(Arrays.stream(Setting.values()).map(Setting::key).toList())
                .containsExactlyElementsOf(effective.sources().keySet());
    }

    @Test
    void shouldChooseTheProfileFromTuskEnvThenAppEnvThenEnvironment() {
        EffectiveConfig tusk = load(Map.of("TUSK_ENV", "prod", "APP_ENV", "staging", "ENVIRONMENT", "development"));
        assertThat(tusk.config().profile()).isEqualTo(Profile.PRODUCTION);
        assertThat(tusk.source("profile").name()).isEqualTo("TUSK_ENV");
        assertThat(tusk.source("poolMaxSize").describe()).isEqualTo("profile production default");
        assertThat(tusk.config().sslMode()).isEqualTo(SslMode.VERIFY_FULL);

        assertThat(load(Map.of("APP_ENV", "Staging", "ENVIRONMENT", "prod")).config().profile()).isEqualTo(Profile.STAGING);
        assertThat(load(Map.of("ENVIRONMENT", "DEV")).config().profile()).isEqualTo(Profile.DEVELOPMENT);
    }

    @Test
    void shouldNotReadLowerProfileVariablesOnceOneIsSet() {
        EffectiveConfig effective = load(Map.of("TUSK_ENV", "production", "ENVIRONMENT", "test"));

        assertThat(effective.config().profile()).isEqualTo(Profile.PRODUCTION);
    }

    @Test
    void shouldMapEverySeed000Variable() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "POSTGRES_HOST", "omninode-bridge-postgres", "POSTGRES_PORT", "5436", "POSTGRES_DATABASE", "omninode_bridge",
                "POSTGRES_USER", "postgres", "POSTGRES_PASSWORD", "your-secure-password",
                "POSTGRES_SSL_ENABLED", "true", "POSTGRES_SSL_MODE", "require",
                "POSTGRES_SSL_CERT", "/path/to/client-cert.pem", "POSTGRES_SSL_KEY", "/path/to/client-key.pem",
                "POSTGRES_SSL_CA", "/path/to/ca-cert.pem"));
        environment.putAll(Map.of("POSTGRES_POOL_MIN_SIZE", "10", "POSTGRES_POOL_MAX_SIZE", "50",
                "POSTGRES_QUERY_TIMEOUT", "60", "POSTGRES_ACQUIRE_TIMEOUT", "10",
                "POSTGRES_POOL_EXHAUSTION_THRESHOLD", "80.0", "POSTGRES_MAX_QUERIES_PER_CONNECTION", "50000",
                "POSTGRES_CONNECTION_MAX_AGE", "3600", "POSTGRES_LEAK_DETECTION", "true",
                "POSTGRES_SSL_CHECK_HOSTNAME", "true"));

        EffectiveConfig effective = load(environment);
        TuskConfig config = effective.config();

        assertThat(config.host()).isEqualTo("omninode-bridge-postgres");
        assertThat(config.port()).isEqualTo(5436);
        assertThat(config.database()).isEqualTo("omninode_bridge");
        assertThat(config.user()).isEqualTo("postgres");
        assertThat(config.password()).isEqualTo("your-secure-password");
        assertThat(config.sslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(config.sslCert()).isEqualTo(Path.of("/path/to/client-cert.pem"));
        assertThat(config.sslKey()).isEqualTo(Path.of("/path/to/client-key.pem"));
        assertThat(config.sslRootCert()).isEqualTo(Path.of("/path/to/ca-cert.pem"));
        assertThat(config.poolMinSize()).isEqualTo(10);
        assertThat(config.poolMaxSize()).isEqualTo(50);
        assertThat(config.statementTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.acquireTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.exhaustionThresholdPercent()).isEqualTo(80.0);
        assertThat(config.maxQueriesPerConnection()).isEqualTo(50_000L);
        assertThat(config.maxLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(config.leakDetectionThreshold()).isEqualTo(Duration.ofSeconds(60));
        assertThat(effective.source("statementTimeout").name()).isEqualTo("POSTGRES_QUERY_TIMEOUT");
        assertThat(effective.source("sslMode").name()).isEqualTo("POSTGRES_SSL_MODE");
        assertThat(effective.source("leakDetectionThreshold").name()).isEqualTo("POSTGRES_LEAK_DETECTION");
    }

    @Test
    void shouldReadSeed001TimeoutsInTheirOwnUnits() {
        EffectiveConfig effective = load(Map.ofEntries(Map.entry("DB_HOST", "localhost"), Map.entry("DB_PORT", "5433"),
                Map.entry("DB_USER", "postgres"), Map.entry("DB_PASSWORD", "your_password"), Map.entry("DB_NAME", "codecheck"),
                Map.entry("DB_SSLMODE", "prefer"), Map.entry("DB_POOL_MIN", "2"), Map.entry("DB_POOL_MAX", "10"),
                Map.entry("DB_TIMEOUT", "30"), Map.entry("DB_STATEMENT_TIMEOUT", "30000"),
                Map.entry("DB_IDLE_TIMEOUT", "60000"), Map.entry("DB_SSLROOTCERT", "/path/to/root.crt"),
                Map.entry("DB_SSLCERT", "/path/to/client.crt"), Map.entry("DB_SSLKEY", "/path/to/client.key")));
        TuskConfig config = effective.config();

        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.idleInTransactionTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.port()).isEqualTo(5433);
        assertThat(config.database()).isEqualTo("codecheck");
        assertThat(config.password()).isEqualTo("your_password");
        assertThat(config.sslMode()).isEqualTo(SslMode.PREFER);
        assertThat(config.sslRootCert()).isEqualTo(Path.of("/path/to/root.crt"));
        assertThat(config.sslCert()).isEqualTo(Path.of("/path/to/client.crt"));
        assertThat(config.sslKey()).isEqualTo(Path.of("/path/to/client.key"));
        assertThat(config.poolMinSize()).isEqualTo(2);
        assertThat(config.poolMaxSize()).isEqualTo(10);
        assertThat(effective.source("idleInTransactionTimeout").name()).isEqualTo("DB_IDLE_TIMEOUT");
    }

    @Test
    void shouldReadSeed003DurationsInMilliseconds() {
        TuskConfig config = load(Map.of("POSTGRESQL_MAX_RETRIES", "5", "POSTGRESQL_RETRY_DELAY", "250",
                "POSTGRESQL_CIRCUIT_BREAKER_THRESHOLD", "7", "POSTGRESQL_CIRCUIT_BREAKER_TIMEOUT", "45000",
                "POSTGRESQL_CONNECTION_TIMEOUT", "2500", "POSTGRESQL_METRICS_ENABLED", "false",
                "POSTGRESQL_SLOW_QUERY_THRESHOLD", "200", "POSTGRESQL_HEALTH_CHECK_INTERVAL", "15000")).config();

        assertThat(config.maxRetries()).isEqualTo(5);
        assertThat(config.retryDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.circuitBreakerThreshold()).isEqualTo(7);
        assertThat(config.circuitBreakerTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.metricsEnabled()).isFalse();
        assertThat(config.slowQueryThreshold()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.healthCheckInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void shouldLogEveryStatementWhenSeed004AsksForDebugLogging() {
        assertThat(load(Map.of()).config().logStatements()).isFalse();
        assertThat(load(Map.of("DATABASE_LOG_LEVEL", "debug")).config().logStatements()).isTrue();
        assertThat(load(Map.of("DATABASE_LOG_LEVEL", "INFO")).config().logStatements()).isFalse();
        assertThat(load(Map.of("DATABASE_LOG_LEVEL", "debug"), b -> b.logStatements(false)).config().logStatements())
                .isFalse();
        assertThat(load(Map.of("DATABASE_LOG_LEVEL", "trace")).source("logStatements").describe())
                .contains("DATABASE_LOG_LEVEL");
    }

    @Test
    void shouldReadLibpqVariables() {
        TuskConfig config = load(Map.ofEntries(Map.entry("PGHOST", "pg.example"), Map.entry("PGPORT", "6432"),
                Map.entry("PGDATABASE", "shop"), Map.entry("PGUSER", "shopper"), Map.entry("PGPASSWORD", "pw"),
                Map.entry("PGSSLMODE", "verify-full"), Map.entry("PGSSLROOTCERT", "/ca.pem"),
                Map.entry("PGSSLCERT", "/c.pem"), Map.entry("PGSSLKEY", "/k.pk8"), Map.entry("PGAPPNAME", "shop-api"),
                Map.entry("PGCONNECT_TIMEOUT", "4"), Map.entry("PGOPTIONS", "-c search_path=shop"),
                Map.entry("PGTARGETSESSIONATTRS", "prefer-standby"))).config();

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://pg.example:6432/shop");
        assertThat(config.user()).isEqualTo("shopper");
        assertThat(config.password()).isEqualTo("pw");
        assertThat(config.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(config.sslRootCert()).isEqualTo(Path.of("/ca.pem"));
        assertThat(config.sslCert()).isEqualTo(Path.of("/c.pem"));
        assertThat(config.sslKey()).isEqualTo(Path.of("/k.pk8"));
        assertThat(config.applicationName()).isEqualTo("shop-api");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.options()).isEqualTo("-c search_path=shop");
        assertThat(config.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.PREFER_STANDBY);
    }

    @Test
    void shouldPreferPostgresDatabaseOverSeed002sPostgresDb() {
        EffectiveConfig both = load(Map.of("POSTGRES_DATABASE", "orders", "POSTGRES_DB", "legacy"));
        assertThat(both.config().database()).isEqualTo("orders");
        assertThat(both.source("database").describe()).isEqualTo("POSTGRES_DATABASE (also set by POSTGRES_DB)");

        assertThat(load(Map.of("POSTGRES_DB", "legacy")).config().database()).isEqualTo("legacy");
    }

    @Test
    void shouldAcceptDurationUnitSuffixesInEveryFamily() {
        TuskConfig config = load(Map.of("POSTGRES_QUERY_TIMEOUT", "500ms", "DB_IDLE_TIMEOUT", "5m",
                "POSTGRESQL_RETRY_DELAY", "1.5s", "POSTGRES_CONNECTION_MAX_AGE", "2h", "PGCONNECT_TIMEOUT", "30s")).config();

        assertThat(config.statementTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.idleInTransactionTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.retryDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.maxLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldRankBuilderThenUrlThenFamiliesThenLibpqThenDefaults() {
        Map<String, String> environment = new HashMap<>(Map.of("DATABASE_URL", "postgresql://url-host/app",
                "POSTGRES_HOST", "postgres-host", "DB_HOST", "db-host", "PGHOST", "pg-host"));
        List<String> expected = List.of("url-host", "postgres-host", "db-host", "pg-host");
        List<String> variables = List.of("DATABASE_URL", "POSTGRES_HOST", "DB_HOST", "PGHOST");

        EffectiveConfig withBuilder = load(environment, builder -> builder.host("builder-host"));
        assertThat(withBuilder.config().host()).isEqualTo("builder-host");
        assertThat(withBuilder.source("host").describe())
                .isEqualTo("builder (also set by DATABASE_URL, POSTGRES_HOST, DB_HOST, PGHOST)");
        for (int i = 0; i < variables.size(); i++) {
            EffectiveConfig effective = load(environment);
            assertThat(effective.config().host()).isEqualTo(expected.get(i));
            assertThat(effective.source("host").name()).isEqualTo(variables.get(i));
            assertThat(effective.source("host").alsoSetBy()).containsExactlyElementsOf(variables.subList(i + 1, variables.size()));
            environment.remove(variables.get(i));
        }
        assertThat(load(environment).config().host()).isEqualTo("localhost");
    }

    @Test
    void shouldRankPostgresThenPostgresqlThenDbVariables() {
        EffectiveConfig effective = load(Map.of("POSTGRESQL_CONNECTION_TIMEOUT", "2000", "DB_TIMEOUT", "30",
                "PGCONNECT_TIMEOUT", "5", "POSTGRES_QUERY_TIMEOUT", "45", "DB_STATEMENT_TIMEOUT", "1000"));

        assertThat(effective.config().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(effective.source("connectTimeout").describe())
                .isEqualTo("POSTGRESQL_CONNECTION_TIMEOUT (also set by DB_TIMEOUT, PGCONNECT_TIMEOUT)");
        assertThat(effective.config().statementTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(effective.source("statementTimeout").alsoSetBy()).containsExactly("DB_STATEMENT_TIMEOUT");
    }

    @Test
    void shouldFillWhatTheUrlLeavesOutFromLowerSources() {
        EffectiveConfig effective = load(Map.of("DATABASE_URL", "postgresql://db.example/app", "PGPORT", "6543",
                "POSTGRES_USER", "svc", "DB_PASSWORD", "pw"));

        assertThat(effective.config().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/app");
        assertThat(effective.source("port").name()).isEqualTo("PGPORT");
        assertThat(effective.source("user").name()).isEqualTo("POSTGRES_USER");
        assertThat(effective.source("password").name()).isEqualTo("DB_PASSWORD");
    }

    @Test
    void shouldReadOnlyTheHighestUrlVariableAndWarnAboutTheOthers() {
        String pooled = "postgresql://u:p@pooler.example:6543/db?pgbouncer=true&connect_timeout=15";
        String direct = "postgresql://u:p@direct.example:5432/db";

        EffectiveConfig vercel = load(Map.of("POSTGRES_PRISMA_URL", pooled, "POSTGRES_URL_NON_POOLING", direct));
        assertThat(vercel.config().host()).isEqualTo("direct.example");
        assertThat(vercel.config().pgbouncer()).isFalse();
        assertThat(vercel.source("host").name()).isEqualTo("POSTGRES_URL_NON_POOLING");
        assertThat(vercel.warnings())
                .containsExactly("POSTGRES_PRISMA_URL is set but not used: POSTGRES_URL_NON_POOLING takes precedence");

        EffectiveConfig override = load(Map.of("DATABASE_URL", "postgresql://main.example/db",
                "POSTGRES_PRISMA_URL", pooled, "POSTGRES_URL_NON_POOLING", direct));
        assertThat(override.config().host()).isEqualTo("main.example");
        assertThat(override.warnings()).hasSize(2);
    }

    @Test
    void shouldTakePgbouncerAndConnectTimeoutFromThePooledPrismaUrl() {
        EffectiveConfig effective = load(Map.of("POSTGRES_PRISMA_URL",
                "postgresql://user:password@localhost:5432/nexpo_db?pgbouncer=true&connect_timeout=15"));

        assertThat(effective.config().pgbouncer()).isTrue();
        assertThat(effective.config().connectTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(effective.source("pgbouncer").kind()).isEqualTo(SettingSource.Kind.URL);
        assertThat(effective.source("pgbouncer").name()).isEqualTo("POSTGRES_PRISMA_URL");
    }

    @Test
    void shouldLetExplicitBuilderValuesBeatEveryOtherSource() {
        EffectiveConfig effective = load(Map.of("TUSK_ENV", "production", "POSTGRES_POOL_MAX_SIZE", "50",
                "POSTGRES_PASSWORD", "from-env"), builder -> builder.profile(Profile.STAGING).poolMaxSize(7).password(null));

        assertThat(effective.config().profile()).isEqualTo(Profile.STAGING);
        assertThat(effective.config().poolMaxSize()).isEqualTo(7);
        assertThat(effective.config().password()).isNull();
        assertThat(effective.source("password").describe()).isEqualTo("builder (also set by POSTGRES_PASSWORD)");
        assertThat(effective.source("poolMinSize").describe()).isEqualTo("profile staging default");
    }

    @Test
    void shouldTreatABlankVariableAsUnset() {
        EffectiveConfig effective = load(Map.of("POSTGRES_HOST", "  ", "DB_HOST", "db.example", "TUSK_ENV", ""));

        assertThat(effective.config().host()).isEqualTo("db.example");
        assertThat(effective.config().profile()).isEqualTo(Profile.DEVELOPMENT);
    }

    @Test
    void shouldReadLeakDetectionAsASwitchOrAThreshold() {
        assertThat(load(Map.of("POSTGRES_LEAK_DETECTION", "false")).config().leakDetectionThreshold()).isZero();
        assertThat(load(Map.of("POSTGRES_LEAK_DETECTION", "TRUE")).config().leakDetectionThreshold())
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(load(Map.of("POSTGRES_LEAK_DETECTION", "15")).config().leakDetectionThreshold())
                .isEqualTo(Duration.ofSeconds(15));
    }
}
