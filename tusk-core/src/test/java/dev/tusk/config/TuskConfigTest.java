package dev.tusk.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TuskConfigTest {

    @Test
    void shouldParseEachUrlForm() {
        for (String url : new String[] {
                "postgresql://app:s3cr%40t@db.example:6543/orders?application_name=billing",
                "postgres://app:s3cr%40t@db.example:6543/orders?application_name=billing",
                "jdbc:postgresql://db.example:6543/orders?user=app&password=s3cr%40t&application_name=billing"}) {
            TuskConfig config = TuskConfig.fromUrl(url);
            assertThat(config.host()).isEqualTo("db.example");
            assertThat(config.port()).isEqualTo(6543);
            assertThat(config.database()).isEqualTo("orders");
            assertThat(config.user()).isEqualTo("app");
            assertThat(config.password()).isEqualTo("s3cr@t");
            assertThat(config.applicationName()).isEqualTo("billing");
            assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/orders");
        }
    }

    @Test
    void shouldHandOutTheJdbcPropertiesTheClientConnectsWith() {
        TuskConfig config = TuskConfig.fromUrl("postgresql://app:s3cret@db.example/orders?application_name=billing");
        java.util.Properties properties = config.jdbcProperties();
        assertThat(properties.getProperty("user")).isEqualTo("app");
        assertThat(properties.getProperty("password")).isEqualTo("s3cret");
        assertThat(properties.getProperty("ApplicationName")).isEqualTo("billing");
        assertThat(properties.getProperty("logServerErrorDetail")).isEqualTo("false");
        // A copy: changing it must not change what the next caller gets.
        properties.setProperty("user", "other");
        assertThat(config.jdbcProperties().getProperty("user")).isEqualTo("app");
    }

    @Test
    void shouldNeverPrintThePassword() {
        TuskConfig config = TuskConfig.fromUrl("postgresql://app:hunter2@localhost/app");
        assertThat(config.toString()).contains("password=***").doesNotContain("hunter2");
    }

    @Test
    void shouldRefuseBadUrlsWithoutRepeatingThem() {
        assertThatThrownBy(() -> TuskConfig.fromUrl("mysql://root:hunter2@localhost/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheme was mysql")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://app:hun ter2@localhost/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed")
                .hasMessageNotContaining("hun ter2");
        assertThatThrownBy(() -> TuskConfig.fromUrl("postgresql://app:hunter2@localhost:99999/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRefuseOutOfRangeSettingsNamingTheValue() {
        assertThatThrownBy(() -> TuskConfig.builder().poolMaxSize(0))
                .hasMessage("poolMaxSize must be from 1 to 10000, but was 0");
        assertThatThrownBy(() -> TuskConfig.builder().port(70000))
                .hasMessage("port must be from 1 to 65535, but was 70000");
        assertThatThrownBy(() -> TuskConfig.builder().acquireTimeout(Duration.ofMillis(-5)))
                .hasMessage("acquireTimeout must be at least 250ms, but was PT-0.005S");
        assertThatThrownBy(() -> TuskConfig.builder().poolMinSize(5).poolMaxSize(2).build())
                .hasMessage("poolMinSize (5) must not exceed poolMaxSize (2)");
    }
}
