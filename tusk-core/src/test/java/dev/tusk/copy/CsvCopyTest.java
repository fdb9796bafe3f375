package dev.tusk.copy;

import dev.tusk.Progress;
import dev.tusk.ProgressListener;
import dev.tusk.QueryException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UndefinedColumnException;
import dev.tusk.UniqueViolationException;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class CsvCopyTest {

    private static final String ORDERS = "CREATE TABLE orders (id int PRIMARY KEY, qty int NOT NULL)";

    private static void createSource(TuskClient client) {
        client.execute("CREATE TABLE src (id int PRIMARY KEY, name text, note text, qty int, price numeric(10,2), "
                + "seen timestamptz, tags text[], flag bool, data bytea)");
        client.execute("INSERT INTO src VALUES "
                + "(1, 'plain', 'a;b', 5, 1.50, '2024-01-01 00:00+00', '{a,b}', true, '\\x00ff'), "
                + "(2, '', NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                + "(3, 'quote \"inside\" and ''single''', E'multi\\nline\\r\\nnote', -1, 0, 'infinity', '{}', false, '\\x'), "
                + "(4, 'NULL', 'ünï 🐘', 0, -99999999.99, '1999-12-31 23:59:59.999999+00', '{\"x,y\",NULL}', NULL, NULL), "
                + "(5, E'tab\\there', E'back\\\\slash', 2147483647, 0.01, '-infinity', '{\"\"}', true, '\\x00')");
    }

    private static long differences(TuskClient client) {
        return client.queryValue("SELECT (SELECT count(*) FROM (SELECT * FROM src EXCEPT ALL "
                + "SELECT * FROM dst) a) + (SELECT count(*) FROM (SELECT * FROM dst EXCEPT ALL SELECT * FROM src) b)", Long.class);
    }

    @Test
    void shouldWriteCsvWithOptionsToAFileAndLoadItBackUnchanged(TestDatabase database, @TempDir Path directory)
            throws IOException {
        try (TuskClient client = Tusk.connect(database.url())) {
            createSource(client);
            client.execute("CREATE TABLE dst (LIKE src)");
            CsvOptions options = CsvOptions.csv().withHeader(true).withDelimiter(';').withNull("NULL").withQuote('\'');
            Path file = directory.resolve("src.csv");

            CopyResult out = client.copy().copyOutCsv(CopyOutSource.table("src"), file, options, ProgressListener.NONE);
            List<String> lines = Files.readAllLines(file);
            assertThat(lines.get(0)).isEqualTo("id;name;note;qty;price;seen;tags;flag;data");
            assertThat(lines.get(2)).isEqualTo("2;;NULL;NULL;NULL;NULL;NULL;NULL;NULL");
            assertThat(out.rows()).isEqualTo(5);
            assertThat(out.bytes()).isEqualTo(Files.size(file));

            CopyResult in = client.copy().copyInCsv("dst", List.of(), file, options, ProgressListener.NONE);
            assertThat(in.rows()).isEqualTo(5);
            assertThat(in.bytes()).isEqualTo(Files.size(file));
            assertThat(differences(client)).isZero();
            assertThat(client.queryValue("SELECT count(*) FROM dst WHERE name = '' AND note IS NULL", Long.class)).isOne();
            assertThat(client.queryValue("SELECT count(*) FROM dst WHERE name = 'NULL'", Long.class)).isOne();
        }
    }

    @Test
    void shouldRoundTripTheTextFormatThroughStreamsAndReaders(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            createSource(client);
            client.execute("CREATE TABLE dst (LIKE src)");
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            CopyOperations copy = client.copy();
            CopyResult out = copy.copyOutCsv(CopyOutSource.query("SELECT * FROM src WHERE id <= 3"), text,
                    CsvOptions.text(), ProgressListener.NONE);
            assertThat(out.rows()).isEqualTo(3);
            assertThat(text.toString(StandardCharsets.UTF_8)).contains("multi\\nline\\r\\nnote");

            copy.copyInCsv("dst", List.of(), new ByteArrayInputStream(text.toByteArray()), CsvOptions.text(),
                    ProgressListener.NONE);
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            copy.copyOutCsv(CopyOutSource.query("SELECT * FROM src WHERE id > 3"), rest,
                    CsvOptions.text().withHeader(true).withDelimiter('|'), ProgressListener.NONE);
            CopyResult in = copy.copyInCsv("dst", List.of(), new StringReader(rest.toString(StandardCharsets.UTF_8)),
                    CsvOptions.text().withHeader(true).withDelimiter('|'), ProgressListener.NONE);
            assertThat(in.rows()).isEqualTo(2);
            assertThat(in.bytes()).isEqualTo(rest.size());
            assertThat(differences(client)).isZero();
        }
    }

    @Test
    void shouldNameTheMalformedLineAndLeaveTheTableUnchanged(TestDatabase database, @TempDir Path directory)
            throws IOException {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute(ORDERS);
            client.execute("INSERT INTO orders VALUES (100, 1)");
            Path file = Files.writeString(directory.resolve("orders.csv"), "id,qty\n1,5\n2,abc\n3,7\n");

            assertThatThrownBy(() -> client.copy().copyInCsv("orders", List.of("id", "qty"), file,
                    CsvOptions.csv().withHeader(true), ProgressListener.NONE))
                    .isInstanceOf(QueryException.class)
                    .hasMessage("line 3 of orders.csv: invalid input syntax for type integer: \"abc\" (column qty) "
                            + "[SQLSTATE 22P02]")
                    .satisfies(e -> assertThat(((QueryException) e).sqlState()).isEqualTo("22P02"));
            assertThat(client.query("SELECT id FROM orders", Integer.class)).containsExactly(100);
        }
    }

    @Test
    void shouldNameTheLineOfAWrongColumnCountOrABrokenQuote(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute(ORDERS);
            CopyOperations copy = client.copy();
            assertThatThrownBy(() -> copy.copyInCsv("orders", List.of(), new StringReader("1,5\n2,6,9\n"),
                    CsvOptions.csv(), ProgressListener.NONE))
                    .hasMessageStartingWith("line 2 of the input: extra data after last expected column");
            assertThatThrownBy(() -> copy.copyInCsv("orders", List.of(), new StringReader("1,5\n2,6\n3\n"),
                    CsvOptions.csv(), ProgressListener.NONE))
                    .hasMessageStartingWith("line 3 of the input: missing data for column \"qty\"");
            assertThatThrownBy(() -> copy.copyInCsv("orders", List.of(), new StringReader("1,5\n2,\"6\n3,7\n"),
                    CsvOptions.csv(), ProgressListener.NONE))
                    .hasMessageMatching("line \\d of the input: unterminated CSV quoted field.*");
            assertThatThrownBy(() -> copy.copyInCsv("orders", List.of(), new StringReader("1,5\n2,\n"),
                    CsvOptions.csv(), ProgressListener.NONE))
                    .hasMessageStartingWith("line 2 of the input: null value in column \"qty\"");
            assertThat(client.queryValue("SELECT count(*) FROM orders", Long.class)).isZero();
        }
    }

    @Test
    void shouldCheckTheHeaderAndReportDuplicateKeysWithTheirLine(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute(ORDERS);
            CopyOperations copy = client.copy();
            assertThatThrownBy(() -> copy.copyInCsv("orders", List.of("id", "qty"),
                    new StringReader("id,quantity\n1,5\n"), CsvOptions.csv().withHeader(CsvOptions.Header.MATCH),
                    ProgressListener.NONE))
                    .hasMessageStartingWith("line 1 of the input: column name mismatch in header line field 2: "
                            + "got \"quantity\", expected \"qty\"");
            assertThatThrownBy(() -> copy.copyInCsv("orders", List.of(), new StringReader("1,5\n2,6\n1,7\n"),
                    CsvOptions.csv(), ProgressListener.NONE))
                    .isInstanceOf(UniqueViolationException.class)
                    .hasMessageStartingWith("line 3 of the input: duplicate key value violates unique constraint");
            CopyResult matched = copy.copyInCsv("orders", List.of("id", "qty"), new StringReader("id,qty\n1,5\n"),
                    CsvOptions.csv().withHeader(CsvOptions.Header.MATCH), ProgressListener.NONE);
            assertThat(matched.rows()).isOne();
        }
    }

    @Test
    void shouldRefuseHostileTablesAndUnknownColumnsWithoutTouchingTheTable(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute(ORDERS);
            client.execute("INSERT INTO orders VALUES (1, 1)");
            CopyOperations copy = client.copy();
            assertThatThrownBy(() -> copy.copyInCsv("orders; DROP TABLE orders", List.of(), new StringReader("2,2\n"),
                    CsvOptions.csv(), ProgressListener.NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nothing was sent to the server");
            assertThatThrownBy(() -> copy.copyInCsv("orders", List.of("id", "quantity"), new StringReader("2,2\n"),
                    CsvOptions.csv(), ProgressListener.NONE))
                    .isInstanceOf(UndefinedColumnException.class)
                    .hasMessage("column \"quantity\" does not exist in table public.orders; its columns are [id, qty]");
            assertThat(client.query("SELECT id FROM orders", Integer.class)).containsExactly(1);
        }
    }

    @Test
    void shouldCancelTheCopyWhenTheInputFailsAndLoadNothing(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute(ORDERS);
            InputStream failing = new InputStream() {
                private final InputStream good = new ByteArrayInputStream("1,5\n2,6\n".getBytes(StandardCharsets.UTF_8));

                @Override
                public int read() throws IOException {
                    int b = good.read();
                    if (b < 0) {
                        throw new IOException("disk went away");
                    }
                    return b;
                }
            };
            assertThatThrownBy(() -> client.copy().copyInCsv("orders", List.of(), failing, CsvOptions.csv(),
                    ProgressListener.NONE))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("reading the input failed after 8 bytes; the COPY into orders was cancelled and loaded "
                            + "nothing: disk went away");
            assertThat(client.queryValue("SELECT count(*) FROM orders", Long.class)).isZero();
            assertThat(client.queryValue("SELECT 1", Integer.class)).isOne();
        }
    }

    @Test
    void shouldReportProgressThatGrowsAndEndsAtTheTotal(TestDatabase database, @TempDir Path directory)
            throws IOException {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE big (id int, label text)");
            Path file = directory.resolve("big.csv");
            // A quoted line break in every 1000th row: progress must count it as part of its row, not as a row.
            Files.writeString(file, "id,label\n" + IntStream.rangeClosed(1, 200_000)
                    .mapToObj(i -> i + "," + (i % 1000 == 0 ? "\"two\nlines\"" : "label " + i))
                    .collect(Collectors.joining("\n", "", "\n")));

            List<Progress> loading = new ArrayList<>();
            CopyResult in = client.copy().copyInCsv("big", List.of(), file, CsvOptions.csv().withHeader(true), loading::add);
            assertThat(in.rows()).isEqualTo(200_000);
            assertGrowsToTheEnd(loading, 200_000, Files.size(file));

            List<Progress> writing = new ArrayList<>();
            Path out = directory.resolve("out.csv");
            CopyResult written = client.copy().copyOutCsv(CopyOutSource.table("big"), out, CsvOptions.csv(), writing::add);
            assertThat(written.rows()).isEqualTo(200_000);
            assertGrowsToTheEnd(writing, 200_000, Files.size(out));
        }
    }

    @Test
    void shouldLeaveAnExistingFileAsItWasWhenTheCopyOutFails(TestDatabase database, @TempDir Path directory)
            throws IOException {
        try (TuskClient client = Tusk.connect(database.url())) {
            Path file = Files.writeString(directory.resolve("keep.csv"), "old contents\n");
            assertThatThrownBy(() -> client.copy().copyOutCsv(CopyOutSource.query(
                    "SELECT 1 / (i - 50000) FROM generate_series(1, 100000) i"), file, CsvOptions.csv(),
                    ProgressListener.NONE))
                    .isInstanceOf(QueryException.class).hasMessageContaining("division by zero");
            assertThat(Files.readString(file)).isEqualTo("old contents\n");
            try (var files = Files.list(directory)) {
                assertThat(files).containsExactly(file);
            }
        }
    }

    private static void assertGrowsToTheEnd(List<Progress> reports, long rows, long bytes) {
        assertThat(reports).hasSizeGreaterThan(2);
        for (int i = 1; i < reports.size(); i++) {
            assertThat(reports.get(i).items()).isGreaterThanOrEqualTo(reports.get(i - 1).items());
            assertThat(reports.get(i).bytes()).isGreaterThanOrEqualTo(reports.get(i - 1).bytes());
        }
        Progress last = reports.get(reports.size() - 1);
        assertThat(last.items()).isEqualTo(rows);
        assertThat(last.total()).isEqualTo(rows);
        assertThat(last.bytes()).isEqualTo(bytes);
        assertThat(reports.subList(0, reports.size() - 1)).allSatisfy(progress -> {
            assertThat(progress.total()).isEqualTo(-1);
            assertThat(progress.items()).isBetween(1L, rows);
        });
    }
}
