package dev.tusk.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Read replica settings from POSTGRES_READ_URLS, TUSK_* variables and the builder, and their bad values. */
class ConfigReadReplicasTest {

    @TempDir
    Path home;

    private EffectiveConfig load(Map<String, String> environment) {
        return ConfigLoader.of(environment::get, home).load();
    }

    @Test
    void shouldReadReplicaUrlsFromTheEnvironmentWithTheClientsCredentialsAsDefaults() {
        EffectiveConfig effective = load(Map.of("DATABASE_URL", "postgresql://app:primary-pw@db1:5432/orders",
                "POSTGRES_READ_URLS", "postgresql://db2:5433, postgres://reader:reader-pw@db3/reports,"
                        + "jdbc:postgresql://db4:6000"));
        TuskConfig config = effective.config();

        assertThat(config.readReplicas()).containsExactly(ReadReplica.at("db2", 5433),
                new ReadReplica("db3", 5432, "reports", "reader", "reader-pw"), ReadReplica.at("db4", 6000));
        assertThat(config.readReplicasResolved()).containsExactly(
                new ReadReplica("db2", 5433, "orders", "app", "primary-pw"),
                new ReadReplica("db3", 5432, "reports", "reader", "reader-pw"),
                new ReadReplica("db4", 6000, "orders", "app", "primary-pw"));
        assertThat(effective.source("readReplicas").name()).isEqualTo("POSTGRES_READ_URLS");
        assertThat(config.toString()).contains("readReplicas=db2:5433, reader@db3:5432/reports (password ***), db4:6000")
                .doesNotContain("reader-pw").doesNotContain("primary-pw");
        assertThat(effective.render()).doesNotContain("reader-pw");
    }

    @Test
    void shouldRefuseBadReplicaUrlsNamingTheVariableAndThePositionButNeverThePassword() {
        assertThatThrownBy(() -> load(Map.of("POSTGRES_READ_URLS", "postgresql://ok:5432,"
                + "mysql://reader:hunter2@db3,postgresql://reader:hunter2@db4,db5/app,"
                + "postgresql://reader:hunter2@db6/app?sslmode=disable, postgresql://reader:hunter2@")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("POSTGRES_READ_URLS entry 2 of 5 must start with postgresql://, postgres:// or "
                        + "jdbc:postgresql://, but its scheme was mysql")
                .hasMessageContaining("POSTGRES_READ_URLS entry 3 of 5 lists several hosts; give each replica a URL of "
                        + "its own")
                .hasMessageContaining("POSTGRES_READ_URLS entry 4 of 5 sets sslMode, but a replica URL gives only host, "
                        + "port, database, user and password")
                .hasMessageContaining("POSTGRES_READ_URLS entry 5 of 5 has no host")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("entry 1 of 5"));
    }

    @Test
    void shouldTakeReplicaUrlsOnTheBuilderAndRefuseABadOneByPosition() {
        TuskConfig config = TuskConfig.builder().readReplicas(List.of("postgresql://db2:5433")).build();
        assertThat(config.readReplicas()).containsExactly(ReadReplica.at("db2", 5433));
        assertThat(TuskConfig.builder().build().readReplicas()).isEmpty();

        assertThatThrownBy(() -> TuskConfig.builder().readReplicas(List.of("postgresql://db2", "http://u:hunter2@db3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("readReplicas entry 2 of 2 must start with postgresql://, postgres:// or "
                        + "jdbc:postgresql://, but its scheme was http")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> TuskConfig.builder().readReplicas(null))
                .hasMessage("readReplicas must be a list of URLs (empty for none), but was null");
    }

    @Test
    void shouldReadTheOtherReplicaSettingsFromTuskVariablesAndRefuseBadValues() {
        TuskConfig config = load(Map.of("TUSK_MAX_REPLICA_LAG", "5", "TUSK_REPLICA_CHECK_INTERVAL", "250",
                "TUSK_READ_FALLBACK", "FAIL", "TUSK_READ_YOUR_WRITES", "yes")).config();

        assertThat(config.maxReplicaLag()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.replicaCheckInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.readFallback()).isEqualTo(ReadFallback.FAIL);
        assertThat(config.readYourWrites()).isTrue();

        assertThatThrownBy(() -> load(Map.of("TUSK_READ_FALLBACK", "sometimes", "TUSK_REPLICA_CHECK_INTERVAL", "5")))
                .hasMessageContaining("TUSK_READ_FALLBACK=sometimes: expected primary or fail")
                .hasMessageContaining("TUSK_REPLICA_CHECK_INTERVAL=5: expected a duration of at least 10ms");
        assertThatThrownBy(() -> TuskConfig.builder().maxReplicaLag(Duration.ofSeconds(-1)))
                .hasMessageContaining("maxReplicaLag");
    }

    @Test
    void shouldDefaultToTenSecondsOfLagOneSecondProbesPrimaryFallbackAndNoReadYourWrites() {
        TuskConfig config = TuskConfig.builder().build();

        assertThat(config.maxReplicaLag()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.replicaCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.readFallback()).isEqualTo(ReadFallback.PRIMARY);
        assertThat(config.readYourWrites()).isFalse();
    }

    @Test
    void shouldGiveEachReplicaPoolTheReplicasAddressAndCredentialsAndNoWarmUp() {
        TuskConfig config = TuskConfig.builder().host("db1").database("orders").user("app").password("pw")
                .poolMinSize(3).readReplicas(List.of("postgresql://reader:rpw@db2:5433")).build();

        TuskConfig replica = config.forReplica(config.readReplicas().get(0));

        assertThat(replica.servers()).containsExactly(new ServerAddress("db2", 5433));
        assertThat(replica.user()).isEqualTo("reader");
        assertThat(replica.password()).isEqualTo("rpw");
        assertThat(replica.database()).isEqualTo("orders");
        assertThat(replica.poolMinSize()).isZero();
        assertThat(replica.warmUp()).isFalse();
        assertThat(replica.readReplicas()).isEmpty();
        assertThat(replica.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.ANY);
    }

    @Test
    void shouldLogInToAReplicaWithTheCredentialsProviderOnlyWhenItsUrlNamesNoLogin() {
        CredentialsProvider provider = () -> Credentials.password("token");
        TuskConfig config = TuskConfig.builder().credentials(provider)
                .readReplicas(List.of("postgresql://db2:5433", "postgresql://reader:rpw@db3:5433")).build();

        assertThat(config.forReplica(config.readReplicas().get(0)).credentials()).isSameAs(provider);
        assertThat(config.forReplica(config.readReplicas().get(1)).credentials()).isNull();
    }
}
