package dev.tusk.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EffectiveConfigTest {

    private static EffectiveConfig load(Map<String, String> environment) {
        return ConfigLoader.of(environment::get, null).load();
    }

    @Test
    void shouldRenderEverySettingWithItsValueAndSource() {
        // Production refuses a remote host without a password (ConfigProfileTest), hence POSTGRES_PASSWORD.
        String table = load(Map.of("TUSK_ENV", "production", "POSTGRES_HOST", "db.example", "DB_HOST", "other",
                "POSTGRES_QUERY_TIMEOUT", "90", "POSTGRES_LEAK_DETECTION", "false", "POSTGRES_PASSWORD", "tiger")).render();

        assertThat(table.lines().findFirst()).hasValueSatisfying(header -> assertThat(header).matches("setting +value +source"));
        assertThat(table.lines()).hasSize(Setting.values().length + 1);
        assertThat(table).containsPattern("(?m)^profile +production +TUSK_ENV$")
                .containsPattern("(?m)^host +db\\.example +POSTGRES_HOST \\(also set by DB_HOST\\)$")
                .containsPattern("(?m)^statementTimeout +90s +POSTGRES_QUERY_TIMEOUT$")
                .containsPattern("(?m)^leakDetectionThreshold +0 \\(off\\) +POSTGRES_LEAK_DETECTION$")
                .containsPattern("(?m)^poolMaxSize +50 +profile production default$")
                .containsPattern("(?m)^exhaustionThresholdPercent +80% +default$")
                .containsPattern("(?m)^maxQueriesPerConnection +50000 +default$")
                .containsPattern("(?m)^sslMode +verify-full +profile production default$")
                .containsPattern("(?m)^password +\\*\\*\\* +POSTGRES_PASSWORD$")
                .doesNotContain("tiger");
    }

    @Test
    void shouldRedactThePasswordEverywhere() {
        EffectiveConfig effective = load(Map.of("DATABASE_URL", "postgresql://app:hunter2@db.example/app",
                "PGPASSWORD", "tiger"));

        assertThat(effective.config().password()).isEqualTo("hunter2");
        assertThat(effective.render()).containsPattern("(?m)^password +\\*\\*\\* +DATABASE_URL \\(also set by PGPASSWORD\\)$")
                .doesNotContain("hunter2").doesNotContain("tiger");
        assertThat(effective.toString()).doesNotContain("hunter2").doesNotContain("tiger");
        assertThat(effective.config().toString()).doesNotContain("hunter2");
    }

    @Test
    void shouldNameTheSettingsWhenAskedForAnUnknownOne() {
        EffectiveConfig effective = load(Map.of());

        assertThatThrownBy(() -> effective.source("hostname"))
                .hasMessageStartingWith("there is no setting called hostname; settings are [profile, host, port");
    }

    @Test
    void shouldRefuseSourcesThatMissASetting() {
        EffectiveConfig effective = load(Map.of());
        Map<String, SettingSource> partial = Map.of("host", SettingSource.builder());

        assertThatThrownBy(() -> new EffectiveConfig(effective.config(), partial, effective.warnings()))
                .hasMessage("sources has no entry for profile");
    }
}
