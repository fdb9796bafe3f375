package dev.tusk.query;

import dev.tusk.ParameterException;
import dev.tusk.QueryException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.Profile;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Statement parameters whose PostgreSQL type their Java type cannot tell are bound as the type the server expects. */
@WithPostgres
class ParameterTypesTest {

    @Test
    void shouldBindAddressesJsonAndStringsForTheColumnsTheyGoTo(TestDatabase database) throws Exception {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TYPE colour AS ENUM ('red', 'green')");
            client.execute("CREATE TABLE thing (address inet, network cidr, doc json, docb jsonb, id uuid, colour colour)");
            InetAddress address = InetAddress.getByName("192.168.1.20");
            client.execute("INSERT INTO thing VALUES (?, ?, ?, ?, ?, ?)", address, address, Json.of("{\"a\":1,\"a\":2}"),
                    Json.of("{\"a\":1,\"a\":2}"), "00000000-0000-0000-0000-00000000002a", "green");
            client.execute("INSERT INTO thing VALUES (?, ?, ?, ?, ?, ?)", "10.0.0.1/8", "10.0.0.0/8", "{\"b\": [1,2]}",
                    "{\"b\": [1,2]}", null, null);

            assertThat(client.query("SELECT address::text || ' ' || network || ' ' || doc || ' ' || docb "
                    + "|| ' ' || coalesce(id::text, '-') || ' ' || coalesce(colour::text, '-') FROM thing ORDER BY 1", String.class))
                    .containsExactly("10.0.0.1/8 10.0.0.0/8 {\"b\": [1,2]} {\"b\": [1, 2]} - -",
                            "192.168.1.20/32 192.168.1.20/32 {\"a\":1,\"a\":2} {\"a\": 2} "
                                    + "00000000-0000-0000-0000-00000000002a green");
            assertThat(client.queryValue("SELECT count(*) FROM thing WHERE address = ?", Long.class, address)).isEqualTo(1L);
            assertThat(client.queryValue("SELECT count(*) FROM thing WHERE address <<= ?", Long.class, "10.0.0.0/8"))
                    .isEqualTo(1L);
            assertThat(client.queryValue("SELECT ?::text", String.class, address)).isEqualTo("192.168.1.20/32");
        }
    }

    @Test
    void shouldBindEmptyAndNullOnlyArraysAsTheColumnsArrayTypes(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE arrays (n int4[], f float8[], u uuid[], t timestamptz[], d date[])");
            client.execute("INSERT INTO arrays VALUES (?, ?, ?, ?, ?)", List.of(), List.of(), List.of(), List.of(), List.of());
            client.execute("INSERT INTO arrays VALUES (?, ?, ?, ?, ?)", Arrays.asList((Object) null), new Double[] {null},
                    Arrays.asList(null, null), List.of(Instant.MIN, Instant.MAX), List.of(LocalDate.of(-4713, 11, 24)));

            assertThat(client.query("SELECT concat_ws(' ', n, f, u, t, d) FROM arrays ORDER BY 1", String.class))
                    .containsExactly("{NULL} {NULL} {NULL,NULL} {-infinity,infinity} {\"4714-11-24 BC\"}",
                            "{} {} {} {} {}");
            assertThat(client.queryValue("SELECT cardinality(?)", Integer.class, List.of())).isZero();
        }
    }

    @Test
    void shouldRefuseAValueTheParametersTypeCannotTakeWithoutQuotingIt(TestDatabase database) {
        // Staging: the default profile, development, quotes the value (see the next test).
        try (TuskClient client = Tusk.connect(TuskConfig.builder().url(database.url()).profile(Profile.STAGING).build())) {
            client.execute("CREATE TABLE tagged (id uuid)");
            assertThatThrownBy(() -> client.execute("INSERT INTO tagged VALUES (?)", "secret-not-a-uuid"))
                    .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.sqlState()).isEqualTo("22P02"))
                    .hasMessage("parameter 1 (java.lang.String) cannot be bound as uuid: not a UUID")
                    .hasMessageNotContaining("secret")
                    .isInstanceOfSatisfying(ParameterException.class, e -> {
                        assertThat(e.value()).as("the program still has the value").isEqualTo("secret-not-a-uuid");
                        assertThat(e.parameterIndex()).isEqualTo(1);
                        assertThat(e.sqlType()).isEqualTo("uuid");
                        assertThat(e.mayHaveReachedServer()).isFalse();
                    });
            assertThat(client.queryValue("SELECT count(*) FROM tagged", Long.class)).isZero();
        }
    }

    @Test
    void shouldQuoteTheRefusedParameterOnlyInTheDevelopmentProfile(TestDatabase database) {
        TuskConfig development = TuskConfig.builder().url(database.url()).profile(Profile.DEVELOPMENT).build();
        try (TuskClient client = Tusk.connect(development)) {
            client.execute("CREATE TABLE counted (n int4)");
            assertThatThrownBy(() -> client.execute("INSERT INTO counted VALUES (?)", "forty-two"))
                    .isInstanceOf(ParameterException.class)
                    .hasMessage("parameter 1 (java.lang.String) cannot be bound as int4; the value: \"forty-two\"");
            // Inside a transaction the same rule holds, and the refusal leaves the transaction usable.
            long stored = client.inTransaction(tx -> {
                assertThatThrownBy(() -> tx.execute("INSERT INTO counted VALUES (?)", "forty-two"))
                        .hasMessageContaining("\"forty-two\"");
                return tx.execute("INSERT INTO counted VALUES (?)", 42);
            });
            assertThat(stored).isEqualTo(1);
        }
    }

    @Test
    void shouldDescribeInsideATransactionWithoutAbortingIt(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE note (body jsonb)");
            String joined = client.inTransaction(tx -> {
                // The server cannot type concat's untyped parameter; the failed describe must not abort the transaction.
                String text = tx.queryValue("SELECT concat(?, 'x')", String.class, "a");
                tx.execute("INSERT INTO note VALUES (?)", "{\"k\": 1}");
                return text;
            });
            assertThat(joined).isEqualTo("ax");
            assertThat(client.queryValue("SELECT body::text FROM note", String.class)).isEqualTo("{\"k\": 1}");
        }
    }

    @Test
    void shouldSendJavaTypedParametersAsTheirTypeForTheServerToCast(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE amount (n numeric, small int2)");
            client.execute("INSERT INTO amount VALUES (?, ?)", 0.1 + 0.2, 7);
            client.copy().bulkInsert("amount").columns("n", "small").threshold(0)
                    .from(List.<Object[]>of(new Object[] {0.1 + 0.2, 7}));
            // A Double parameter is a float8, which PostgreSQL's cast to numeric rounds to 15 digits; COPY and
            // bulkInsert encode the Double for the numeric column itself, keeping all 17.
            assertThat(client.query("SELECT n::text FROM amount ORDER BY n", String.class))
                    .containsExactly("0.3", "0.30000000000000004");
        }
    }

    @Test
    void shouldTakeTheJavaTypesAndEdgeValuesCopyTakes(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE taken (t text, u uuid, b bytea, d date, ts timestamp, tz timestamptz)");
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}, 1, 2);
            client.execute("INSERT INTO taken VALUES (?, ?, ?, ?, ?, ?)", new StringBuilder("built"),
                    new StringBuilder("00000000-0000-0000-0000-000000000007"), buffer, LocalDate.of(-4713, 11, 24),
                    java.time.LocalDateTime.of(-4713, 11, 24, 0, 0), Instant.MAX);
            client.execute("INSERT INTO taken (tz) VALUES (?)", Instant.MIN);
            client.execute("INSERT INTO taken (tz) VALUES (?)",
                    java.time.OffsetDateTime.of(-4713, 11, 24, 0, 0, 0, 0, java.time.ZoneOffset.UTC));

            assertThat(buffer.remaining()).as("the buffer is read, not consumed").isEqualTo(2);
            assertThat(client.query("SELECT concat_ws(' ', t, u, b, d, ts, tz AT TIME ZONE 'UTC') "
                    + "FROM taken ORDER BY tz", String.class)).containsExactly("-infinity", "4714-11-24 00:00:00 BC",
                    "built 00000000-0000-0000-0000-000000000007 \\x0203 4714-11-24 BC 4714-11-24 00:00:00 BC infinity");
        }
    }

    @Test
    void shouldBindByJavaTypeWhereTheServerCannotTellTheType(TestDatabase database) throws Exception {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThat(client.queryValue("SELECT pg_typeof(?)::text", String.class, "x")).isEqualTo("character varying");
            assertThat(client.queryValue("SELECT pg_typeof(?)::text", String.class, Json.of("{}"))).isEqualTo("jsonb");
            assertThat(client.queryValue("SELECT pg_typeof(?)::text", String.class, InetAddress.getByName("::1")))
                    .isEqualTo("inet");
            assertThat(client.queryValue("SELECT pg_typeof(?)::text", String.class, List.of())).isEqualTo("text[]");
        }
    }

    @Test
    void shouldLeaveAJavaTypedParameterOfAnotherTypeToTheServersCastWhereCopyRefusesIt(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE stamped (at timestamptz)");
            java.time.LocalDateTime local = java.time.LocalDateTime.of(2026, 12, 7, 1, 2, 3);
            client.execute("INSERT INTO stamped VALUES (?)", local);
            // The server reads the local time in the session's time zone, as its cast from timestamp does.
            assertThat(client.queryValue("SELECT (at AT TIME ZONE current_setting('TimeZone'))::text "
                    + "FROM stamped", String.class)).isEqualTo("2026-12-07 01:02:03");
            assertThatThrownBy(() -> client.copy().copyIn("stamped", List.of("at"), List.<Object[]>of(new Object[] {local})))
                    .isInstanceOf(dev.tusk.CopyException.class)
                    .hasMessageContaining("timestamptz");
        }
    }
}
