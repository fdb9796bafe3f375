package dev.tusk.config;

import dev.tusk.config.internal.JdbcProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Several servers in one config: libpq's host lists in URLs, PG* and seed variables and the builder. */
class ConfigHostListTest {

    @TempDir
    Path home;

    private TuskConfig load(Map<String, String> environment) {
        return ConfigLoader.of(environment::get, home).load().config();
    }

    @Test
    void shouldReadAHostListWithAPortPerHostFromALibpqUrl() {
        TuskConfig config = TuskConfig.fromUrl("postgresql://app:pw@db1:5432,db2:5433/orders?target_session_attrs=read-write");

        assertThat(config.servers()).containsExactly(new ServerAddress("db1", 5432), new ServerAddress("db2", 5433));
        assertThat(config.hasSeveralServers()).isTrue();
        assertThat(config.user()).isEqualTo("app");
        assertThat(config.password()).isEqualTo("pw");
        assertThat(config.database()).isEqualTo("orders");
        assertThat(config.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.READ_WRITE);
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db1:5432,db2:5433/orders");
        assertThat(config.toString()).contains("app@db1:5432,db2:5433/orders").doesNotContain("pw");
    }

    @Test
    void shouldReadAHostListFromAPgJdbcUrlWithItsTargetServerType() {
        TuskConfig config = TuskConfig.fromUrl("jdbc:postgresql://db1,db2:6000,[::1]:7000/orders?targetServerType=primary");

        assertThat(config.servers()).containsExactly(new ServerAddress("db1", 5432), new ServerAddress("db2", 6000),
                new ServerAddress("::1", 7000));
        assertThat(config.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.PRIMARY);
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db1:5432,db2:6000,[::1]:7000/orders");
    }

    @Test
    void shouldGiveHostsWithoutAPortThePortSetting() {
        TuskConfig config = TuskConfig.builder().host("db1,db2:6000").port(7000).build();

        assertThat(config.servers()).containsExactly(new ServerAddress("db1", 7000), new ServerAddress("db2", 6000));
        assertThat(config.serverList()).isEqualTo("db1:7000,db2:6000");
    }

    @Test
    void shouldKeepASingleHostAsBefore() {
        TuskConfig config = TuskConfig.fromUrl("postgresql://db.example:6543/orders");

        assertThat(config.host()).isEqualTo("db.example");
        assertThat(config.port()).isEqualTo(6543);
        assertThat(config.servers()).containsExactly(new ServerAddress("db.example", 6543));
        assertThat(config.hasSeveralServers()).isFalse();
        assertThat(TuskConfig.fromUrl("postgresql://[::1]:5433/d").servers()).containsExactly(new ServerAddress("::1", 5433));
    }

    @Test
    void shouldTakeServersFromTheBuilder() {
        TuskConfig config = TuskConfig.builder()
                .servers(List.of(new ServerAddress("db1", 5432), new ServerAddress("fe80::1", 5433)))
                .targetSessionAttrs(TargetSessionAttrs.READ_WRITE).build();

        assertThat(config.host()).isEqualTo("db1:5432,[fe80::1]:5433");
        assertThat(config.servers()).containsExactly(new ServerAddress("db1", 5432), new ServerAddress("fe80::1", 5433));
        assertThatThrownBy(() -> TuskConfig.builder().servers(List.of()))
                .hasMessage("servers must list at least one server, but was []");
        assertThatThrownBy(() -> new ServerAddress("db1", 0)).hasMessage("port must be from 1 to 65535, but was 0 for host db1");
    }

    @Test
    void shouldPairLibpqHostAndPortListsAsLibpqDoes() {
        EffectiveConfig loaded = ConfigLoader.of(Map.of("PGHOST", "db1,db2", "PGPORT", "5432,5433",
                "PGTARGETSESSIONATTRS", "read-write")::get, home).load();

        assertThat(loaded.config().servers()).containsExactly(new ServerAddress("db1", 5432), new ServerAddress("db2", 5433));
        assertThat(loaded.config().targetSessionAttrs()).isEqualTo(TargetSessionAttrs.READ_WRITE);
        assertThat(loaded.sources().get("host").describe()).isEqualTo("PGHOST with PGPORT");
    }

    @Test
    void shouldApplyOnePortToEveryHostAndLeaveAnEmptyPortEntryToTheDefault() {
        assertThat(load(Map.of("PGHOST", "db1,db2", "PGPORT", "6000")).servers())
                .containsExactly(new ServerAddress("db1", 6000), new ServerAddress("db2", 6000));
        assertThat(load(Map.of("PGHOST", "db1,db2", "PGPORT", ",6001")).servers())
                .containsExactly(new ServerAddress("db1", 5432), new ServerAddress("db2", 6001));
    }

    @Test
    void shouldPairHostAndPortListsInTheSeedFamiliesToo() {
        assertThat(load(Map.of("POSTGRES_HOST", "a,b", "POSTGRES_PORT", "1,2")).serverList()).isEqualTo("a:1,b:2");
        assertThat(load(Map.of("DB_HOST", "a,b", "DB_PORT", "3,4")).serverList()).isEqualTo("a:3,b:4");
    }

    @Test
    void shouldTakeAHostListFromTheUrlVariable() {
        TuskConfig config = load(Map.of("DATABASE_URL", "postgres://app@db1:5432,db2:5433/orders?targetServerType=master"));

        assertThat(config.serverList()).isEqualTo("db1:5432,db2:5433");
        assertThat(config.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.PRIMARY);
    }

    @Test
    void shouldRefuseAPortListThatDoesNotMatchTheHosts() {
        assertThatThrownBy(() -> load(Map.of("PGHOST", "db1,db2,db3", "PGPORT", "5432,5433")))
                .hasMessage("PGPORT=5432,5433 lists 2 ports, but PGHOST lists 3 hosts; give one port per host, or a "
                        + "single port for all");
        assertThatThrownBy(() -> load(Map.of("PGPORT", "5432,5433")))
                .hasMessage("PGPORT=5432,5433 lists 2 ports, but PGHOST is not set: a list of ports needs a host list "
                        + "with one host per port");
        assertThatThrownBy(() -> load(Map.of("PGHOST", "db1,db2", "PGPORT", "5432,http")))
                .hasMessage("PGPORT=5432,http: entry 2 (http) is not a port; expected numbers from 1 to 65535 "
                        + "separated by commas");
        assertThatThrownBy(() -> load(Map.of("PGHOST", "db1:5000,db2", "PGPORT", "5432,5433")))
                .hasMessage("PGHOST entry 1 (db1:5000) names its own port and PGPORT gives another; give the port in "
                        + "one place");
    }

    @Test
    void shouldRefuseABadHostListNamingTheEntry() {
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://app:hunter2@db1,,db3/orders"))
                .hasMessage("connection URL host list db1,,db3: host entry 2 of 3 is empty; expected "
                        + HostList.EXPECTATION)
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://db1:5432,db2:99999/orders"))
                .hasMessage("connection URL host list db1:5432,db2:99999: host entry 2 of 2 (db2:99999) has port 99999; "
                        + "expected a number from 1 to 65535; expected " + HostList.EXPECTATION);
        assertThatThrownBy(() -> TuskConfig.builder().host("db1,[::1"))
                .hasMessage("host entry 2 of 2 ([::1) opens [ for an IPv6 address but never closes it");
        assertThatThrownBy(() -> TuskConfig.builder().host("db1,:5432"))
                .hasMessage("host entry 2 of 2 (:5432) has a port but no host");
        assertThatThrownBy(() -> load(Map.of("PGHOST", "db1,")))
                .hasMessage("PGHOST=db1,: expected " + HostList.EXPECTATION);
    }

    @Test
    void shouldRefuseABadTargetSessionAttrsNamingTheSetting() {
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://db1,db2/d?targetServerType=leader"))
                .hasMessage("connection URL parameter targetServerType=leader: expected one of any, primary, secondary, "
                        + "preferSecondary (or master, slave, preferSlave)");
        assertThatThrownBy(() -> load(Map.of("PGTARGETSESSIONATTRS", "writable")))
                .hasMessageStartingWith("PGTARGETSESSIONATTRS=writable: expected one of any, read-write, read-only, "
                        + "primary, standby, prefer-standby");
    }

    @Test
    void shouldAcceptEveryLibpqTargetSessionAttrsName() {
        for (TargetSessionAttrs attrs : TargetSessionAttrs.values()) {
            TuskConfig config = TuskConfig.fromUrl("postgresql://db1,db2/d?target_session_attrs=" + attrs.libpqName());
            assertThat(config.targetSessionAttrs()).isEqualTo(attrs);
            assertThat(JdbcProperties.of(config).getProperty("targetServerType")).isEqualTo(attrs.pgjdbcTargetServerType());
        }
    }

    @Test
    void shouldTellPgJdbcToRecheckHostRolesOnEveryConnect() {
        assertThat(JdbcProperties.of(TuskConfig.fromUrl("postgresql://db1,db2/d")).getProperty("hostRecheckSeconds"))
                .isEqualTo("0");
    }

    @Test
    void shouldTakeThePasswordFileLineOfTheFirstListedServerItNames() throws Exception {
        Path file = home.resolve(".pgpass");
        Files.writeString(file, "db2:5433:orders:app:second\ndb3:5434:orders:app:third\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        TuskConfig config = load(Map.of("DATABASE_URL", "postgresql://app@db1:5432,db2:5433,db3:5434/orders"));

        assertThat(config.password()).isEqualTo("second");
    }

    @Test
    void shouldTreatAListOfLoopbackHostsAsLocalInProduction() {
        TuskConfig config = TuskConfig.builder().profile(Profile.PRODUCTION).host("127.0.0.1:5432,localhost:5433")
                .sslMode(SslMode.VERIFY_FULL).build();

        assertThat(config.servers()).hasSize(2);
        assertThatThrownBy(() -> TuskConfig.builder().profile(Profile.PRODUCTION).host("127.0.0.1,db.example")
                .sslMode(SslMode.VERIFY_FULL).build())
                .hasMessageStartingWith("password is not set for host 127.0.0.1,db.example under profile production");
    }
}
