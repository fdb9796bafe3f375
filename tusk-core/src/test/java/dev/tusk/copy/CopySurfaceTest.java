package dev.tusk.copy;

import dev.tusk.Database;
import dev.tusk.ProgressListener;
import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UniqueViolationException;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same COPY and bulk operations on a client, inside a transaction, and (exports only) on read-only and tenant views. */
@WithPostgres
class CopySurfaceTest {

    private static final List<String> COLUMNS = List.of("id", "name");

    @Test
    void shouldOfferEveryLoadInsideATransactionAndRollThemBackWithIt(TestDatabase database, @TempDir Path folder)
            throws IOException {
        Path csv = folder.resolve("items.csv");
        Files.writeString(csv, "30,csv\n");
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE surface_tx (id int PRIMARY KEY, name text)");
            IllegalStateException abort = new IllegalStateException("changed my mind");
            assertThatThrownBy(() -> client.useTransaction(tx -> {
                assertThat(tx.copy().copyIn("surface_tx", COLUMNS, one(1, "binary")).rows())
                        .isEqualTo(1);
                assertThat(tx.copy().copyIn("surface_tx").columns(COLUMNS).from(one(2, "builder"))
                        .rows()).isEqualTo(1);
                assertThat(tx.copy().bulkInsert("surface_tx", COLUMNS, rows(10, 5)).method())
                        .isEqualTo(BulkMethod.MULTI_ROW_INSERT);
                assertThat(tx.copy().bulkInsert("surface_tx").columns(COLUMNS).threshold(0).from(rows(20, 3)).method())
                        .isEqualTo(BulkMethod.BINARY_COPY);
                UpsertResult upsert = tx.copy().bulkUpsert("surface_tx", COLUMNS,
                        List.<Object>of(new Object[] {1, "upserted"}, new Object[] {40, "new"}), List.of("id"), List.of("name"));
                assertThat(upsert.inserted()).isEqualTo(1);
                assertThat(upsert.updated()).isEqualTo(1);
                tx.copy().copyInCsv("surface_tx", COLUMNS, csv, CsvOptions.csv(), ProgressListener.NONE);
                try (Stream<Row> rows = tx.copy().copyOut(CopyOutSource.table("surface_tx"))) {
                    assertThat(rows.count()).isEqualTo(2 + 5 + 3 + 1 + 1);
                }
                throw abort;
            })).isSameAs(abort);
            assertThat(client.queryValue("SELECT count(*) FROM surface_tx", Long.class)).isZero();
        }
    }

    @Test
    void shouldKeepTheTransactionUsableAfterAFailedSmallBulkInsert(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE surface_savepoint (id int PRIMARY KEY, name text)");
            client.useTransaction(tx -> {
                tx.execute("INSERT INTO surface_savepoint VALUES (1, 'kept')");
                // The INSERT path runs under a savepoint: the duplicate undoes only this call's rows.
                assertThatThrownBy(() -> tx.copy().bulkInsert("surface_savepoint", COLUMNS,
                        List.<Object>of(new Object[] {2, "two"}, new Object[] {1, "duplicate"})))
                        .isInstanceOf(UniqueViolationException.class);
                tx.execute("INSERT INTO surface_savepoint VALUES (3, 'after')");
            });
            assertThat(client.query("SELECT id FROM surface_savepoint ORDER BY id", Integer.class)).containsExactly(1, 3);
        }
    }

    @Test
    void shouldLetReadOnlyAndTenantViewsExportButRefuseLoadsNamingWhatToUse(TestDatabase database, @TempDir Path folder)
            throws IOException {
        Path csv = folder.resolve("in.csv");
        Files.writeString(csv, "9,csv\n");
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE surface_views (id int PRIMARY KEY, name text)");
            client.copy().copyIn("surface_views", COLUMNS, rows(1, 3));
            for (Database view : List.of(client.readOnly(), client.asTenant("acme"))) {
                try (Stream<Row> rows = view.copy().copyOut(CopyOutSource.query("SELECT id FROM surface_views ORDER BY id"))) {
                    assertThat(rows.map(row -> row.getInt("id")).toList()).containsExactly(1, 2, 3);
                }
                String expected = view == client.readOnly() ? "the read-only view only exports" : "a tenant view loads only inside a transaction";
                CopyOperations copy = view.copy();
                assertThatThrownBy(() -> copy.copyIn("surface_views")).isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining(expected);
                assertThatThrownBy(() -> copy.copyIn("surface_views", COLUMNS, rows(50, 1)))
                        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining(expected);
                assertThatThrownBy(() -> copy.bulkInsert("surface_views", COLUMNS, rows(50, 1)))
                        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining(expected);
                assertThatThrownBy(() -> copy.bulkUpsert("surface_views", COLUMNS, rows(50, 1), List.of("id"), List.of()))
                        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining(expected);
                assertThatThrownBy(() -> copy.copyInCsv("surface_views", COLUMNS, csv, CsvOptions.csv(), ProgressListener.NONE))
                        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining(expected);
            }
            // Inside the tenant's own transaction the load is allowed, with its settings in force.
            long loaded = client.asTenant("acme").inTransaction(tx -> {
                assertThat(tx.queryValue("SELECT current_setting('app.tenant_id')", String.class)).isEqualTo("acme");
                return tx.copy().copyIn("surface_views", COLUMNS, rows(100, 2)).rows();
            });
            assertThat(loaded).isEqualTo(2);
            assertThat(client.queryValue("SELECT count(*) FROM surface_views", Long.class)).isEqualTo(5L);
        }
    }

    /** One Object[] row in a list; {@code List.of(array)} would spread the array into elements. */
    private static List<Object> one(Object... values) {
        List<Object> rows = new ArrayList<>();
        rows.add(values);
        return rows;
    }

    private static List<Object> rows(int firstId, int count) {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {firstId + i, "row " + (firstId + i)});
        }
        return rows;
    }
}
