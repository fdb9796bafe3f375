package dev.tusk.copy;

import dev.tusk.DecodeException;
import dev.tusk.QueryException;
import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.query.Interval;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class CopyOutTypesTest {

    /** Column → SQL type; every type binary copyOut decodes, then arrays of them. */
    private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        for (String type : List.of("bool", "int2", "int4", "int8", "float4", "float8", "numeric", "text",
                "varchar(20)", "char(5)", "name", "json", "jsonb", "bytea", "uuid", "date", "time", "timetz",
                "timestamp", "timestamptz", "interval", "inet", "cidr")) {
            String column = "v_" + type.replaceAll("\\(.*", "");
            COLUMNS.put(column, type);
            COLUMNS.put("a_" + column.substring(2), type + "[]");
        }
    }

    /** One row per entry: column → SQL literal; columns left out are NULL. Row 4 is NULL everywhere. */
    private static final List<Map<String, String>> ROWS = List.of(
            Map.ofEntries(Map.entry("v_bool", "true"), Map.entry("v_int2", "12"), Map.entry("v_int4", "-7"),
                    Map.entry("v_int8", "9000000000"), Map.entry("v_float4", "1.5"), Map.entry("v_float8", "2.25e-300"),
                    Map.entry("v_numeric", "12.3400"), Map.entry("v_text", "'hello'"), Map.entry("v_varchar", "'it''s'"),
                    Map.entry("v_char", "'ab'"), Map.entry("v_name", "'relname'"), Map.entry("v_json", "'{ \"a\" : 1 }'"),
                    Map.entry("v_jsonb", "'{\"b\": [1, null, \"ü\"], \"a\": 1}'"), Map.entry("v_bytea", "'\\x00ff00'"),
                    Map.entry("v_uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"), Map.entry("v_date", "'2024-02-29'"),
                    Map.entry("v_time", "'13:14:15.123456'"), Map.entry("v_timetz", "'13:14:15.5+05:30'"),
                    Map.entry("v_timestamp", "'2024-02-29 13:14:15.123456'"),
                    Map.entry("v_timestamptz", "'2024-02-29 13:14:15.123456+02'"),
                    Map.entry("v_interval", "'1 year 2 mons 3 days 04:05:06.789'"), Map.entry("v_inet", "'192.168.0.1'"),
                    Map.entry("v_cidr", "'10.0.0.0/8'"), Map.entry("a_bool", "'{true,NULL,false}'"),
                    Map.entry("a_int2", "'{1,NULL,-32768}'"), Map.entry("a_int4", "'{NULL,2,3}'"),
                    Map.entry("a_int8", "'{9223372036854775807}'"), Map.entry("a_float4", "'{NaN,-Infinity}'"),
                    Map.entry("a_float8", "'{1.5,NULL}'"), Map.entry("a_numeric", "'{1.50,NULL,-0.001}'"),
                    Map.entry("a_text", "'{\"\",NULL,\"a,b\",\"日本\"}'"), Map.entry("a_varchar", "'{x}'"),
                    Map.entry("a_char", "'{a}'"), Map.entry("a_name", "'{n}'"), Map.entry("a_json", "ARRAY['[1]'::json]"),
                    Map.entry("a_jsonb", "ARRAY['{\"k\": 1}'::jsonb, NULL]"), Map.entry("a_bytea", "ARRAY['\\x00'::bytea, NULL, '\\x']"),
                    Map.entry("a_uuid", "'{00000000-0000-0000-0000-000000000000}'"),
                    Map.entry("a_date", "'{2000-01-01,infinity,NULL}'"), Map.entry("a_time", "'{00:00,NULL}'"),
                    Map.entry("a_timetz", "'{00:00+00}'"), Map.entry("a_timestamp", "'{-infinity,2000-01-01 00:00}'"),
                    Map.entry("a_timestamptz", "'{1999-12-31 23:59:59.999999+00}'"),
                    Map.entry("a_interval", "'{-1 days +02:00:00,NULL}'"), Map.entry("a_inet", "'{::1,10.1.2.3/8}'"),
                    Map.entry("a_cidr", "'{2001:db8::/32}'")),
            Map.ofEntries(Map.entry("v_bool", "false"), Map.entry("v_int2", "'-32768'"),
                    Map.entry("v_int4", "'-2147483648'"), Map.entry("v_int8", "'-9223372036854775808'"), Map.entry("v_float4", "'NaN'"),
                    Map.entry("v_float8", "'-Infinity'"), Map.entry("v_numeric", "'NaN'"), Map.entry("v_text", "''"),
                    Map.entry("v_varchar", "''"), Map.entry("v_char", "''"), Map.entry("v_name", "''"),
                    Map.entry("v_json", "'[]'"), Map.entry("v_jsonb", "'\"\"'"), Map.entry("v_bytea", "'\\x'"),
                    Map.entry("v_uuid", "'ffffffff-ffff-ffff-ffff-ffffffffffff'"), Map.entry("v_date", "'infinity'"),
                    Map.entry("v_time", "'24:00:00'"), Map.entry("v_timetz", "'00:00:00-15:59'"),
                    Map.entry("v_timestamp", "'infinity'"), Map.entry("v_timestamptz", "'-infinity'"),
                    Map.entry("v_interval", "'-1 years -2 mons +3 days -04:05:06.789'"),
                    Map.entry("v_inet", "'::ffff:1.2.3.4'"), Map.entry("v_cidr", "'2001:db8::/32'"),
                    Map.entry("a_int4", "'{}'"), Map.entry("a_text", "'{}'"), Map.entry("a_numeric", "'{1.5,NaN,Infinity}'"),
                    Map.entry("a_inet", "'{::,1:0:0:1:0:0:0:1,::2,::ffff:0:0,2001:db8:0:1:1:1:1:1}'")),
            Map.ofEntries(Map.entry("v_bool", "true"), Map.entry("v_int2", "32767"), Map.entry("v_int4", "2147483647"),
                    Map.entry("v_int8", "9223372036854775807"), Map.entry("v_float4", "'Infinity'"),
                    Map.entry("v_float8", "'-0'"),
                    Map.entry("v_numeric", "'-123456789012345678901234567890.123456789012345678901234567890'"),
                    Map.entry("v_text", "'日本語 🐘 ñ \" '' \\ tab\there'"), Map.entry("v_varchar", "'ünïcödé'"),
                    Map.entry("v_char", "'🐘'"), Map.entry("v_name", "'NAME'"), Map.entry("v_json", "'\"\\u0000 is fine in json\"'"),
                    Map.entry("v_jsonb", "'{\"deep\": {\"x\": [1.5e300]}}'"), Map.entry("v_bytea", "decode(repeat('00ff', 5000), 'hex')"),
                    Map.entry("v_uuid", "'00000000-0000-0000-0000-000000000000'"), Map.entry("v_date", "'4713-01-01 BC'"),
                    Map.entry("v_time", "'00:00:00'"), Map.entry("v_timetz", "'23:59:59.999999+15:59'"),
                    Map.entry("v_timestamp", "'4713-01-01 00:00:00 BC'"),
                    Map.entry("v_timestamptz", "'294276-12-31 23:59:59.999999+00'"),
                    Map.entry("v_interval", "'178000000 years'"), Map.entry("v_inet", "'2001:db8::1/64'"),
                    Map.entry("v_cidr", "'192.168.1.0/24'")),
            Map.of(),
            Map.ofEntries(Map.entry("v_numeric", "'1e100'"), Map.entry("v_date", "'-infinity'"),
                    Map.entry("v_timestamp", "'-infinity'"), Map.entry("v_timestamptz", "'infinity'"),
                    Map.entry("v_interval", "'1 day -00:00:00.000001'"), Map.entry("v_time", "'23:59:59.999999'")),
            Map.ofEntries(Map.entry("v_numeric", "'-Infinity'"), Map.entry("v_date", "'5874897-12-31'"),
                    Map.entry("v_timestamp", "'294276-12-31 23:59:59.999999'"),
                    Map.entry("v_interval", "'-178000000 years -2147483647 days'")),
            Map.ofEntries(Map.entry("v_numeric", "'0.000000000000000000000000000001'")),
            Map.ofEntries(Map.entry("v_numeric", "'0.00'")));

    @Test
    void shouldDecodeEveryTypeAsPlainJdbcReadsIt(TestDatabase database) throws SQLException {
        createAndFill(database);
        List<Row> copied;
        try (TuskClient client = Tusk.connect(database.url());
             Stream<Row> rows = client.copyOut(CopyOutSource.query("SELECT * FROM everything ORDER BY id"))) {
            copied = rows.toList();
        }
        assertThat(copied).hasSize(ROWS.size());
        try (Connection jdbc = database.connect()) {
            for (Row row : copied) {
                int id = row.getInt("id");
                for (Map.Entry<String, String> column : COLUMNS.entrySet()) {
                    String name = column.getKey();
                    Object expected = name.startsWith("a_") ? jdbcArray(jdbc, name, id) : jdbcScalar(jdbc, name, id);
                    Object actual = name.startsWith("a_") ? row.get(name, List.class) : row.get(name, Object.class);
                    assertThat(normalize(actual)).as("row %d, column %s (%s)", id, name, column.getValue())
                            .isEqualTo(normalize(expected));
                }
            }
        }
    }

    @Test
    void shouldGiveArraysTheirElementTypeAndKeepEveryDimension(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url());
             Stream<Row> rows = client.copyOut(CopyOutSource.query("SELECT '{1,NULL}'::int4[] AS ints, "
                     + "'{1,2}'::int2[] AS shorts, '{{1,2},{3,NULL}}'::int4[] AS grid, '[0:1]={a,b}'::text[] AS shifted, "
                     + "'{1.5,NaN}'::numeric[] AS odd, '{2.5}'::numeric[] AS plain"))) {
            Row row = rows.findFirst().orElseThrow();
            assertThat(row.get("ints", Object.class)).isInstanceOf(Integer[].class).isEqualTo(new Integer[] {1, null});
            assertThat(row.get("shorts", Object.class)).isEqualTo(new Short[] {1, 2});
            assertThat(row.get("grid", Object.class)).isEqualTo(new Integer[][] {{1, 2}, {3, null}});
            assertThat(row.get("shifted", String[].class)).containsExactly("a", "b");
            assertThat(row.get("plain", Object.class)).isEqualTo(new BigDecimal[] {new BigDecimal("2.5")});
            assertThat(row.get("odd", Object.class)).isEqualTo(new Number[] {new BigDecimal("1.5"), Double.NaN});
            assertThat(row.get("shorts", int[].class)).containsExactly(1, 2);
            assertThatThrownBy(() -> row.get("ints", int[].class)).isInstanceOf(QueryException.class)
                    .hasMessageContaining("NULL at array index 2");
        }
    }

    @Test
    void shouldRefuseToReadNumericNanAsBigDecimalNamingTheColumn(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url());
             Stream<Row> rows = client.copyOut(CopyOutSource.query("SELECT 'NaN'::numeric AS score"))) {
            Row row = rows.findFirst().orElseThrow();
            assertThat(row.getDouble("score")).isNaN();
            assertThatThrownBy(() -> row.getBigDecimal("score")).isInstanceOf(DecodeException.class)
                    .hasMessage("row 1, column \"score\" (numeric) cannot be read as java.math.BigDecimal: the value is "
                            + "NaN or infinite, which BigDecimal cannot represent; read it as Double (value: NaN)");
        }
    }

    @Test
    void shouldSendTypesWithoutABinaryDecoderAsTextAndDomainsAsTheirBaseType(TestDatabase database) throws SQLException {
        try (Connection jdbc = database.connect(); Statement statement = jdbc.createStatement()) {
            statement.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')");
            statement.execute("CREATE DOMAIN positive AS int CHECK (VALUE > 0)");
        }
        try (TuskClient client = Tusk.connect(database.url());
             Stream<Row> rows = client.copyOut(CopyOutSource.query("SELECT 'happy'::mood AS m, 5::positive AS p, "
                     + "int4range(1, 5) AS r, 12.5::money AS cash, '<a/>'::xml AS x, 1 AS x, NULL::mood AS nothing"))) {
            Row row = rows.findFirst().orElseThrow();
            assertThat(row.columnNames()).containsExactly("m", "p", "r", "cash", "x", "x", "nothing");
            assertThat(row.getString("m")).isEqualTo("happy");
            // The server describes a domain column by its base type, so it decodes as that type.
            assertThat(row.get("p", Object.class)).isEqualTo(5);
            assertThat(row.getString("r")).isEqualTo("[1,5)");
            assertThat(row.getString("cash")).isEqualTo("$12.50");
            assertThat(row.get(5, String.class)).isEqualTo("<a/>");
            assertThat(row.get(6, Integer.class)).isEqualTo(1);
            assertThat(row.getString("nothing")).isNull();
        }
    }

    private static void createAndFill(TestDatabase database) throws SQLException {
        StringBuilder create = new StringBuilder("CREATE TABLE everything (id int PRIMARY KEY");
        COLUMNS.forEach((name, type) -> create.append(", ").append(name).append(' ').append(type));
        try (Connection jdbc = database.connect(); Statement statement = jdbc.createStatement()) {
            statement.execute(create.append(')').toString());
            for (int i = 0; i < ROWS.size(); i++) {
                Map<String, String> row = ROWS.get(i);
                List<String> names = new ArrayList<>(List.of("id"));
                List<String> values = new ArrayList<>(List.of(String.valueOf(i + 1)));
                row.forEach((name, literal) -> {
                    names.add(name);
                    values.add(literal + "::" + COLUMNS.get(name));
                });
                statement.execute("INSERT INTO everything (" + String.join(", ", names) + ") VALUES ("
                        + String.join(", ", values) + ")");
            }
        }
    }

    private static Object jdbcScalar(Connection jdbc, String column, int id) throws SQLException {
        try (PreparedStatement statement = jdbc.prepareStatement("SELECT " + column + " FROM everything WHERE id = ?")) {
            statement.setInt(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return read(rows, COLUMNS.get(column));
            }
        }
    }

    /** The elements of an array column one by one through unnest, each read as its scalar type; null for NULL. */
    private static Object jdbcArray(Connection jdbc, String column, int id) throws SQLException {
        String elementType = COLUMNS.get(column).replace("[]", "");
        try (PreparedStatement statement = jdbc.prepareStatement("SELECT " + column + " IS NULL, e FROM everything "
                + "LEFT JOIN LATERAL unnest(" + column + ") WITH ORDINALITY AS u(e, n) ON true WHERE id = ? ORDER BY n")) {
            statement.setInt(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                List<Object> elements = new ArrayList<>();
                while (rows.next()) {
                    if (rows.getBoolean(1)) {
                        return null;
                    }
                    elements.add(read(rows, 2, elementType));
                }
                // An empty array joins one all-NULL row.
                return elements.size() == 1 && elements.get(0) == null && isEmpty(jdbc, column, id) ? List.of() : elements;
            }
        }
    }

    private static boolean isEmpty(Connection jdbc, String column, int id) throws SQLException {
        try (PreparedStatement statement = jdbc.prepareStatement("SELECT cardinality(" + column + ") = 0 FROM everything "
                + "WHERE id = ?")) {
            statement.setInt(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    private static Object read(ResultSet rows, String type) throws SQLException {
        return read(rows, 1, type);
    }

    /** A value as PgJDBC reads it, in the java.time type for dates and times. */
    private static Object read(ResultSet rows, int index, String sqlType) throws SQLException {
        String type = sqlType.replaceAll("\\(.*", "");
        Object value = switch (type) {
            case "text", "varchar", "char", "name", "json", "jsonb", "inet", "cidr" -> rows.getString(index);
            case "bytea" -> rows.getBytes(index);
            case "date" -> rows.getObject(index, LocalDate.class);
            case "time" -> rows.getObject(index, LocalTime.class);
            case "timetz" -> rows.getObject(index, OffsetTime.class);
            case "timestamp" -> rows.getObject(index, LocalDateTime.class);
            case "timestamptz" -> rows.getObject(index, OffsetDateTime.class);
            // PgJDBC's PGInterval cannot hold every interval; the server's own text, read by Tusk, is the reference.
            case "interval" -> rows.getString(index) == null ? null : Interval.parse(rows.getString(index));
            case "int2" -> rows.getObject(index) == null ? null : rows.getInt(index);
            default -> rows.getObject(index);
        };
        return rows.wasNull() ? null : value;
    }

    private static Object normalize(Object value) {
        if (value instanceof Short number) {
            return number.intValue(); // int2[] elements are Short, as PgJDBC's getArray gives them; scalars Integer
        }
        if (value instanceof byte[] bytes) {
            return "bytes:" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CopyOutTypesTest::normalize).toList();
        }
        return value;
    }
}
