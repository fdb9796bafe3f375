package dev.tusk.testing.patroni;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {

    @Test
    void shouldReadPatroniClusterAnswer() {
        String body = """
                {"members": [{"name": "member1", "role": "leader", "state": "running", "port": 5432, "timeline": 2,
                 "lag": "unknown", "tags": {}, "xlog": {"paused": false, "replayed_timestamp": null}, "ratio": 1.5e0,
                 "note": "a \\"quoted\\" \\u00e9 word\\n"}, {"name": "member2", "empty": []}]}""";

        Map<?, ?> root = (Map<?, ?>) JsonReader.parse(body);
        List<?> members = (List<?>) root.get("members");
        Map<?, ?> first = (Map<?, ?>) members.getFirst();

        assertThat(members).hasSize(2);
        assertThat(first.get("port")).isEqualTo(5432L);
        assertThat(first.get("ratio")).isEqualTo(1.5);
        assertThat(first.get("note")).isEqualTo("a \"quoted\" é word\n");
        assertThat(first.get("tags")).isEqualTo(Map.of());
        Map<?, ?> xlog = (Map<?, ?>) first.get("xlog");
        assertThat(xlog.get("paused")).isEqualTo(false);
        assertThat(xlog.containsKey("replayed_timestamp")).isTrue();
        assertThat(xlog.get("replayed_timestamp")).isNull();
        assertThat(((Map<?, ?>) members.get(1)).get("empty")).isEqualTo(List.of());
    }

    @Test
    void shouldNameOffsetOfMalformedDocument() {
        assertThatThrownBy(() -> JsonReader.parse("{\"role\": lead}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not valid JSON at offset 9: expected a value");
        assertThatThrownBy(() -> JsonReader.parse("{\"role\": \"leader\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected '}'");
        assertThatThrownBy(() -> JsonReader.parse("[1] 2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected text after the document");
        assertThatThrownBy(() -> JsonReader.parse("\"open"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated string");
    }
}
