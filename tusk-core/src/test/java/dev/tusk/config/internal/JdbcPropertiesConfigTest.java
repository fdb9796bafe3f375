package dev.tusk.config.internal;

import dev.tusk.config.SslMode;
import dev.tusk.config.TargetSessionAttrs;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.TuskConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcPropertiesConfigTest {

    private static TuskConfigBuilder base() {
        return TuskConfig.builder().host("db.example").database("app").user("svc").password("hunter2");
    }

    @Test
    void shouldSetEveryPropertyTuskControls() {
        Properties properties = JdbcProperties.of(base().applicationName("billing").sslMode(SslMode.REQUIRE)
                .connectTimeout(Duration.ofMillis(1500)).statementTimeout(Duration.ofSeconds(30))
                .idleInTransactionTimeout(Duration.ofMinutes(1)).options("-c search_path=app")
                .targetSessionAttrs(TargetSessionAttrs.READ_WRITE).preparedStatementCacheSize(64).build());

        assertThat(properties).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("user", "svc"),
                Map.entry("password", "hunter2"),
                Map.entry("ApplicationName", "billing"),
                Map.entry("sslmode", "require"),
                Map.entry("sslfactory", TuskSslFactory.class.getName()),
                Map.entry("channelBinding", "prefer"),
                Map.entry("sslNegotiation", "postgres"),
                Map.entry("connectTimeout", "2"),
                Map.entry("options", "-c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000 "
                        + "-c search_path=app"),
                Map.entry("targetServerType", "primary"),
                Map.entry("hostRecheckSeconds", "0"),
                Map.entry("prepareThreshold", "5"),
                Map.entry("preparedStatementCacheQueries", "64"),
                Map.entry("tcpKeepAlive", "true"),
                Map.entry("reWriteBatchedInserts", "true"),
                Map.entry("logServerErrorDetail", "false"),
                // statementTimeout 30 s plus connectTimeout 1.5 s, rounded up to whole seconds.
                Map.entry("socketTimeout", "32")));
    }

    @Test
    void shouldLeaveZeroTimeoutsAndMissingOptionsOut() {
        Properties properties = JdbcProperties.of(base().statementTimeout(Duration.ZERO).password(null).build());

        assertThat(properties).doesNotContainKeys("options", "password");
        assertThat(properties).containsEntry("socketTimeout", "0");
    }

    @Test
    void shouldRoundSubMillisecondTimeoutsUp() {
        TuskConfig config = base().statementTimeout(Duration.ofNanos(1_500_000)).connectTimeout(Duration.ofMillis(1)).build();

        assertThat(JdbcProperties.options(config)).isEqualTo("-c statement_timeout=2");
        assertThat(JdbcProperties.of(config).getProperty("connectTimeout")).isEqualTo("1");
    }

    @Test
    void shouldDisableServerSidePreparedStatementsAndStartupTimeoutsBehindPgBouncer() {
        Properties properties = JdbcProperties.of(base().pgbouncer(true).statementTimeout(Duration.ofSeconds(5))
                .idleInTransactionTimeout(Duration.ofSeconds(5)).options("-c work_mem=8MB").build());

        assertThat(properties.getProperty("prepareThreshold")).isEqualTo("0");
        assertThat(properties.getProperty("options")).isEqualTo("-c work_mem=8MB");
    }

    @Test
    void shouldPassCertificateFilesAndTheKeyPasswordToTusksOwnSslFactoryUnderEveryTlsMode() {
        Properties withFiles = JdbcProperties.of(base().sslMode(SslMode.VERIFY_FULL).sslRootCert(Path.of("/ca.pem"))
                .sslCert(Path.of("/client.pem")).sslKey(Path.of("/client.key")).sslPassword("key-pw").build());
        assertThat(withFiles).containsEntry("sslrootcert", "/ca.pem").containsEntry("sslcert", "/client.pem")
                .containsEntry("sslkey", "/client.key").containsEntry("sslpassword", "key-pw")
                .containsEntry("sslfactory", TuskSslFactory.class.getName());

        for (SslMode mode : new SslMode[] {SslMode.ALLOW, SslMode.PREFER, SslMode.REQUIRE, SslMode.VERIFY_CA}) {
            assertThat(JdbcProperties.of(base().sslMode(mode).build()))
                    .containsEntry("sslfactory", TuskSslFactory.class.getName()).doesNotContainKey("sslpassword");
        }
    }

    @Test
    void shouldSendNoCertificateFilesWhenTlsIsDisabled() {
        Properties properties = JdbcProperties.of(base().sslMode(SslMode.DISABLE).sslRootCert(Path.of("/ca.pem")).build());

        assertThat(properties).containsEntry("sslmode", "disable").doesNotContainKeys("sslrootcert", "sslfactory", "sslpassword");
    }

    @Test
    void shouldMapEveryTargetToAPgJdbcServerType() {
        for (TargetSessionAttrs target : TargetSessionAttrs.values()) {
            assertThat(JdbcProperties.of(base().targetSessionAttrs(target).build()).getProperty("targetServerType"))
                    .isEqualTo(target.pgjdbcTargetServerType());
        }
    }
}
