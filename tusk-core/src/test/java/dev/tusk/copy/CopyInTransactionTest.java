package dev.tusk.copy;

import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class CopyInTransactionTest {

    @Test
    void shouldMakeCsvLoadsAndExportsPartOfTheTransaction(TestDatabase database, @TempDir Path folder) throws IOException {
        Path csv = folder.resolve("items.csv");
        Files.writeString(csv, "id,name\n1,apple\n2,pear\n");
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE item (id int PRIMARY KEY, name text)");
            IllegalStateException abort = new IllegalStateException("changed my mind");
            assertThatThrownBy(() -> client.useTransaction(tx -> {
                CopyResult loaded = tx.copy().copyInCsv("item", List.of("id", "name"), csv, CsvOptions.csv().withHeader(true),
                        dev.tusk.ProgressListener.NONE);
                assertThat(loaded.rows()).isEqualTo(2);
                try (Stream<Row> rows = tx.copy().copyOut(CopyOutSource.table("item"))) {
                    assertThat(rows.map(row -> row.getString("name")).toList()).containsExactly("apple", "pear");
                }
                throw abort;
            })).isSameAs(abort);
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isZero();

            long kept = client.inTransaction(tx -> tx.copy().copyInCsv("item", List.of("id", "name"), csv,
                    CsvOptions.csv().withHeader(true), dev.tusk.ProgressListener.NONE).rows());
            assertThat(kept).isEqualTo(2);
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isEqualTo(2L);
        }
    }
}
