package dev.tusk.query;

import dev.tusk.DecodeException;
import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One read, one answer: a live query row, a detached row and a typed COPY out row convert a value alike. */
@WithPostgres
class ReadPathsTest {

    private record Read(String expression, Class<?> type, Object expected) {
    }

    private static final List<Read> READS;

    static {
        try {
            READS = List.of(
                    new Read("'{2024-02-29 01:02:03+02,infinity}'::timestamptz[]", OffsetDateTime[].class,
                            new OffsetDateTime[] {OffsetDateTime.of(2024, 2, 28, 23, 2, 3, 0, ZoneOffset.UTC),
                                    OffsetDateTime.MAX}),
                    new Read("'{2024-02-29,-infinity,NULL}'::date[]", LocalDate[].class,
                            new LocalDate[] {LocalDate.of(2024, 2, 29), LocalDate.MIN, null}),
                    new Read("'{1,2}'::int4[]", List.class, List.of(1, 2)),
                    new Read("'{1,2}'::int4[]", long[].class, new long[] {1, 2}),
                    new Read("'4714-11-24 BC'::date", LocalDate.class, LocalDate.of(-4713, 11, 24)),
                    new Read("'infinity'::timestamptz", Instant.class, Instant.MAX),
                    new Read("'24:00'::time", LocalTime.class, LocalTime.MAX),
                    new Read("'23:59:59.999999-15:59:59'::timetz", OffsetTime.class,
                            OffsetTime.of(23, 59, 59, 999_999_000, ZoneOffset.ofHoursMinutesSeconds(-15, -59, -59))),
                    new Read("'\\x0102'::bytea", String.class, "\\x0102"),
                    new Read("2::int8", Short.class, (short) 2),
                    new Read("1.5::float8", BigDecimal.class, new BigDecimal("1.5")),
                    new Read("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::text", UUID.class,
                            UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
                    new Read("'{\"a\": 1}'::jsonb", Json.class, Json.of("{\"a\": 1}")),
                    new Read("'10.0.0.1'::inet", InetAddress.class, InetAddress.getByName("10.0.0.1")),
                    new Read("'1 day'::interval", Duration.class, Duration.ofDays(1)),
                    new Read("'{\"1 day\",NULL}'::interval[]", List.class, java.util.Arrays.asList(Interval.of(0, 1, 0), null)));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldConvertAlikeOnEveryReadPath(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            for (Read read : READS) {
                String sql = "SELECT " + read.expression() + " AS v";
                for (Function<String, Object> path : paths(client, read.type())) {
                    assertThat(path.apply(sql)).as(read.expression() + " as " + read.type().getSimpleName())
                            .isEqualTo(read.expected());
                }
            }
        }
    }

    @Test
    void shouldRefuseAlikeOnEveryReadPath(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            for (Read read : List.of(new Read("'{1,2}'::int4[]", Integer.class, "it is an array"),
                    new Read("'10.0.0.0/8'::cidr", InetAddress.class, "it has a network prefix"),
                    new Read("'not-a-uuid'::text", UUID.class, "the text is not a UUID"),
                    new Read("'1 mon'::interval", Duration.class, "it has months"))) {
                String sql = "SELECT " + read.expression() + " AS v";
                for (Function<String, Object> path : paths(client, read.type())) {
                    assertThatThrownBy(() -> path.apply(sql)).as(read.expression())
                            .isInstanceOf(DecodeException.class)
                            .hasMessageContaining("row 1, column \"v\"")
                            .hasMessageContaining((String) read.expected());
                }
            }
        }
    }

    private static List<Function<String, Object>> paths(TuskClient client, Class<?> type) {
        return List.of(
                sql -> client.query(sql, row -> row.get("v", type)).get(0),
                sql -> client.queryRows(sql).get(0).get("v", type),
                sql -> {
                    try (Stream<Row> rows = client.copyOut(CopyOutSource.query(sql))) {
                        return rows.findFirst().orElseThrow().get("v", type);
                    }
                });
    }
}
