package dev.tusk.copy;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.query.Json;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGInterval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every supported type goes in through binary COPY and reads back, as the server prints it, equal to what went in. */
@WithPostgres
class CopyInTypesTest {

    enum Mood { SAD, HAPPY }

    /** Copies {@code values} into a fresh one-column table of {@code type} and returns {@code expression} per row. */
    private static List<String> roundTripAs(TuskClient client, String type, String expression, Object... values) {
        String table = "rt_" + Integer.toHexString(type.hashCode() & 0xFFFFFF) + "_" + System.nanoTime() % 100_000;
        client.execute("CREATE TABLE " + table + " (ord int, v " + type + ")");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(new Object[] {i, values[i]});
        }
        CopyResult result = client.copy().copyIn(table, List.of("ord", "v"), rows);
        assertThat(result.rows()).isEqualTo(values.length);
        return client.query("SELECT " + expression + " FROM " + table + " ORDER BY ord", String.class);
    }

    private static List<String> roundTrip(TuskClient client, String type, Object... values) {
        return roundTripAs(client, type, "v::text", values);
    }

    @Test
    void shouldRoundTripBooleansAndIntegersWithNulls(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThat(roundTrip(client, "bool", true, false, null)).containsExactly("true", "false", null);
            assertThat(roundTrip(client, "int2", (short) 1, Short.MIN_VALUE, Short.MAX_VALUE, 5, 7L, (byte) -3, null))
                    .containsExactly("1", "-32768", "32767", "5", "7", "-3", null);
            assertThat(roundTrip(client, "int4", Integer.MIN_VALUE, Integer.MAX_VALUE, 42L, (short) 0, null))
                    .containsExactly("-2147483648", "2147483647", "42", "0", null);
            assertThat(roundTrip(client, "int8", Long.MIN_VALUE, Long.MAX_VALUE, 0, BigInteger.valueOf(-123), null))
                    .containsExactly("-9223372036854775808", "9223372036854775807", "0", "-123", null);
        }
    }

    @Test
    void shouldRoundTripFloatsIncludingNanInfinityAndExtremes(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThat(roundTrip(client, "float4", 1.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                    -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 0.25, 3, null))
                    .containsExactly("1.5", "NaN", "Infinity", "-Infinity", "-0", "1e-45", "3.4028235e+38", "0.25", "3",
                            null);
            assertThat(roundTrip(client, "float8", 1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 0.1, 3L, 0.5f, null))
                    .containsExactly("1.5", "NaN", "Infinity", "-Infinity", "-0", "5e-324", "1.7976931348623157e+308",
                            "0.1", "3", "0.5", null);
        }
    }

    @Test
    void shouldRoundTripNumericsOfAnyScaleAndSize(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            BigDecimal tiny = new BigDecimal(BigInteger.ONE, 1000);
            BigDecimal hugeWithFraction = BigDecimal.TEN.pow(100).add(new BigDecimal("0.000001"));
            BigInteger twoTo200 = BigInteger.TWO.pow(200);
            List<BigDecimal> decimals = List.of(BigDecimal.ZERO, new BigDecimal("0.000"), new BigDecimal("-0.5"),
                    new BigDecimal("123456789.123456789"), tiny, hugeWithFraction, hugeWithFraction.negate(),
                    new BigDecimal("1E+20"), new BigDecimal("-12.3400"), new BigDecimal("10000"),
                    new BigDecimal("0.0001"), new BigDecimal("99999999.99990000"));
            List<String> expected = new ArrayList<>(decimals.stream().map(BigDecimal::toPlainString).toList());
            List<Object> values = new ArrayList<>(decimals);
            values.addAll(Arrays.asList(twoTo200, Long.MIN_VALUE, 10_000L, 9_999, Double.NaN, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY, 0.1, -2.5f, null));
            expected.addAll(Arrays.asList(twoTo200.toString(), "-9223372036854775808", "10000", "9999", "NaN",
                    "Infinity", "-Infinity", "0.1", "-2.5", null));

            assertThat(roundTrip(client, "numeric", values.toArray())).containsExactlyElementsOf(expected);
            assertThat(roundTrip(client, "numeric(12,2)", new BigDecimal("1.005"), 7L))
                    .as("the column's typmod rounds, as it would for SQL input")
                    .containsExactly("1.01", "7.00");
        }
    }

    @Test
    void shouldRoundTripTextTypesWithUnicodeAndEmptyStrings(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            String longText = "ü".repeat(20_000) + "🎉".repeat(5_000);
            assertThat(roundTrip(client, "text", "", "plain", "emoji 🎉👩‍👩‍👧", "CJK 漢字かな", "tab\tnewline\n\\",
                    'x', new StringBuilder("built"), Mood.HAPPY, longText, null))
                    .containsExactly("", "plain", "emoji 🎉👩‍👩‍👧", "CJK 漢字かな", "tab\tnewline\n\\", "x", "built", "HAPPY",
                            longText, null);
            assertThat(roundTrip(client, "varchar(10)", "short", "", "ñandú", null))
                    .containsExactly("short", "", "ñandú", null);
            assertThat(roundTrip(client, "char(5)", "ab", "", "abcde", null)).containsExactly("ab", "", "abcde", null);
            assertThat(roundTripAs(client, "char(5)", "concat(v, '|')", "ab")).as("stored padded").containsExactly("ab   |");
            assertThat(roundTrip(client, "name", "pg_name", "日本", null)).containsExactly("pg_name", "日本", null);
        }
    }

    @Test
    void shouldRoundTripEnumsAndDomains(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TYPE mood AS ENUM ('SAD', 'HAPPY')");
            client.execute("CREATE DOMAIN positive AS int CHECK (VALUE > 0)");
            client.execute("CREATE DOMAIN email AS text");
            assertThat(roundTrip(client, "mood", Mood.SAD, "HAPPY", null)).containsExactly("SAD", "HAPPY", null);
            assertThat(roundTrip(client, "positive", 5, 7L, null)).containsExactly("5", "7", null);
            assertThat(roundTrip(client, "email", "a@b.c")).containsExactly("a@b.c");
            assertThat(roundTrip(client, "mood[]", (Object) new Object[] {Mood.HAPPY, null})).containsExactly("{HAPPY,NULL}");
            assertThat(roundTrip(client, "positive[]", (Object) new int[] {1, 2})).containsExactly("{1,2}");
        }
    }

    @Test
    void shouldRoundTripByteaIncludingZeroBytesAndEmpty(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            byte[] large = new byte[300_000];
            for (int i = 0; i < large.length; i++) {
                large[i] = (byte) (i * 31);
            }
            assertThat(roundTripAs(client, "bytea", "encode(v, 'hex')", new byte[0], new byte[] {0, 0, 0},
                    new byte[] {0, 1, (byte) 255}, java.nio.ByteBuffer.wrap(new byte[] {9, 8, 7}, 1, 2), null))
                    .containsExactly("", "000000", "0001ff", "0807", null);
            assertThat(roundTripAs(client, "bytea", "md5(v)", (Object) large))
                    .containsExactly(md5(large));
        }
    }

    @Test
    void shouldRoundTripUuidsJsonAndNetworkAddresses(TestDatabase database) throws Exception {
        try (TuskClient client = Tusk.connect(database.url())) {
            UUID uuid = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
            assertThat(roundTrip(client, "uuid", uuid, "00000000-0000-0000-0000-000000000001",
                    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", null))
                    .containsExactly(uuid.toString(), "00000000-0000-0000-0000-000000000001",
                            "ffffffff-ffff-ffff-ffff-ffffffffffff", null);
            assertThat(roundTrip(client, "json", "{\"b\": 1,  \"a\": [true]}", Json.of("\"é🎉\""), "{}", null))
                    .containsExactly("{\"b\": 1,  \"a\": [true]}", "\"é🎉\"", "{}", null);
            assertThat(roundTrip(client, "jsonb", "{\"b\": 1,  \"a\": [true, null]}", Json.of("\"é🎉\""), "[]", null))
                    .containsExactly("{\"a\": [true, null], \"b\": 1}", "\"é🎉\"", "[]", null);
            assertThat(roundTrip(client, "inet", "10.0.0.1", "10.0.0.0/8", "::1", "2001:db8::1/64",
                    InetAddress.getByName("192.168.1.1"), InetAddress.getByName("2001:db8::5"), null))
                    .as("inet's cast to text always shows the mask")
                    .containsExactly("10.0.0.1/32", "10.0.0.0/8", "::1/128", "2001:db8::1/64", "192.168.1.1/32",
                            "2001:db8::5/128", null);
            assertThat(roundTrip(client, "cidr", "10.0.0.0/8", "192.168.1.0/24", "2001:db8::/32", "0.0.0.0/0",
                    InetAddress.getByName("1.2.3.4"), null))
                    .containsExactly("10.0.0.0/8", "192.168.1.0/24", "2001:db8::/32", "0.0.0.0/0", "1.2.3.4/32", null);
        }
    }

    @Test
    void shouldRoundTripDatesAndTimesIncludingInfinityAndExtremes(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThat(roundTrip(client, "date", LocalDate.of(2020, 2, 29), LocalDate.of(1, 1, 1),
                    LocalDate.of(-4712, 1, 1), LocalDate.of(-4713, 11, 24), LocalDate.of(5_874_897, 12, 31),
                    LocalDate.of(1999, 12, 31), java.sql.Date.valueOf("2001-02-03"), LocalDate.MAX, LocalDate.MIN, null))
                    .containsExactly("2020-02-29", "0001-01-01", "4713-01-01 BC", "4714-11-24 BC", "5874897-12-31",
                            "1999-12-31", "2001-02-03", "infinity", "-infinity", null);
            assertThat(roundTrip(client, "time", LocalTime.MIDNIGHT, LocalTime.of(23, 59, 59, 999_999_000),
                    LocalTime.of(12, 34, 56, 789_000_000), LocalTime.of(1, 2, 3, 123_456_789), null))
                    .containsExactly("00:00:00", "23:59:59.999999", "12:34:56.789", "01:02:03.123457", null);
            assertThat(roundTrip(client, "timetz", OffsetTime.of(10, 0, 0, 0, ZoneOffset.ofHours(2)),
                    OffsetTime.of(10, 0, 0, 500_000, ZoneOffset.ofHoursMinutes(-5, -30)),
                    OffsetTime.of(23, 59, 59, 999_999_000, ZoneOffset.ofHoursMinutes(15, 59)), null))
                    .containsExactly("10:00:00+02", "10:00:00.0005-05:30", "23:59:59.999999+15:59", null);
        }
    }

    @Test
    void shouldRoundTripTimestampsIncludingInfinityAndTheServersLimits(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThat(roundTrip(client, "timestamp", LocalDateTime.of(2000, 1, 1, 0, 0),
                    LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000), LocalDateTime.of(1, 1, 1, 0, 0),
                    LocalDateTime.of(294_276, 12, 31, 23, 59, 59, 999_999_000), LocalDateTime.of(-4712, 1, 1, 0, 0),
                    LocalDateTime.of(1969, 7, 20, 20, 17, 40, 999_999_600), LocalDateTime.MAX, LocalDateTime.MIN, null))
                    .containsExactly("2000-01-01 00:00:00", "1999-12-31 23:59:59.999999", "0001-01-01 00:00:00",
                            "294276-12-31 23:59:59.999999", "4713-01-01 00:00:00 BC", "1969-07-20 20:17:41",
                            "infinity", "-infinity", null);
            assertThat(roundTripAs(client, "timestamptz", "(v AT TIME ZONE 'UTC')::text",
                    Instant.parse("2026-11-22T10:30:00.123456Z"),
                    OffsetDateTime.of(2026, 11, 22, 16, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)),
                    ZonedDateTime.of(2026, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris")), Instant.EPOCH,
                    Instant.parse("1900-01-01T00:00:00Z"), Instant.MAX, OffsetDateTime.MIN, OffsetDateTime.MAX,
                    Instant.MIN, null))
                    .containsExactly("2026-11-22 10:30:00.123456", "2026-11-22 10:30:00", "2026-07-01 10:00:00",
                            "1970-01-01 00:00:00", "1900-01-01 00:00:00", "infinity", "-infinity", "infinity",
                            "-infinity", null);
        }
    }

    @Test
    void shouldReadTimestampsBackAsTheSameJavaValues(TestDatabase database) throws SQLException {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE ts (id int, at timestamptz, local timestamp, day date)");
            OffsetDateTime at = OffsetDateTime.of(2031, 3, 4, 5, 6, 7, 890_123_000, ZoneOffset.UTC);
            LocalDateTime local = LocalDateTime.of(1987, 6, 5, 4, 3, 2, 100_000);
            client.copy().copyIn("ts", List.of("id", "at", "local", "day"), List.<Object[]>of(new Object[] {1, at, local,
                    LocalDate.of(2024, 2, 29)}));
            try (var connection = database.connect(); var statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT at, local, day FROM ts")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(at.toInstant());
                assertThat(rows.getObject(2, LocalDateTime.class)).isEqualTo(local);
                assertThat(rows.getObject(3, LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
            }
        }
    }

    @Test
    void shouldRoundTripIntervals(TestDatabase database) throws SQLException {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThat(roundTrip(client, "interval", Duration.ofHours(36).plusMillis(5), Duration.ofSeconds(-1),
                    Duration.ZERO, Period.of(1, 2, 3), new PGInterval("1 year 2 mons 3 days 04:05:06.5"),
                    Duration.ofNanos(1_500), null))
                    .containsExactly("36:00:00.005", "-00:00:01", "00:00:00", "1 year 2 mons 3 days",
                            "1 year 2 mons 3 days 04:05:06.5", "00:00:00.000002", null);
        }
    }

    @Test
    void shouldRoundTripOneDimensionalArraysOfEveryTypeWithNullElements(TestDatabase database) throws Exception {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThat(roundTrip(client, "int4[]", new int[] {1, 2, 3}, List.of(4, 5), new Integer[] {1, null, 3},
                    new int[0], List.of(), null))
                    .containsExactly("{1,2,3}", "{4,5}", "{1,NULL,3}", "{}", "{}", null);
            assertThat(roundTrip(client, "int2[]", (Object) new short[] {-1, 7})).containsExactly("{-1,7}");
            assertThat(roundTrip(client, "int8[]", new long[] {Long.MAX_VALUE}, List.of(1, 2L)))
                    .containsExactly("{9223372036854775807}", "{1,2}");
            assertThat(roundTrip(client, "bool[]", new boolean[] {true, false}, new Boolean[] {null, true}))
                    .containsExactly("{t,f}", "{NULL,t}");
            assertThat(roundTrip(client, "float4[]", (Object) new float[] {1.5f, Float.NaN}))
                    .containsExactly("{1.5,NaN}");
            assertThat(roundTrip(client, "float8[]", (Object) new double[] {Double.NEGATIVE_INFINITY, 0.1}))
                    .containsExactly("{-Infinity,0.1}");
            assertThat(roundTrip(client, "numeric[]", Arrays.asList(new BigDecimal("1.50"), null, Double.NaN)))
                    .containsExactly("{1.50,NULL,NaN}");
            assertThat(roundTrip(client, "text[]", new String[] {"a", null, "with \"quote\"", "🎉", ""}, List.of()))
                    .containsExactly("{a,NULL,\"with \\\"quote\\\"\",🎉,\"\"}", "{}");
            assertThat(roundTrip(client, "varchar(3)[]", (Object) new String[] {"abc"})).containsExactly("{abc}");
            assertThat(roundTrip(client, "char(2)[]", (Object) new String[] {"a"})).containsExactly("{\"a \"}");
            assertThat(roundTrip(client, "name[]", (Object) new String[] {"n"})).containsExactly("{n}");
            assertThat(roundTrip(client, "bytea[]", (Object) new byte[][] {{0, 1}, null}))
                    .containsExactly("{\"\\\\x0001\",NULL}");
            assertThat(roundTrip(client, "uuid[]", (Object) new Object[] {new UUID(0, 1), null}))
                    .containsExactly("{00000000-0000-0000-0000-000000000001,NULL}");
            assertThat(roundTrip(client, "date[]", (Object) new LocalDate[] {LocalDate.of(2020, 1, 2), LocalDate.MAX}))
                    .containsExactly("{2020-01-02,infinity}");
            assertThat(roundTrip(client, "time[]", (Object) new LocalTime[] {LocalTime.NOON})).containsExactly("{12:00:00}");
            assertThat(roundTrip(client, "timetz[]", (Object) new OffsetTime[] {OffsetTime.of(1, 0, 0, 0, ZoneOffset.UTC)}))
                    .containsExactly("{01:00:00+00}");
            assertThat(roundTrip(client, "timestamp[]", (Object) new LocalDateTime[] {LocalDateTime.of(2000, 1, 1, 1, 1)}))
                    .containsExactly("{\"2000-01-01 01:01:00\"}");
            assertThat(roundTripAs(client, "timestamptz[]", "array_to_string(v, ',', 'NULL')",
                    (Object) new Instant[] {Instant.MAX, null, Instant.MIN})).containsExactly("infinity,NULL,-infinity");
            assertThat(roundTrip(client, "interval[]", (Object) new Duration[] {Duration.ofMinutes(90)}))
                    .containsExactly("{01:30:00}");
            assertThat(roundTrip(client, "json[]", (Object) new String[] {"{\"a\": 1}"}))
                    .containsExactly("{\"{\\\"a\\\": 1}\"}");
            assertThat(roundTrip(client, "jsonb[]", (Object) new Object[] {Json.of("[1,2]"), null}))
                    .containsExactly("{\"[1, 2]\",NULL}");
            assertThat(roundTrip(client, "inet[]", (Object) new Object[] {"10.0.0.1", InetAddress.getByName("::1")}))
                    .containsExactly("{10.0.0.1,::1}");
            assertThat(roundTrip(client, "cidr[]", (Object) new String[] {"10.0.0.0/8"})).containsExactly("{10.0.0.0/8}");
        }
    }

    private static String md5(byte[] bytes) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(bytes);
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldStoreUtf8ExactlyAsJavaEncodesIt(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            String mixed = "aé漢🎉\u007F\u0080\u07FF\u0800\uFFFF";
            assertThat(roundTripAs(client, "text", "encode(convert_to(v, 'UTF8'), 'hex')", mixed))
                    .containsExactly(java.util.HexFormat.of().formatHex(mixed.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
