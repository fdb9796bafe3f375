package dev.tusk.http.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus text and JSON writers escape what their formats require and write numbers scrapers can read. */
class RenderersTest {

    @Test
    void shouldEscapeLabelValuesAsTheTextFormatRequires() {
        String text = new PrometheusText().family("tusk_x", "gauge", "A help\nline.")
                .sample("tusk_x", 1, "pool_name", "db\"1\\a\nb").text();

        assertThat(text).isEqualTo("# HELP tusk_x A help\\nline.\n# TYPE tusk_x gauge\ntusk_x{pool_name=\"db\\\"1\\\\a\\nb\"} 1\n");
    }

    @Test
    void shouldWriteWholeFractionalAndSpecialNumbers() {
        String text = new PrometheusText().sample("a", 42).sample("b", 0.000125).sample("c", 0.75)
                .sample("d", Double.NaN).sample("e", Double.POSITIVE_INFINITY).text();

        assertThat(text).isEqualTo("a 42\nb 0.000125\nc 0.75\nd NaN\ne +Inf\n");
    }

    @Test
    void shouldEscapeJsonStringsSoThatAPageCanEmbedThem() {
        String json = Json.object().field("message", "say \"hi\"\n</script>\u0001").field("none", null)
                .field("ratio", Double.NaN).field("count", 3L).endObject();

        assertThat(json).isEqualTo("{\"message\":\"say \\\"hi\\\"\\n\\u003c/script>\\u0001\",\"none\":null,"
                + "\"ratio\":null,\"count\":3}");
        assertThat(Json.millis(Duration.ofNanos(1_234_567))).isEqualTo(1.234);
    }
}
