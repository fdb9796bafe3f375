package dev.tusk.query;

import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arrays of types whose elements Tusk gives as String (inet, cidr, json, jsonb, enums, and types it has no class for,
 * such as ranges) read as String arrays on every read path, not as the driver's PGobject on query results.
 */
@WithPostgres
class TextualArrayReadTest {

    private static final String SELECT = "SELECT ARRAY['10.0.0.1', NULL, '::2/64']::inet[] AS ips, "
            + "ARRAY['10.0.0.0/8']::cidr[] AS nets, ARRAY['{\"a\":1,\"a\":2}']::json[] AS docs, "
            + "ARRAY['{\"a\":1,\"a\":2}']::jsonb[] AS docsb, ARRAY['HAPPY']::mood[] AS moods, "
            + "ARRAY[ARRAY['1.2.3.4'], ARRAY['::1']]::inet[] AS grid, ARRAY['[1,3)', NULL]::int4range[] AS ranges";

    private static void assertTextual(Row row, String path) {
        assertThat(row.get("ips", Object.class)).as(path).isInstanceOf(String[].class);
        assertThat(row.get("ips", List.class)).as(path).isEqualTo(Arrays.asList("10.0.0.1", null, "::2/64"));
        assertThat(row.get("nets", List.class)).as(path).isEqualTo(List.of("10.0.0.0/8"));
        assertThat(row.get("docs", List.class)).as(path).isEqualTo(List.of("{\"a\":1,\"a\":2}"));
        assertThat(row.get("docsb", List.class)).as(path).isEqualTo(List.of("{\"a\": 2}"));
        assertThat(row.get("moods", String[].class)).as(path).containsExactly("HAPPY");
        assertThat(row.get("ranges", List.class)).as(path).isEqualTo(Arrays.asList("[1,3)", null));
        assertThat(row.get("grid", Object.class)).as(path).isInstanceOf(String[][].class);
        assertThat((String[][]) row.get("grid", Object.class)).as(path)
                .isDeepEqualTo(new String[][] {{"1.2.3.4"}, {"::1"}});
    }

    @Test
    void shouldReadArraysOfTextualTypesAsStringsOnEveryPath(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TYPE mood AS ENUM ('SAD', 'HAPPY')");
            client.query(SELECT, row -> {
                assertTextual(row, "live query row");
                return null;
            });
            assertTextual(client.queryRows(SELECT).getFirst(), "detached row");
            try (Stream<Row> rows = client.copyOut(CopyOutSource.query(SELECT))) {
                assertTextual(rows.findFirst().orElseThrow(), "COPY out");
            }
        }
    }
}
