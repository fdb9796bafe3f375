package dev.tusk.query;

import dev.tusk.QueryException;
import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class QueryTest {

    enum Tier { FREE, GOLD }

    record Account(long id, String ownerName, BigDecimal balance, UUID token, LocalDate openedOn, OffsetDateTime lastSeen,
                   Boolean active, Tier tier, String[] tags, byte[] avatar, String profile) {
    }

    record Named(String name) {
    }

    record Counted(long count) {
    }

    private static void createAccounts(TuskClient client) {
        client.execute("CREATE TYPE tier AS ENUM ('FREE', 'GOLD')");
        client.execute("CREATE TABLE account (id bigint PRIMARY KEY, owner_name text NOT NULL, balance numeric(12,2), "
                + "token uuid, opened_on date, last_seen timestamptz, active boolean, tier tier, tags text[], avatar bytea, "
                + "profile jsonb)");
    }

    @Test
    void shouldBindCommonJavaTypesAndMapRowsToRecordsByName(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            createAccounts(client);
            UUID token = UUID.randomUUID();
            OffsetDateTime seen = OffsetDateTime.of(2026, 11, 22, 10, 30, 0, 123_456_000, ZoneOffset.UTC);
            long inserted = client.execute("INSERT INTO account VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    1L, "Ada", new BigDecimal("12.50"), token, LocalDate.of(2020, 2, 29), seen, true, Tier.GOLD,
                    new String[] {"vip", "early"}, new byte[] {0, 1, (byte) 255}, Json.of("{\"lang\": \"en\"}"));
            client.execute("INSERT INTO account (id, owner_name) VALUES (?, ?)", 2L, "Brendan");
            assertThat(inserted).isEqualTo(1);

            List<Account> accounts = client.query("SELECT * FROM account ORDER BY id", Account.class);

            assertThat(accounts).hasSize(2);
            Account ada = accounts.get(0);
            assertThat(ada.id()).isEqualTo(1);
            assertThat(ada.ownerName()).isEqualTo("Ada");
            assertThat(ada.balance()).isEqualByComparingTo("12.50");
            assertThat(ada.token()).isEqualTo(token);
            assertThat(ada.openedOn()).isEqualTo(LocalDate.of(2020, 2, 29));
            assertThat(ada.lastSeen()).isEqualTo(seen);
            assertThat(ada.active()).isTrue();
            assertThat(ada.tier()).isEqualTo(Tier.GOLD);
            assertThat(ada.tags()).containsExactly("vip", "early");
            assertThat(ada.avatar()).containsExactly(0, 1, 255);
            assertThat(ada.profile()).isEqualTo("{\"lang\": \"en\"}");
            Account brendan = accounts.get(1);
            assertThat(brendan.balance()).isNull();
            assertThat(brendan.tags()).isNull();
            assertThat(brendan.tier()).isNull();
        }
    }

    @Test
    void shouldRoundTripTimeTypesNullsAndCollections(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            Instant instant = Instant.parse("2024-02-29T23:59:59.999999Z");
            assertThat(client.queryValue("SELECT ?::timestamptz", Instant.class, instant)).isEqualTo(instant);
            LocalDateTime local = LocalDateTime.of(1999, 12, 31, 23, 59, 59);
            assertThat(client.queryValue("SELECT ?::timestamp", LocalDateTime.class, local)).isEqualTo(local);
            assertThat(client.queryValue("SELECT ?::time", LocalTime.class, LocalTime.NOON)).isEqualTo(LocalTime.NOON);
            assertThat(client.queryValue("SELECT ?::text", String.class, (Object) null)).isNull();
            assertThat(client.queryValue("SELECT cardinality(?::int8[])", Integer.class, List.of(1L, 2L, 3L))).isEqualTo(3);
            assertThat(client.queryValue("SELECT ?::int8[]", Long[].class, (Object) new Long[] {5L, null}))
                    .containsExactly(5L, null);
            assertThat(client.queryValue("SELECT ARRAY[1, 2]::int8[]", long[].class)).containsExactly(1L, 2L);
            assertThat(client.queryValue("SELECT ?::jsonb @> '{\"a\": 1}'", Boolean.class, Json.of("{\"a\": 1, \"b\": 2}")))
                    .isTrue();
            assertThat(client.queryValue("SELECT ?::uuid[]", UUID[].class, List.of(new UUID(0, 1))))
                    .containsExactly(new UUID(0, 1));
        }
    }

    @Test
    void shouldReturnGeneratedValuesWithReturning(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE note (id bigserial PRIMARY KEY, body text NOT NULL, created timestamptz DEFAULT now())");
            long id = client.queryOne("INSERT INTO note (body) VALUES (?) RETURNING id", Long.class, "hello");
            List<Named> renamed = client.query("UPDATE note SET body = ? WHERE id = ? RETURNING body AS name", Named.class,
                    "hi", id);
            assertThat(id).isPositive();
            assertThat(renamed).containsExactly(new Named("hi"));
        }
    }

    @Test
    void shouldExposeDetachedRowsWithTypedGetters(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            List<Row> rows = client.queryRows("SELECT 7::int2 AS small, 8::int8 AS big, 1.5::numeric AS money, "
                    + "'2026-01-02'::date AS day, now() AS at, NULL::int AS nothing, 'x' AS letter");
            Row row = rows.get(0);
            assertThat(row.columnNames()).containsExactly("small", "big", "money", "day", "at", "nothing", "letter");
            assertThat(row.getInt("small")).isEqualTo(7);
            assertThat(row.getLong("big")).isEqualTo(8);
            assertThat(row.getDouble("money")).isEqualTo(1.5);
            assertThat(row.getBigDecimal("money")).isEqualByComparingTo("1.5");
            assertThat(row.getLocalDate("day")).isEqualTo(LocalDate.of(2026, 1, 2));
            assertThat(row.getOffsetDateTime("at")).isNotNull();
            assertThat(row.get("nothing", Integer.class)).isNull();
            assertThat(row.get(7, String.class)).isEqualTo("x");
            assertThat(row.toString()).contains("letter=x");
            assertThatThrownBy(() -> row.getInt("nothing")).isInstanceOf(QueryException.class)
                    .hasMessageContaining("column \"nothing\" is NULL");
            assertThatThrownBy(() -> row.get("missing", String.class)).isInstanceOf(QueryException.class)
                    .hasMessageContaining("no column \"missing\"").hasMessageContaining("small");
            assertThatThrownBy(() -> row.get("letter", UUID.class)).isInstanceOf(QueryException.class)
                    .hasMessageContaining("column \"letter\"");
        }
    }

    @Test
    void shouldEnforceRowCountsOfQueryOneAndQueryOptional(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThat(client.queryOne("SELECT count(*) FROM generate_series(1, 3)", Counted.class)).isEqualTo(new Counted(3));
            assertThat(client.queryOptional("SELECT 1 WHERE false", Integer.class)).isEmpty();
            assertThat(client.queryOptional("SELECT 41 + ?", Integer.class, 1)).isEqualTo(Optional.of(42));
            assertThatThrownBy(() -> client.queryOne("SELECT 1 WHERE false", Integer.class))
                    .isInstanceOf(QueryException.class).hasMessageContaining("exactly one row but the query returned 0");
            assertThatThrownBy(() -> client.queryOne("SELECT generate_series(1, 2)", Integer.class))
                    .isInstanceOf(QueryException.class).hasMessageContaining("returned 2");
            assertThatThrownBy(() -> client.queryOptional("SELECT generate_series(1, 2)", Integer.class))
                    .isInstanceOf(QueryException.class).hasMessageContaining("at most one row");
            assertThatThrownBy(() -> client.queryValue("SELECT generate_series(1, 2)", Integer.class))
                    .isInstanceOf(QueryException.class).hasMessageContaining("more than one row");
        }
    }

    @Test
    void shouldNameTheComponentAndColumnsWhenARecordDoesNotFit(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThatThrownBy(() -> client.query("SELECT 1 AS total", Counted.class))
                    .isInstanceOf(QueryException.class)
                    .hasMessageContaining("Counted.count has no matching column")
                    .hasMessageContaining("[total]");
            assertThatThrownBy(() -> client.query("SELECT NULL::bigint AS count", Counted.class))
                    .isInstanceOf(QueryException.class)
                    .hasMessageContaining("row 1, column \"count\" (int8) cannot be read as long: it is NULL")
                    .hasMessageContaining("make it Long");
            assertThatThrownBy(() -> client.query("SELECT 'PLATINUM'", QueryTest.Tier.class))
                    .isInstanceOf(QueryException.class)
                    .hasMessageContaining("\"PLATINUM\"").hasMessageContaining("Tier");
        }
    }

    @Test
    void shouldConvertNumbersWithinRangeAndRefuseOverflow(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThat(client.queryValue("SELECT count(*) FROM generate_series(1, 5)", Integer.class)).isEqualTo(5);
            assertThat(client.queryValue("SELECT 2.5::numeric", Double.class)).isEqualTo(2.5);
            assertThat(client.queryValue("SELECT 7::int8", BigDecimal.class)).isEqualByComparingTo("7");
            assertThatThrownBy(() -> client.queryValue("SELECT 9999999999::int8 AS big", Integer.class))
                    .isInstanceOf(QueryException.class)
                    .hasMessage("row 1, column \"big\" (int8) cannot be read as java.lang.Integer: the value is outside "
                            + "the range of Integer (value: 9999999999)");
        }
    }

    @Test
    void shouldRefuseUnbindableParametersNamingThePosition(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThatThrownBy(() -> client.queryValue("SELECT cardinality(?)", Integer.class, List.of(new Object())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("parameter 1 is an array of java.lang.Object");
        }
    }
}
