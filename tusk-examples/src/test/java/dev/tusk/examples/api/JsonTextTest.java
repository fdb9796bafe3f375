package dev.tusk.examples.api;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTextTest {

    record Point(String name, int x, Double y, List<Integer> tags) {
    }

    @Test
    void shouldEncodeRecordsMapsListsAndScalars() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("point", new Point("a", 1, 2.5, List.of(3, 4)));
        body.put("day", LocalDate.of(2024, 1, 31));
        body.put("none", null);
        body.put("flags", Arrays.asList(true, false, null));
        body.put("raw", new JsonText.Raw("{\"kept\":[1]}"));

        assertThat(JsonText.of(body)).isEqualTo("{\"point\":{\"name\":\"a\",\"x\":1,\"y\":2.5,\"tags\":[3,4]},"
                + "\"day\":\"2024-01-31\",\"none\":null,\"flags\":[true,false,null],\"raw\":{\"kept\":[1]}}");
    }

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharacters() {
        assertThat(JsonText.of("a\"b\\c\nd\te\u0001f\u2028g é"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u2028g é\"");
        assertThat(JsonText.of(List.of(Double.NaN, Double.POSITIVE_INFINITY))).isEqualTo("[null,null]");
    }
}
