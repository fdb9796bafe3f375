package dev.tusk.examples.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiSettingsTest {

    private static ApiSettings from(Map<String, String> environment, String... args) {
        return ApiSettings.from(environment::get, args);
    }

    @Test
    void shouldUseTheDefaultsWhenNothingIsSet() {
        assertThat(from(Map.of())).isEqualTo(new ApiSettings("127.0.0.1", 8080, "public", Duration.ofSeconds(10),
                Duration.ZERO));
        assertThat(from(Map.of("TUSK_API_PORT", " ", "TUSK_API_SCHEMA", ""))).isEqualTo(ApiSettings.defaults());
    }

    @Test
    void shouldReadEveryVariableAndLetThePortArgumentWin() {
        ApiSettings settings = from(Map.of("TUSK_API_HOST", "0.0.0.0", "TUSK_API_PORT", "9000", "TUSK_API_SCHEMA", "codes",
                "TUSK_API_DRAIN_TIMEOUT", "1.5s", "TUSK_API_READ_DELAY", "250ms"), "--port", "9100");

        assertThat(settings).isEqualTo(new ApiSettings("0.0.0.0", 9100, "codes", Duration.ofMillis(1500),
                Duration.ofMillis(250)));
        assertThat(from(Map.of("TUSK_API_PORT", "9000"), "--port=0").port()).isZero();
        assertThat(from(Map.of("TUSK_API_DRAIN_TIMEOUT", "2m", "TUSK_API_READ_DELAY", "3")).drainTimeout())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(from(Map.of("TUSK_API_READ_DELAY", "3")).readDelay()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void shouldRefuseABadValueNamingTheVariableAndTheValue() {
        assertThatThrownBy(() -> from(Map.of("TUSK_API_PORT", "80a")))
                .hasMessage("TUSK_API_PORT must be a port from 0 to 65535, but was \"80a\"");
        assertThatThrownBy(() -> from(Map.of(), "--port", "70000"))
                .hasMessage("--port must be a port from 0 to 65535, but was \"70000\"");
        assertThatThrownBy(() -> from(Map.of("TUSK_API_DRAIN_TIMEOUT", "soon")))
                .hasMessage("TUSK_API_DRAIN_TIMEOUT must be a duration: seconds, or a number with ms, s or m "
                        + "(500ms, 10s, 1.5s, 2m), but was \"soon\"");
        assertThatThrownBy(() -> from(Map.of("TUSK_API_READ_DELAY", "-1s")))
                .hasMessageStartingWith("TUSK_API_READ_DELAY must be a duration").hasMessageEndingWith("but was \"-1s\"");
        assertThatThrownBy(() -> from(Map.of("TUSK_API_SCHEMA", "codes; DROP TABLE x")))
                .hasMessage("TUSK_API_SCHEMA must be a lower-case SQL name (letters, digits, _; at most 63, not starting "
                        + "with a digit), but was \"codes; DROP TABLE x\"");
        assertThatThrownBy(() -> from(Map.of(), "--verbose"))
                .hasMessageStartingWith("unknown argument \"--verbose\"; the only argument is --port N");
    }
}
