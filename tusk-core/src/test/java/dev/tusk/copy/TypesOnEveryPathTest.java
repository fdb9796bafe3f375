package dev.tusk.copy;

import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.query.Interval;
import dev.tusk.query.Json;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGInterval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same Java values, loaded through every path Tusk has (bulkInsert's multi-row INSERT, bulkInsert's binary COPY,
 * and statement parameters), must store the same values, and read back equal through query results and COPY out.
 * Rows are random from a fixed seed, drawn heavily from each type's edge values.
 */
@WithPostgres
class TypesOnEveryPathTest {

    enum Mood { SAD, OK, HAPPY }

    private static final long SEED = 20_261_207L;
    private static final int ROWS = 150;

    /** One column: its name, SQL type, and a generator of the Java values the paths all take for it. */
    record Column(String name, String sqlType, Function<Random, Object> values) {
    }

    private static final Instant MIN_INSTANT = LocalDateTime.of(-4713, 11, 24, 0, 0).toInstant(ZoneOffset.UTC);
    private static final Instant MAX_INSTANT = LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000)
            .toInstant(ZoneOffset.UTC);

    static final List<Column> COLUMNS = List.of(
            new Column("b", "bool", r -> r.nextBoolean()),
            new Column("i2", "int2", r -> pick(r, List.of(Short.MIN_VALUE, Short.MAX_VALUE, (short) 0, (short) -1),
                    () -> (short) r.nextInt())),
            new Column("i4", "int4", r -> pick(r, List.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1), r::nextInt)),
            new Column("i8", "int8", r -> pick(r, List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L), r::nextLong)),
            new Column("f4", "float4", r -> pick(r, List.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                    -0.0f, 0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, Float.MIN_NORMAL, 1 / 3f),
                    () -> finiteFloat(r))),
            new Column("f8", "float8", r -> pick(r, List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 0.1 + 0.2),
                    () -> finiteDouble(r))),
            new Column("num", "numeric", r -> pick(r, List.of(BigDecimal.ZERO, new BigDecimal("0.000"),
                    new BigDecimal("-1.5"), new BigDecimal("1E+1000"), new BigDecimal("1E-300"),
                    new BigDecimal("12345678901234567890.123456789012345678901234567890"), Double.NaN,
                    Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), () -> randomDecimal(r))),
            new Column("t", "text", r -> pick(r, List.of("", "NULL", "a,b", "{x}", "\"quoted\"", "back\\slash",
                    " spaced ", "😀 emoji", "tab\there", "x".repeat(10_000)), () -> randomText(r))),
            new Column("vc", "varchar(40)", r -> pick(r, List.of("", "é"), () -> randomText(r))),
            new Column("bytes", "bytea", r -> pick(r, List.of(new byte[0], new byte[] {0, (byte) 0xFF, '\\'}),
                    () -> randomBytes(r))),
            new Column("u", "uuid", r -> pick(r, List.of(new UUID(0, 0), new UUID(-1, -1)),
                    () -> new UUID(r.nextLong(), r.nextLong()))),
            new Column("d", "date", r -> pick(r, List.of(LocalDate.of(-4713, 11, 24), LocalDate.of(5874897, 12, 31),
                    LocalDate.MIN, LocalDate.MAX, LocalDate.of(1, 1, 1), LocalDate.of(0, 12, 31),
                    LocalDate.of(2000, 1, 1)), () -> LocalDate.ofEpochDay(r.nextInt(800_000) - 400_000))),
            new Column("tm", "time", r -> pick(r, List.of(LocalTime.MIDNIGHT, LocalTime.of(23, 59, 59, 999_999_000)),
                    () -> LocalTime.ofNanoOfDay(r.nextLong(86_400_000_000L) * 1000))),
            new Column("ttz", "timetz", r -> pick(r, List.of(OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofHoursMinutes(15, 59)),
                    OffsetTime.of(0, 0, 0, 0, ZoneOffset.ofHoursMinutes(-15, -59)), OffsetTime.of(23, 59, 59, 999_999_000,
                    ZoneOffset.UTC)), () -> OffsetTime.of(LocalTime.ofNanoOfDay(r.nextLong(86_400_000_000L) * 1000),
                    ZoneOffset.ofTotalSeconds((r.nextInt(1919) - 959) * 60)))),
            new Column("ts", "timestamp", r -> pick(r, List.of(LocalDateTime.ofInstant(MIN_INSTANT, ZoneOffset.UTC),
                    LocalDateTime.ofInstant(MAX_INSTANT, ZoneOffset.UTC), LocalDateTime.MIN, LocalDateTime.MAX),
                    () -> LocalDateTime.ofInstant(randomInstant(r), ZoneOffset.UTC))),
            new Column("tstz", "timestamptz", r -> pick(r, List.of(MIN_INSTANT, MAX_INSTANT, Instant.MIN, Instant.MAX,
                    OffsetDateTime.of(2026, 3, 29, 2, 30, 0, 0, ZoneOffset.ofHours(2))), () -> randomInstant(r))),
            new Column("iv", "interval", r -> pick(r, List.of(Duration.ZERO, Period.ofMonths(-7), Duration.ofDays(-40),
                    new PGInterval(1, 2, 3, 4, 5, 6.5), Interval.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE - 1),
                    Interval.of(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE + 1), Interval.of(0, -1, 2 * 3_600_000_000L),
                    Interval.of(0, 0, -1)), () -> r.nextBoolean() ? Duration.of(r.nextLong() >> 8, ChronoUnit.MICROS)
                    : randomInterval(r))),
            new Column("j", "json", r -> pick(r, List.of(Json.of("{\"a\":1,\"a\":2}"), Json.of(" [1, 2 ] "),
                    "{\"k\": \"\\u00e9\"}", Json.of("null")), () -> Json.of("{\"n\": " + r.nextInt() + "}"))),
            new Column("jb", "jsonb", r -> pick(r, List.of(Json.of("{\"a\":1,\"a\":2}"), "[]", Json.of("\"x\"")),
                    () -> "{\"n\": " + r.nextInt() + ", \"s\": \"" + randomText(r).replaceAll("[\\\\\"\\n\\t]", "") + "\"}")),
            new Column("ip", "inet", r -> pick(r, List.of(address("10.0.0.1"), address("::1"), "10.1.2.3/8",
                    "2001:db8::1/64", address("255.255.255.255")), () -> address(randomBytes(r, r.nextBoolean() ? 4 : 16)))),
            new Column("net", "cidr", r -> pick(r, List.of("10.0.0.0/8", "0.0.0.0/0", "2001:db8::/32", address("192.168.0.1")),
                    () -> address(randomBytes(r, 4)))),
            new Column("mood", "mood", r -> r.nextBoolean() ? Mood.values()[r.nextInt(3)] : Mood.values()[r.nextInt(3)].name()),
            new Column("i4a", "int4[]", r -> pick(r, List.of(List.of(), Arrays.asList(null, null), new int[] {Integer.MIN_VALUE, 0}),
                    () -> Arrays.asList(r.nextInt(), null, r.nextInt()))),
            new Column("f8a", "float8[]", r -> pick(r, List.of(List.of(), Arrays.asList((Double) null),
                    new double[] {Double.NaN, Double.NEGATIVE_INFINITY, -0.0}), () -> List.of(finiteDouble(r)))),
            new Column("ta", "text[]", r -> pick(r, List.of(List.of(), List.of(""), Arrays.asList("NULL", null, "a,b", "{}",
                    "\"", "\\", " x ")), () -> List.of(randomText(r), randomText(r)))),
            new Column("ua", "uuid[]", r -> pick(r, List.of(List.of(), Arrays.asList(null, null)),
                    () -> List.of(new UUID(r.nextLong(), r.nextLong())))),
            new Column("tstza", "timestamptz[]", r -> pick(r, List.of(List.of(), Arrays.asList((Instant) null),
                    List.of(Instant.MIN, Instant.MAX, MIN_INSTANT)), () -> List.of(randomInstant(r)))),
            new Column("da", "date[]", r -> pick(r, List.of(List.of(), List.of(LocalDate.of(-4713, 11, 24), LocalDate.MAX)),
                    () -> List.of(LocalDate.ofEpochDay(r.nextInt(100_000))))),
            new Column("numa", "numeric[]", r -> pick(r, List.of(List.of(), Arrays.asList(null, BigDecimal.ONE)),
                    () -> List.of(randomDecimal(r)))),
            new Column("ipa", "inet[]", r -> pick(r, List.of(List.of(), List.of("10.0.0.0/8", address("::2"))),
                    () -> List.of(address(randomBytes(r, 4))))),
            new Column("iva", "interval[]", r -> pick(r, List.of(List.of(), Arrays.asList(null, Duration.ofDays(-40)),
                    List.of(Interval.of(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE + 1), Period.ofYears(3))),
                    () -> List.of(randomInterval(r), randomInterval(r)))),
            new Column("ttza", "timetz[]", r -> pick(r, List.of(List.of(), List.of(OffsetTime.of(23, 59, 59, 999_999_000,
                    ZoneOffset.ofHoursMinutesSeconds(-15, -59, -59)))), () -> List.of(OffsetTime.of(
                    LocalTime.ofNanoOfDay(r.nextLong(86_400_000_000L) * 1000), ZoneOffset.ofTotalSeconds(r.nextInt(115_199) - 57_599))))));

    private static Object pick(Random random, List<?> edges, java.util.function.Supplier<?> otherwise) {
        int dice = random.nextInt(10);
        if (dice == 0) {
            return null;
        }
        return dice <= 4 ? edges.get(random.nextInt(edges.size())) : otherwise.get();
    }

    private static float finiteFloat(Random random) {
        float value;
        do {
            value = Float.intBitsToFloat(random.nextInt());
        } while (Float.isNaN(value) || Float.isInfinite(value));
        return value;
    }

    private static double finiteDouble(Random random) {
        double value;
        do {
            value = Double.longBitsToDouble(random.nextLong());
        } while (Double.isNaN(value) || Double.isInfinite(value));
        return value;
    }

    private static BigDecimal randomDecimal(Random random) {
        BigInteger unscaled = new BigInteger(1 + random.nextInt(140), random);
        return new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), random.nextInt(60) - 20);
    }

    private static String randomText(Random random) {
        String alphabet = "abcXYZ 019,{}\"\\'é€😀\n\t";
        int[] codePoints = alphabet.codePoints().toArray();
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }

    private static byte[] randomBytes(Random random) {
        return randomBytes(random, random.nextInt(40));
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Any interval PostgreSQL can store short of the infinities (the 17+ bit patterns), fields of mixed signs. */
    private static Interval randomInterval(Random random) {
        return Interval.of(random.nextInt(), random.nextInt(), random.nextLong(Long.MIN_VALUE + 1, Long.MAX_VALUE));
    }

    private static Instant randomInstant(Random random) {
        long seconds = random.nextLong(MIN_INSTANT.getEpochSecond(), MAX_INSTANT.getEpochSecond());
        return Instant.ofEpochSecond(seconds, random.nextInt(1_000_000) * 1000L);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Object[]> randomRows(long seed, int count) {
        Random random = new Random(seed);
        List<Object[]> rows = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            Object[] row = new Object[COLUMNS.size() + 1];
            row[0] = (long) id;
            for (int c = 0; c < COLUMNS.size(); c++) {
                row[c + 1] = COLUMNS.get(c).values().apply(random);
            }
            rows.add(row);
        }
        return rows;
    }

    static List<String> columnNames() {
        return Stream.concat(Stream.of("id"), COLUMNS.stream().map(Column::name)).toList();
    }

    static void createTables(TuskClient client, String... tables) {
        client.execute("CREATE TYPE mood AS ENUM ('SAD', 'OK', 'HAPPY')");
        String definition = COLUMNS.stream().map(c -> c.name() + " " + c.sqlType()).collect(Collectors.joining(", "));
        for (String table : tables) {
            client.execute("CREATE TABLE " + table + " (id int8 PRIMARY KEY, " + definition + ")");
        }
    }

    /** Rows of {@code a} not in {@code b} and of {@code b} not in {@code a}, as text: none when the tables agree. */
    static List<String> difference(TuskClient client, String a, String b) {
        return client.query("(SELECT x::text FROM " + a + " x EXCEPT ALL SELECT y::text FROM " + b + " y) "
                + "UNION ALL (SELECT y::text FROM " + b + " y EXCEPT ALL SELECT x::text FROM " + a + " x)", String.class);
    }

    static void loadEveryWay(TuskClient client, List<Object[]> rows) {
        createTables(client, "by_insert", "by_copy", "by_parameters");
        List<String> names = columnNames();
        BulkInsertResult inserted = client.copy().bulkInsert("by_insert").columns(names).threshold(Integer.MAX_VALUE).from(rows);
        BulkInsertResult copied = client.copy().bulkInsert("by_copy").columns(names).threshold(0).from(rows);
        assertThat(inserted.method()).isEqualTo(BulkMethod.MULTI_ROW_INSERT);
        assertThat(copied.method()).isEqualTo(BulkMethod.BINARY_COPY);
        String insert = "INSERT INTO by_parameters (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", Collections.nCopies(names.size(), "?")) + ")";
        for (Object[] row : rows) {
            client.execute(insert, row);
        }
    }

    @Test
    void shouldStoreRandomRowsIdenticallyThroughInsertCopyAndParameters(TestDatabase database) {
        List<Object[]> rows = randomRows(SEED, ROWS);
        try (TuskClient client = Tusk.connect(database.url())) {
            loadEveryWay(client, rows);

            assertThat(client.queryValue("SELECT count(*) FROM by_copy", Long.class)).isEqualTo(ROWS);
            assertThat(difference(client, "by_insert", "by_copy")).isEmpty();
            assertThat(difference(client, "by_parameters", "by_copy")).isEmpty();

            client.execute("UPDATE by_copy SET f8 = -f8 WHERE id = 1 AND f8 IS NOT NULL AND f8 <> 0 AND f8 <> 'NaN'");
            client.execute("UPDATE by_copy SET t = t || '.' WHERE id = 2");
            assertThat(difference(client, "by_insert", "by_copy")).as("the comparison sees a changed value").isNotEmpty();
        }
    }

    /** Every column but jsonb, which the server normalises: each reads back as the value that went in. */
    private static final List<String> READ_BACK = COLUMNS.stream().map(Column::name).filter(name -> !name.equals("jb"))
            .toList();

    @Test
    void shouldReadRandomRowsBackEqualThroughResultsAndCopyOut(TestDatabase database) {
        List<Object[]> rows = randomRows(SEED + 1, ROWS);
        List<String> names = columnNames();
        try (TuskClient client = Tusk.connect(database.url())) {
            loadEveryWay(client, rows);
            List<Row> queried = client.queryRows("SELECT * FROM by_insert ORDER BY id");
            List<Row> copiedOut;
            try (Stream<Row> stream = client.copyOut(CopyOutSource.query("SELECT * FROM by_parameters ORDER BY id"))) {
                copiedOut = stream.toList();
            }
            assertThat(queried).hasSize(ROWS);
            assertThat(copiedOut).hasSize(ROWS);
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                Row fromQuery = queried.get(i);
                Row fromCopy = copiedOut.get(i);
                for (String column : READ_BACK) {
                    Object original = rows.get(i)[names.indexOf(column)];
                    Class<?> type = readType(column, original);
                    Object expected = comparable(column, original);
                    String where = "row " + (i + 1) + ", column " + column + " as " + type.getSimpleName();
                    compare(mismatches, "query result " + where, expected, () -> fromQuery.get(column, type), column);
                    compare(mismatches, "COPY out " + where, expected, () -> fromCopy.get(column, type), column);
                }
            }
            assertThat(mismatches).isEmpty();
        }
    }

    private static void compare(List<String> mismatches, String where, Object expected,
                                java.util.function.Supplier<Object> read, String column) {
        Object actual;
        try {
            actual = comparable(column, read.get());
        } catch (RuntimeException e) {
            mismatches.add(where + ": " + e);
            return;
        }
        if (!java.util.Objects.equals(actual, expected)) {
            mismatches.add(where + ": read " + actual + ", expected " + expected);
        }
    }

    /** The Java type to read {@code original} back as: its own, or the one Tusk gives for its kind. */
    private static Class<?> readType(String column, Object original) {
        if (original == null || original instanceof Json) {
            return String.class;
        }
        if (column.equals("iv")) {
            return Interval.class;
        }
        if (original instanceof Instant) {
            return OffsetDateTime.class;
        }
        if (original instanceof InetAddress) {
            return InetAddress.class;
        }
        if (original instanceof List<?> || original.getClass().isArray() && !(original instanceof byte[])) {
            return List.class;
        }
        return original.getClass();
    }

    /**
     * A form that compares by value: byte arrays and arrays as lists, instants and offset date-times as instants,
     * Duration, Period and PGInterval as the Interval they store, numerics without trailing zeros, JSON as its text,
     * and in inet arrays an address the server prints without a prefix as an InetAddress.
     */
    private static Object comparable(String column, Object value) {
        return switch (value) {
            case null -> null;
            case byte[] bytes -> IntStream.range(0, bytes.length).mapToObj(i -> bytes[i]).toList();
            case Json json -> json.text();
            case OffsetDateTime time when time.equals(OffsetDateTime.MAX) -> Instant.MAX;
            case OffsetDateTime time when time.equals(OffsetDateTime.MIN) -> Instant.MIN;
            case OffsetDateTime time -> time.toInstant();
            case Duration duration -> Interval.ofDuration(duration);
            case Period period -> Interval.ofPeriod(period);
            case PGInterval pg -> Interval.of(pg.getYears() * 12 + pg.getMonths(), pg.getDays(),
                    ((pg.getHours() * 60L + pg.getMinutes()) * 60 + pg.getWholeSeconds()) * 1_000_000L
                            + pg.getMicroSeconds());
            case BigDecimal decimal -> decimal.stripTrailingZeros();
            case String text when column.equals("ipa") && !text.contains("/") -> address(text);
            case List<?> list -> list.stream().map(element -> comparable(column, element)).toList();
            case Object array when array.getClass().isArray() -> IntStream.range(0, java.lang.reflect.Array.getLength(array))
                    .mapToObj(i -> comparable(column, java.lang.reflect.Array.get(array, i))).toList();
            default -> value;
        };
    }
}
