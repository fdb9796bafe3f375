package dev.tusk.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigUrlTest {

    @Test
    void shouldReadEveryLibpqParameter() {
        TuskConfig config = TuskConfig.fromUrl("postgresql://app:pw@db.example:6543/orders?sslmode=verify-ca"
                + "&sslrootcert=/etc/ca.pem&sslcert=/etc/client.pem&sslkey=/etc/client.pk8&connect_timeout=15"
                + "&application_name=billing&options=-c%20search_path%3Dapp&target_session_attrs=read-write&pgbouncer=true");

        assertThat(config.sslMode()).isEqualTo(SslMode.VERIFY_CA);
        assertThat(config.sslRootCert()).isEqualTo(Path.of("/etc/ca.pem"));
        assertThat(config.sslCert()).isEqualTo(Path.of("/etc/client.pem"));
        assertThat(config.sslKey()).isEqualTo(Path.of("/etc/client.pk8"));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.applicationName()).isEqualTo("billing");
        assertThat(config.options()).isEqualTo("-c search_path=app");
        assertThat(config.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.READ_WRITE);
        assertThat(config.pgbouncer()).isTrue();
    }

    @Test
    void shouldTakeCredentialsFromParametersWhenTheUrlHasNone() {
        TuskConfig config = TuskConfig.fromUrl("postgresql://db.example/orders?user=app&password=s%3Acret");

        assertThat(config.user()).isEqualTo("app");
        assertThat(config.password()).isEqualTo("s:cret");
    }

    @Test
    void shouldMapPgJdbcParameterNames() {
        TuskConfig config = TuskConfig.fromUrl("jdbc:postgresql://db.example/orders?ApplicationName=billing"
                + "&connectTimeout=7&targetServerType=preferSecondary&ssl=true&currentSchema=app"
                + "&preparedStatementCacheQueries=64");

        assertThat(config.applicationName()).isEqualTo("billing");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.PREFER_STANDBY);
        assertThat(config.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(config.options()).isEqualTo("-c search_path=app");
        assertThat(config.preparedStatementCacheSize()).isEqualTo(64);
    }

    @Test
    void shouldLetSslmodeWinOverPgJdbcSsl() {
        assertThat(TuskConfig.fromUrl("postgresql://h/d?ssl=true&sslmode=require").sslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(TuskConfig.fromUrl("postgresql://h/d?ssl=false").sslMode()).isEqualTo(SslMode.DISABLE);
    }

    @Test
    void shouldMapPrismaParameters() {
        TuskConfig config = TuskConfig.fromUrl("postgresql://app:pw@db.example:5432/nexpo_db?pgbouncer=true"
                + "&connect_timeout=15&schema=public&connection_limit=5&pool_timeout=20");

        assertThat(config.pgbouncer()).isTrue();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.options()).isEqualTo("-c search_path=public");
        assertThat(config.poolMaxSize()).isEqualTo(5);
        assertThat(config.acquireTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void shouldAppendTheSchemaToExplicitOptions() {
        TuskConfig config = TuskConfig.fromUrl("postgresql://h/d?options=-c%20work_mem%3D8MB&schema=my%20app");

        assertThat(config.options()).isEqualTo("-c work_mem=8MB -c search_path=my\\ app");
    }

    @Test
    void shouldKeepAPlusInAPasswordAsAPlus() {
        assertThat(TuskConfig.fromUrl("postgresql://app:p+ss@h/d").password()).isEqualTo("p+ss");
        assertThat(TuskConfig.fromUrl("postgresql://h/d?user=app&password=p+ss%20x").password()).isEqualTo("p+ss x");
    }

    @Test
    void shouldTreatAnEmptyPasswordAsNone() {
        assertThat(TuskConfig.fromUrl("postgresql://app:@db.example/orders").password()).isNull();
    }

    @Test
    void shouldRefuseAnUnknownParameterNamingItButNotItsValue() {
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://app@h/d?krbsrvname=hunter2"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("connection URL has an unknown parameter krbsrvname; Tusk understands ")
                .hasMessageContaining("application_name")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldNameTheParameterTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://h/d?sslmode=bogus"))
                .hasMessage("connection URL parameter sslmode=bogus: expected one of disable, allow, prefer, require, "
                        + "verify-ca, verify-full");
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://h/d?connect_timeout=0"))
                .hasMessageStartingWith("connection URL parameter connect_timeout=0: expected a duration above 0; "
                        + "a bare number is in seconds");
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://h/d?target_session_attrs=leader"))
                .hasMessageStartingWith("connection URL parameter target_session_attrs=leader: expected one of any, ");
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://h/d?pgbouncer=maybe"))
                .hasMessage("connection URL parameter pgbouncer=maybe: expected true or false");
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://h/d?sslrootcert="))
                .hasMessage("connection URL parameter sslrootcert=: expected a file path");
    }

    @Test
    void shouldReportEveryBadParameterTogether() {
        ConfigException problem = catchThrowableOfType(ConfigException.class, () -> TuskConfig.fromUrl(
                "postgresql://app:hunter2@h:99999/d?sslmode=bogus&connection_limit=abc&foo=1"));

        assertThat(problem.problems()).containsExactly(
                "connection URL port 99999: expected an integer from 1 to 65535",
                "connection URL has an unknown parameter foo; Tusk understands " + String.join(", ",
                        UrlParameters.names().stream().sorted(String.CASE_INSENSITIVE_ORDER).toList()),
                "connection URL parameter sslmode=bogus: expected one of disable, allow, prefer, require, verify-ca, verify-full",
                "connection URL parameter connection_limit=abc: expected an integer from 1 to 10000");
        assertThat(problem.getMessage()).isEqualTo(String.join("\n", problem.problems())).doesNotContain("hunter2");
    }

    @Test
    void shouldNotShowAPasswordWithABrokenEscape() {
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://app:hun%zzter2@h/d"))
                .hasMessageStartingWith("connection URL is malformed at character ")
                .hasMessageEndingWith("; the URL is not shown because it may hold a password")
                .hasMessageNotContaining("hun");
    }
}
