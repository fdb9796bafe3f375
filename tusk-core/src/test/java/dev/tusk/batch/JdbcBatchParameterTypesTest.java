package dev.tusk.batch;

import dev.tusk.ParameterException;
import dev.tusk.QueryException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.Profile;
import dev.tusk.config.TuskConfig;
import dev.tusk.query.Json;
import dev.tusk.query.Sql;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JDBC batches bind parameters as one-liners do: a parameter whose type only the statement can tell (a String for a
 * uuid, json, inet or enum column, an empty list for an int4[] column) is encoded for the type the server reports.
 */
@WithPostgres
class JdbcBatchParameterTypesTest {

    private static final String INSERT = "INSERT INTO thing VALUES (?, ?, ?, ?, ?, ?)";

    private static TuskClient connect(TestDatabase database) {
        return prepare(Tusk.connect(database.url()));
    }

    private static TuskClient prepare(TuskClient client) {
        client.execute("CREATE TYPE colour AS ENUM ('red', 'green')");
        client.execute("CREATE TABLE thing (n int4, id uuid, doc json, address inet, colour colour, tags int4[])");
        return client;
    }

    private static List<Object[]> rows() throws Exception {
        return List.of(new Object[] {1, "00000000-0000-0000-0000-00000000002a", Json.of("{\"a\":1,\"a\":2}"),
                        InetAddress.getByName("10.0.0.1"), "green", List.of()},
                new Object[] {2, "0123456789abcdef0123456789ABCDEF", "{\"b\": [1,2]}", "10.1.2.3/8", "red", List.of(7)},
                new Object[] {3, null, null, null, null, null});
    }

    private static List<String> stored(TuskClient client, int from) {
        return client.query("SELECT concat_ws(' ', id, doc, address, colour, tags) FROM thing "
                + "WHERE n >= ? ORDER BY n", String.class, from);
    }

    @Test
    void shouldBindContextTypedParametersInBatchesAsOneLinersDo(TestDatabase database) throws Exception {
        try (TuskClient client = connect(database)) {
            List<Object[]> rows = rows();
            for (Object[] row : rows) {
                client.execute(INSERT, row);
            }
            List<String> byOneLiners = stored(client, 1);
            client.execute("DELETE FROM thing");
            List<Sql> operations = rows.stream().map(row -> {
                Object[] shifted = row.clone();
                shifted[0] = (Integer) row[0] + 10;
                return Sql.of(INSERT, shifted);
            }).toList();

            // In one transaction, one JDBC batch; then outside one, batches of one (each a lone statement) and two.
            client.executeBatch(operations, StatementBatchOptions.DEFAULT);
            assertThat(stored(client, 10)).isEqualTo(byOneLiners);
            for (int size : new int[] {1, 2}) {
                client.execute("DELETE FROM thing");
                StatementBatchResult result = client.executeBatch(operations,
                        StatementBatchOptions.DEFAULT.withTransactional(false).withJdbcBatchSize(size));
                assertThat(result.size()).isEqualTo(3);
                assertThat(stored(client, 10)).as("batches of " + size).isEqualTo(byOneLiners);
            }
            assertThat(byOneLiners).containsExactly(
                    "00000000-0000-0000-0000-00000000002a {\"a\":1,\"a\":2} 10.0.0.1 green {}",
                    "01234567-89ab-cdef-0123-456789abcdef {\"b\": [1,2]} 10.1.2.3/8 red {7}", "");
        }
    }

    @Test
    void shouldRefuseAValueItsParameterTypeCannotTakeNamingTheOperationNotTheValue(TestDatabase database) {
        // Staging: the default profile, development, quotes the value in the message.
        try (TuskClient client = prepare(Tusk.connect(TuskConfig.builder().url(database.url()).profile(Profile.STAGING)
                .build()))) {
            List<Sql> operations = List.of(Sql.of("INSERT INTO thing (n, id) VALUES (?, ?)", 1, new java.util.UUID(0, 1)),
                    Sql.of("INSERT INTO thing (n, id) VALUES (?, ?)", 2, "secret-not-a-uuid"));

            assertThatThrownBy(() -> client.executeBatch(operations, StatementBatchOptions.DEFAULT))
                    .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.sqlState()).isEqualTo("22P02"))
                    .hasMessage("operation 2 of 2: parameter 2 (java.lang.String) cannot be bound as uuid: not a UUID")
                    .hasMessageNotContaining("secret")
                    .isInstanceOfSatisfying(ParameterException.class, e -> {
                        assertThat(e.value()).isEqualTo("secret-not-a-uuid");
                        assertThat(e.parameterIndex()).isEqualTo(2);
                    });
            assertThat(client.queryValue("SELECT count(*) FROM thing", Long.class)).as("all or nothing").isZero();
        }
    }
}
