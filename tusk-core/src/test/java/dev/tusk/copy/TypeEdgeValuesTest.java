package dev.tusk.copy;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.query.Json;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGInterval;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each type's edge values, stored through bulkInsert's INSERT path, its COPY path and statement parameters, must read
 * back as the same PostgreSQL text on every path: the text PostgreSQL itself prints for that value.
 */
@WithPostgres
class TypeEdgeValuesTest {

    enum Mood { SAD, HAPPY }

    /** A type, how to read its column as text, and each Java value with the text PostgreSQL must print for it. */
    record Case(String sqlType, String textOf, List<Object> values, List<String> texts) {
    }

    private static Case of(String sqlType, Object... valuesAndTexts) {
        return readAs(sqlType, "v::text", valuesAndTexts);
    }

    private static Case readAs(String sqlType, String textOf, Object... valuesAndTexts) {
        List<Object> values = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < valuesAndTexts.length; i += 2) {
            values.add(valuesAndTexts[i]);
            texts.add((String) valuesAndTexts[i + 1]);
        }
        return new Case(sqlType, textOf, values, texts);
    }

    private static final String UTC_ARRAY = "(SELECT array_agg(x AT TIME ZONE 'UTC' ORDER BY o) "
            + "FROM unnest(v) WITH ORDINALITY AS e(x, o))::text";

    static List<Case> cases() throws Exception {
        Instant earliest = LocalDateTime.of(-4713, 11, 24, 0, 0).toInstant(ZoneOffset.UTC);
        return List.of(
                of("bool", true, "true", false, "false"),
                of("int2", Short.MIN_VALUE, "-32768", Short.MAX_VALUE, "32767"),
                of("int4", Integer.MIN_VALUE, "-2147483648", Integer.MAX_VALUE, "2147483647"),
                of("int8", Long.MIN_VALUE, "-9223372036854775808", Long.MAX_VALUE, "9223372036854775807"),
                of("float4", Float.NaN, "NaN", Float.POSITIVE_INFINITY, "Infinity", Float.NEGATIVE_INFINITY, "-Infinity",
                        -0.0f, "-0", Float.MIN_VALUE, "1e-45", Float.MAX_VALUE, "3.4028235e+38"),
                of("float8", Double.NaN, "NaN", Double.NEGATIVE_INFINITY, "-Infinity", -0.0, "-0", Double.MIN_VALUE,
                        "5e-324", Double.MAX_VALUE, "1.7976931348623157e+308", 0.1 + 0.2, "0.30000000000000004"),
                of("numeric", new BigDecimal("0.000"), "0.000", new BigDecimal("1E+3"), "1000", new BigDecimal("-1.50"),
                        "-1.50", new BigDecimal("1E-20"), "0.00000000000000000001", Double.NaN, "NaN",
                        Double.POSITIVE_INFINITY, "Infinity", Double.NEGATIVE_INFINITY, "-Infinity"),
                of("text", "", "", "NULL", "NULL", "😀\\\"", "😀\\\""),
                of("bytea", new byte[0], "\\x", new byte[] {0, (byte) 0xFF}, "\\x00ff"),
                of("uuid", new UUID(-1, -1), "ffffffff-ffff-ffff-ffff-ffffffffffff",
                        "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000001"),
                of("date", LocalDate.of(-4713, 11, 24), "4714-11-24 BC", LocalDate.of(5874897, 12, 31), "5874897-12-31",
                        LocalDate.MIN, "-infinity", LocalDate.MAX, "infinity", LocalDate.of(0, 12, 31), "0001-12-31 BC"),
                of("time", LocalTime.MAX, "24:00:00", LocalTime.of(23, 59, 59, 999_999_000), "23:59:59.999999"),
                of("timetz", OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHoursMinutes(15, 59)), "12:00:00+15:59",
                        OffsetTime.of(0, 0, 0, 1_000, ZoneOffset.ofHoursMinutes(-15, -59)), "00:00:00.000001-15:59"),
                of("timestamp", LocalDateTime.of(-4713, 11, 24, 0, 0), "4714-11-24 00:00:00 BC",
                        LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000), "294276-12-31 23:59:59.999999",
                        LocalDateTime.MIN, "-infinity", LocalDateTime.MAX, "infinity",
                        LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_500), "2000-01-01 00:00:00"),
                readAs("timestamptz", "(v AT TIME ZONE 'UTC')::text", earliest, "4714-11-24 00:00:00 BC", Instant.MIN,
                        "-infinity", OffsetDateTime.MAX, "infinity",
                        OffsetDateTime.of(2026, 3, 29, 2, 30, 0, 0, ZoneOffset.ofHours(2)), "2026-03-29 00:30:00"),
                of("interval", Duration.ofDays(-40), "-960:00:00", Period.of(1, 2, 3), "1 year 2 mons 3 days",
                        new PGInterval(0, 0, -1, 2, 0, 0.5), "-1 days +02:00:00.5"),
                of("json", Json.of("{\"a\":1,\"a\":2}"), "{\"a\":1,\"a\":2}", " [1, 2 ] ", " [1, 2 ] "),
                of("jsonb", Json.of("{\"a\":1,\"a\":2}"), "{\"a\": 2}", "[1,  2]", "[1, 2]"),
                // inet's cast to text always shows the mask, which inet_out leaves off when it covers the address.
                of("inet", InetAddress.getByName("10.0.0.1"), "10.0.0.1/32", "10.1.2.3/8", "10.1.2.3/8",
                        InetAddress.getByName("::1"), "::1/128", "2001:db8::1/64", "2001:db8::1/64"),
                of("cidr", "10.0.0.0/8", "10.0.0.0/8", InetAddress.getByName("192.168.0.1"), "192.168.0.1/32",
                        "2001:db8::/32", "2001:db8::/32"),
                of("mood", Mood.HAPPY, "HAPPY", "SAD", "SAD"),
                of("int4[]", List.of(), "{}", Arrays.asList(null, null), "{NULL,NULL}", new int[] {Integer.MIN_VALUE, 0},
                        "{-2147483648,0}"),
                of("float8[]", List.of(), "{}", Arrays.asList((Double) null), "{NULL}",
                        new double[] {Double.NaN, Double.NEGATIVE_INFINITY, -0.0}, "{NaN,-Infinity,-0}"),
                of("uuid[]", List.of(), "{}", Arrays.asList((UUID) null), "{NULL}", List.of(new UUID(0, 1)),
                        "{00000000-0000-0000-0000-000000000001}"),
                readAs("timestamptz[]", UTC_ARRAY, List.of(Instant.MIN, Instant.MAX, earliest),
                        "{-infinity,infinity,\"4714-11-24 00:00:00 BC\"}", Arrays.asList((Instant) null), "{NULL}"),
                of("timestamptz[]", List.of(), "{}"),
                of("text[]", Arrays.asList("NULL", null, "a,b", "", "\"", "\\"),
                        "{\"NULL\",NULL,\"a,b\",\"\",\"\\\"\",\"\\\\\"}", List.of(), "{}"),
                of("date[]", List.of(LocalDate.of(-4713, 11, 24), LocalDate.MAX), "{\"4714-11-24 BC\",infinity}"),
                of("numeric[]", List.of(), "{}", Arrays.asList(null, new BigDecimal("1.10")), "{NULL,1.10}"),
                of("jsonb[]", List.of(Json.of("{\"b\":1}")), "{\"{\\\"b\\\": 1}\"}"),
                of("inet[]", List.of(), "{}", List.of("10.0.0.0/8", InetAddress.getByName("::2")), "{10.0.0.0/8,::2}"));
    }

    @Test
    void shouldStoreEveryEdgeValueAsPostgresPrintsItOnEveryPath(TestDatabase database) throws Exception {
        List<String> mismatches = new ArrayList<>();
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TYPE mood AS ENUM ('SAD', 'HAPPY')");
            int caseNumber = 0;
            for (Case edge : cases()) {
                caseNumber++;
                for (String path : List.of("insert", "copy", "parameters")) {
                    String table = path + "_" + caseNumber;
                    client.execute("CREATE TABLE " + table + " (n int4, v " + edge.sqlType() + ")");
                    List<Object[]> rows = new ArrayList<>();
                    for (int i = 0; i < edge.values().size(); i++) {
                        rows.add(new Object[] {i, edge.values().get(i)});
                    }
                    switch (path) {
                        case "insert" -> assertThat(client.copy().bulkInsert(table).columns("n", "v")
                                .threshold(Integer.MAX_VALUE).from(rows).method()).isEqualTo(BulkMethod.MULTI_ROW_INSERT);
                        case "copy" -> assertThat(client.copy().bulkInsert(table).columns("n", "v").threshold(0)
                                .from(rows).method()).isEqualTo(BulkMethod.BINARY_COPY);
                        default -> rows.forEach(row -> client.execute("INSERT INTO " + table + " VALUES (?, ?)", row));
                    }
                    List<String> stored = client.query("SELECT " + edge.textOf() + " FROM " + table
                            + " ORDER BY n", String.class);
                    if (!stored.equals(edge.texts())) {
                        mismatches.add(edge.sqlType() + " by " + path + ": stored " + stored + ", expected " + edge.texts());
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void shouldConvertOtherJavaTypesAlikeOnBothSidesOfTheThreshold(TestDatabase database) throws Exception {
        java.sql.Timestamp legacy = java.sql.Timestamp.valueOf("2026-01-02 03:04:05.123456789");
        List<Object[]> typeAndValue = List.of(
                new Object[] {"int4", 123L}, new Object[] {"int8", (short) -5},
                new Object[] {"int8", java.math.BigInteger.valueOf(Long.MIN_VALUE)},
                new Object[] {"numeric", 0.1 + 0.2}, new Object[] {"numeric", 42}, new Object[] {"float4", Long.MAX_VALUE},
                new Object[] {"float4", 0.1}, new Object[] {"float8", new BigDecimal("0.1")}, new Object[] {"text", 'x'},
                new Object[] {"text", Mood.SAD}, new Object[] {"date", java.sql.Date.valueOf("1999-12-31")},
                new Object[] {"timestamp", legacy}, new Object[] {"timestamptz", legacy},
                new Object[] {"timestamptz", java.time.ZonedDateTime.parse("2026-03-29T02:30:00+02:00[Europe/Paris]")},
                new Object[] {"bytea", java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}, 1, 2)},
                new Object[] {"uuid", "0123456789abcdef0123456789ABCDEF"},
                new Object[] {"float4[]", new float[] {1.5f, Float.NaN}}, new Object[] {"int8[]", new short[] {1, -1}},
                new Object[] {"numeric[]", new double[] {0.1, -0.0}});
        List<String> mismatches = new ArrayList<>();
        try (TuskClient client = Tusk.connect(database.url())) {
            for (int i = 0; i < typeAndValue.size(); i++) {
                String type = (String) typeAndValue.get(i)[0];
                List<Object[]> rows = List.<Object[]>of(new Object[] {typeAndValue.get(i)[1]});
                client.execute("CREATE TABLE by_insert_" + i + " (v " + type + ")");
                client.execute("CREATE TABLE by_copy_" + i + " (v " + type + ")");
                client.copy().bulkInsert("by_insert_" + i).columns("v").threshold(Integer.MAX_VALUE).from(rows);
                client.copy().bulkInsert("by_copy_" + i).columns("v").threshold(0).from(rows);
                String inserted = client.queryValue("SELECT v::text FROM by_insert_" + i, String.class);
                String copied = client.queryValue("SELECT v::text FROM by_copy_" + i, String.class);
                if (!inserted.equals(copied)) {
                    mismatches.add(type + " from " + rows.get(0)[0].getClass().getName() + ": INSERT stored " + inserted
                            + ", COPY " + copied);
                }
            }
            assertThat(client.queryValue("SELECT v::text FROM by_insert_3", String.class)).isEqualTo("0.30000000000000004");
        }
        assertThat(mismatches).isEmpty();
    }
}
