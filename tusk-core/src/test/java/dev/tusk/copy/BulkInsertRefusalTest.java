package dev.tusk.copy;

import dev.tusk.CopyException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.Profile;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A value bulkInsert cannot store is refused before anything is sent, with the same exception whichever side of the
 * threshold the call falls: row, column, SQL type and Java type in the message, the value only in development.
 */
@WithPostgres
class BulkInsertRefusalTest {

    private static final List<String> COLUMNS = List.of("id", "amount", "at");

    private static List<Object[]> rowsWithABadOne(int badRow, Object badAmount) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            rows.add(new Object[] {(long) i, i == badRow ? badAmount : i, LocalDateTime.of(2026, 1, i, 0, 0)});
        }
        return rows;
    }

    private static CopyException refusal(TuskClient client, int threshold, List<Object[]> rows) {
        return catchThrowableOfType(CopyException.class,
                () -> client.copy().bulkInsert("ledger").columns(COLUMNS).threshold(threshold).from(rows));
    }

    private static TuskClient connect(String url) {
        return prepare(Tusk.connect(url));
    }

    private static TuskClient connect(TuskConfig config) {
        return prepare(Tusk.connect(config));
    }

    private static TuskClient prepare(TuskClient client) {
        client.execute("CREATE TABLE IF NOT EXISTS ledger (id int8 PRIMARY KEY, amount int4, at timestamp)");
        return client;
    }

    @Test
    void shouldRefuseTheSameWayOnTheInsertAndCopyPathsNamingRowAndColumn(TestDatabase database) {
        try (TuskClient client = connect(database.url())) {
            List<Object[]> wrongType = rowsWithABadOne(3, "three");
            CopyException byInsert = refusal(client, Integer.MAX_VALUE, wrongType);
            CopyException byCopy = refusal(client, 0, wrongType);
            assertThat(byInsert).hasMessage("row 3, column \"amount\" (int4): cannot encode java.lang.String \"three\"");
            assertThat(byCopy).hasMessage(byInsert.getMessage());
            assertThat(List.of(byInsert.rowNumber(), byCopy.rowNumber())).containsOnly(3L);
            assertThat(List.of(byInsert.value(), byCopy.value())).containsOnly("three");
            assertThat(List.of(byInsert.sqlState(), byCopy.sqlState())).containsOnly("42804");

            List<Object[]> tooLarge = rowsWithABadOne(5, 1L << 40);
            assertThat(refusal(client, Integer.MAX_VALUE, tooLarge))
                    .hasMessage("row 5, column \"amount\" (int4): cannot encode java.lang.Long 1099511627776 "
                            + "(out of range for int4: -2147483648 to 2147483647)")
                    .hasMessage(refusal(client, 0, tooLarge).getMessage());
            assertThat(client.queryValue("SELECT count(*) FROM ledger", Long.class)).as("all or nothing").isZero();
        }
    }

    @Test
    void shouldLeaveTheValueOutOfTheMessageOutsideDevelopment(TestDatabase database) {
        TuskConfig staging = TuskConfig.fromUrl(database.url()).toBuilder().profile(Profile.STAGING)
                .sslMode(dev.tusk.config.SslMode.DISABLE).build();
        try (TuskClient client = connect(staging)) {
            List<Object[]> rows = rowsWithABadOne(2, "secret-4111111111111111");
            for (int threshold : new int[] {Integer.MAX_VALUE, 0}) {
                CopyException refused = refusal(client, threshold, rows);
                assertThat(refused).hasMessage("row 2, column \"amount\" (int4): cannot encode java.lang.String");
                assertThat(refused.value()).isEqualTo("secret-4111111111111111");
            }
            assertThat(client.queryValue("SELECT count(*) FROM ledger", Long.class)).isZero();
        }
    }
}
