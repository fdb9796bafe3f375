package dev.tusk.cli;

import dev.tusk.cli.CliHarness.Result;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import static dev.tusk.cli.CliHarness.environment;
import static dev.tusk.cli.CliHarness.execute;
import static dev.tusk.cli.CliHarness.tusk;
import static dev.tusk.cli.CliHarness.value;
import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class LoadCommandTest {

    private static final String ORDERS = "CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, "
            + "qty integer, price numeric(10,2), placed_on date)";
    private static final String TWO_ORDERS = "INSERT INTO orders VALUES (1, 'kept', 1, 1.00, '2024-01-01'), "
            + "(2, 'kept', 2, 2.00, NULL)";

    @TempDir
    Path directory;

    @Test
    void shouldLoadTenThousandRowsWhoseHeaderNamesTheColumnsInAnotherOrder(TestDatabase database) throws IOException {
        execute(database, ORDERS);
        StringBuilder csv = new StringBuilder("price,placed_on,id,qty,customer\n");
        long qtySum = 0;
        BigDecimal priceSum = BigDecimal.ZERO;
        for (int id = 1; id <= 10_000; id++) {
            String price = id + "." + String.format("%02d", id % 100);
            String placedOn = id % 10 == 0 ? "" : LocalDate.of(2024, 1, 1).plusDays(id % 365).toString();
            String customer = id % 2 == 0 ? "\"Zoë Müller, \"\"VIP\"\" #" + id + "\"" : "plain " + id;
            csv.append(price).append(',').append(placedOn).append(',').append(id).append(',').append(id % 7)
                    .append(',').append(customer).append('\n');
            qtySum += id % 7;
            priceSum = priceSum.add(new BigDecimal(price));
        }
        Path file = Files.writeString(directory.resolve("orders.csv"), csv);

        Result result = tusk(environment(database, directory), "load", "--table", "orders", file.toString());

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).matches("Loaded 10000 rows into orders in \\d+\\.\\d\\d s \\(\\d+ rows/s\\)\\R");
        assertThat(value(database, "SELECT count(*) FROM orders")).isEqualTo("10000");
        assertThat(value(database, "SELECT sum(qty) FROM orders")).isEqualTo(String.valueOf(qtySum));
        assertThat(value(database, "SELECT sum(price) FROM orders")).isEqualTo(priceSum.toPlainString());
        assertThat(value(database, "SELECT count(*) FROM orders WHERE placed_on IS NULL")).isEqualTo("1000");
        assertThat(value(database, "SELECT customer FROM orders WHERE id = 42")).isEqualTo("Zoë Müller, \"VIP\" #42");
        assertThat(value(database, "SELECT customer || '|' || placed_on || '|' || price FROM orders WHERE id = 43"))
                .isEqualTo("plain 43|2024-02-13|43.43");
    }

    @Test
    void shouldLoadTsvFromTheExtensionOrFromFormat(TestDatabase database) throws IOException {
        execute(database, "CREATE TABLE notes (id int, note text)");
        Path tsv = Files.writeString(directory.resolve("notes.tsv"), "note\tid\nfirst\\tline\t1\n\\N\t2\n");
        Path txt = Files.writeString(directory.resolve("notes.txt"), "id|note\n3|back\\\\slash\n");

        Result byExtension = tusk(environment(database, directory), "load", "-t", "notes", tsv.toString());
        Result byOption = tusk(environment(database, directory), "load", "-t", "notes", "--format", "tsv",
                "--delimiter", "|", txt.toString());

        assertThat(byExtension.status()).as(byExtension.err()).isZero();
        assertThat(byExtension.out()).startsWith("Loaded 2 rows into notes in ");
        assertThat(byOption.status()).as(byOption.err()).isZero();
        assertThat(byOption.out()).startsWith("Loaded 1 rows into notes in ");
        assertThat(value(database, "SELECT string_agg(id || '=' || coalesce(note, 'NULL'), ';' ORDER BY id) FROM notes"))
                .isEqualTo("1=first\tline;2=NULL;3=back\\slash");
    }

    @Test
    void shouldFillColumnsInTableOrderWithoutAHeader(TestDatabase database) throws IOException {
        execute(database, ORDERS);
        Path file = Files.writeString(directory.resolve("orders.csv"), "1;ann;3;9.50;NA\n2;bob;NA;1.25;2024-05-06\n");

        Result result = tusk(environment(database, directory), "load", "--table", "orders", "--no-header",
                "--delimiter", ";", "--null", "NA", file.toString());

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Loaded 2 rows into orders in ");
        assertThat(value(database, "SELECT string_agg(concat_ws('/', id, customer, qty, price, placed_on), ';' "
                + "ORDER BY id) FROM orders")).isEqualTo("1/ann/3/9.50;2/bob/1.25/2024-05-06");
    }

    @Test
    void shouldMatchHeaderNamesIgnoringCaseAndSpaces(TestDatabase database) throws IOException {
        execute(database, ORDERS);
        Path file = Files.writeString(directory.resolve("orders.csv"), "\uFEFFID, Customer \n7,ann\n");

        Result result = tusk(environment(database, directory), "load", "--table", "orders", file.toString());

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(value(database, "SELECT customer FROM orders WHERE id = 7")).isEqualTo("ann");
    }

    @Test
    void shouldNameLineThreeAndLeaveTheTableUnchangedWhenAValueHasTheWrongType(TestDatabase database) throws IOException {
        execute(database, ORDERS, TWO_ORDERS);
        Path file = Files.writeString(directory.resolve("orders.csv"), "id,customer,qty\n10,ann,1\n11,bob,many\n12,cy,3\n");

        Result result = tusk(environment(database, directory), "load", "--table", "orders", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).startsWith("tusk load: line 3 of orders.csv: invalid input syntax for type integer")
                .contains("(column qty)").contains("nothing was loaded, orders is unchanged");
        assertThat(result.out()).isEmpty();
        assertThat(value(database, "SELECT count(*) FROM orders")).isEqualTo("2");
    }

    @Test
    void shouldNameLineThreeAndLeaveTheTableUnchangedWhenALineIsMalformed(TestDatabase database) throws IOException {
        execute(database, ORDERS, TWO_ORDERS);
        Path file = Files.writeString(directory.resolve("orders.csv"), "id,customer\n10,ann\n11,bob,extra\n12,cy\n");

        Result result = tusk(environment(database, directory), "load", "--table", "orders", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("line 3 of orders.csv").contains("extra data after last expected column");
        assertThat(value(database, "SELECT count(*) FROM orders")).isEqualTo("2");
    }

    @Test
    void shouldNameEveryUnknownHeaderColumnAndListTheTablesColumnsBeforeLoading(TestDatabase database) throws IOException {
        execute(database, ORDERS, TWO_ORDERS);
        Path file = Files.writeString(directory.resolve("orders.csv"), "id,colour,qty,sz\n10,red,1,XL\n");

        Result result = tusk(environment(database, directory), "load", "--table", "orders", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).startsWith("tusk load: line 1 of orders.csv: the header names 2 columns that table "
                + "orders does not have: \"colour\", \"sz\"; its columns are id, customer, qty, price, placed_on");
        assertThat(value(database, "SELECT count(*) FROM orders")).isEqualTo("2");
    }

    @Test
    void shouldRefuseAHeaderThatNamesAColumnTwice(TestDatabase database) throws IOException {
        execute(database, ORDERS);
        Path file = Files.writeString(directory.resolve("orders.csv"), "id,customer,ID\n1,ann,2\n");

        Result result = tusk(environment(database, directory), "load", "--table", "orders", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("the header names column id twice (fields 1 and 3)");
        assertThat(value(database, "SELECT count(*) FROM orders")).isEqualTo("0");
    }

    @Test
    void shouldReportAnUnknownTable(TestDatabase database) throws IOException {
        Path file = Files.writeString(directory.resolve("orders.csv"), "id\n1\n");

        Result result = tusk(environment(database, directory), "load", "--table", "no_such_table", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).startsWith("tusk load: table \"no_such_table\" does not exist");
    }

    @Test
    void shouldReportAMissingOrEmptyFile(TestDatabase database) throws IOException {
        execute(database, ORDERS);
        Path missing = directory.resolve("missing.csv");
        Path empty = Files.writeString(directory.resolve("empty.csv"), "");

        Result whenMissing = tusk(environment(database, directory), "load", "--table", "orders", missing.toString());
        Result whenEmpty = tusk(environment(database, directory), "load", "--table", "orders", empty.toString());

        assertThat(whenMissing.status()).isEqualTo(1);
        assertThat(whenMissing.err()).startsWith("tusk load: cannot read " + missing + ": no such file");
        assertThat(whenEmpty.status()).isEqualTo(1);
        assertThat(whenEmpty.err()).startsWith("tusk load: empty.csv is empty: expected a header line");
    }

    @Test
    void shouldAskForDatabaseUrlInsteadOfStartingAnEmbeddedServer() throws IOException {
        Path file = Files.writeString(directory.resolve("orders.csv"), "id\n1\n");

        Result result = tusk(Map.of("HOME", directory.toString()), "load", "--table", "orders", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).startsWith("tusk load: no database configured: set DATABASE_URL");
        assertThat(result.printed()).doesNotContainIgnoringCase("embedded");
    }

    @Test
    void shouldNeverPrintThePasswordFromDatabaseUrl(PostgresServer server, TestDatabase database) throws IOException {
        execute(database, ORDERS);
        String password = server.superuserPassword() != null ? server.superuserPassword() : "Sekr1tPassw0rd";
        Map<String, String> environment = Map.of("HOME", directory.toString(), "DATABASE_URL", "postgresql://"
                + server.superuser() + ":" + password + "@" + server.host() + ":" + server.port() + "/" + database.name());
        Path good = Files.writeString(directory.resolve("good.csv"), "id,customer\n1,ann\n");
        Path bad = Files.writeString(directory.resolve("bad.csv"), "id,customer\nx,ann\n");

        Result loaded = tusk(environment, "load", "--table", "orders", good.toString());
        Result failed = tusk(environment, "load", "--table", "orders", bad.toString());
        Result unknown = tusk(environment, "load", "--table", "nowhere", good.toString());

        assertThat(loaded.status()).as(loaded.err()).isZero();
        assertThat(failed.status()).isEqualTo(1);
        assertThat(unknown.status()).isEqualTo(1);
        for (Result result : new Result[] {loaded, failed, unknown}) {
            assertThat(result.printed()).doesNotContain(password);
        }
    }
}
