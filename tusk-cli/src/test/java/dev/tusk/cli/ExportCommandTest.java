package dev.tusk.cli;

import dev.tusk.cli.CliHarness.Result;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static dev.tusk.cli.CliHarness.environment;
import static dev.tusk.cli.CliHarness.execute;
import static dev.tusk.cli.CliHarness.tusk;
import static dev.tusk.cli.CliHarness.value;
import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class ExportCommandTest {

    private static final String ITEMS = "CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(8,2), "
            + "seen timestamptz, tags text[])";
    // Values that CSV and the text format must quote or escape: delimiters, quotes, line breaks, backslashes, tabs,
    // an empty string next to a NULL, and text beyond ASCII.
    private static final String TRICKY_ITEMS = "INSERT INTO items VALUES "
            + "(1, 'plain', 1.50, '2024-01-02 03:04:05+00', '{a,b}'), "
            + "(2, 'comma, \"quoted\"', NULL, NULL, '{}'), "
            + "(3, E'two\\nlines\\tand a tab \\\\ back', 0.00, 'infinity', NULL), "
            + "(4, '', -9.99, '1999-12-31 23:59:59.123456+00', '{\"x y\",NULL}'), "
            + "(5, NULL, 3.00, NULL, NULL), "
            + "(6, 'Zoë 🐘 日本', 12.34, '2030-06-30 12:00:00+00', '{\"z\"}')";

    @TempDir
    Path directory;

    @Test
    void shouldRoundTripAQueryThroughCsvIntoAnotherTable(TestDatabase database) throws IOException {
        execute(database, ITEMS, TRICKY_ITEMS, "CREATE TABLE copied (LIKE items)");
        Path file = directory.resolve("items.csv");

        Result exported = tusk(environment(database, directory), "export", "--query", "SELECT * FROM items ORDER BY id",
                "--out", file.toString());
        Result loaded = tusk(environment(database, directory), "load", "--table", "copied", file.toString());

        assertThat(exported.status()).as(exported.err()).isZero();
        assertThat(exported.out()).matches("Exported 6 rows to " + java.util.regex.Pattern.quote(file.toString())
                + " in \\d+\\.\\d\\d s\\R");
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("id,name,price,seen,tags");
        assertThat(loaded.status()).as(loaded.err()).isZero();
        assertThat(loaded.out()).startsWith("Loaded 6 rows into copied in ");
        assertSameRows(database, "items", "copied");
    }

    @Test
    void shouldRoundTripThroughTsv(TestDatabase database) throws IOException {
        execute(database, ITEMS, TRICKY_ITEMS, "CREATE TABLE copied (LIKE items)");
        Path file = directory.resolve("items.txt");

        Result exported = tusk(environment(database, directory), "export", "-q", "SELECT * FROM items", "-o",
                file.toString(), "--format", "tsv");
        Result loaded = tusk(environment(database, directory), "load", "-t", "copied", "--format", "tsv", file.toString());

        assertThat(exported.status()).as(exported.err()).isZero();
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("id\tname\tprice\tseen\ttags");
        assertThat(loaded.status()).as(loaded.err()).isZero();
        assertSameRows(database, "items", "copied");
    }

    @Test
    void shouldWriteTheDelimiterAndNullMarkerGiven(TestDatabase database) throws IOException {
        Path file = directory.resolve("out.csv");

        Result result = tusk(environment(database, directory), "export", "--query",
                "SELECT 1 AS id, NULL::text AS note UNION ALL SELECT 2, 'b' ORDER BY id;", "--out", file.toString(),
                "--delimiter", ";", "--null", "NULL");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Exported 2 rows to ");
        assertThat(Files.readString(file)).isEqualTo("id;note\n1;NULL\n2;b\n");
    }

    @Test
    void shouldRefuseToOverwriteAFileUnlessForced(TestDatabase database) throws IOException {
        Path file = Files.writeString(directory.resolve("kept.csv"), "keep me\n");

        Result refused = tusk(environment(database, directory), "export", "--query", "SELECT 1 AS one", "--out",
                file.toString());

        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).startsWith("tusk export: " + file + " already exists; give --force to replace it");
        assertThat(Files.readString(file)).isEqualTo("keep me\n");

        Result forced = tusk(environment(database, directory), "export", "--query", "SELECT 1 AS one", "--out",
                file.toString(), "--force");

        assertThat(forced.status()).as(forced.err()).isZero();
        assertThat(Files.readString(file)).isEqualTo("one\n1\n");
    }

    @Test
    void shouldReportABadQueryAndLeaveNoFileBehind(TestDatabase database) throws IOException {
        Path file = directory.resolve("never.csv");

        Result result = tusk(environment(database, directory), "export", "--query", "SELECT id FROM no_such_table",
                "--out", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).startsWith("tusk export: ").contains("relation \"no_such_table\" does not exist");
        assertThat(result.out()).isEmpty();
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shouldNeverPrintThePasswordFromDatabaseUrl(PostgresServer server, TestDatabase database) {
        String password = server.superuserPassword() != null ? server.superuserPassword() : "Sekr1tPassw0rd";
        Map<String, String> environment = Map.of("HOME", directory.toString(), "DATABASE_URL", "postgresql://"
                + server.superuser() + ":" + password + "@" + server.host() + ":" + server.port() + "/" + database.name());

        Result exported = tusk(environment, "export", "-q", "SELECT 1 AS one", "-o", directory.resolve("a.csv").toString());
        Result failed = tusk(environment, "export", "-q", "SELECT nonsense(", "-o", directory.resolve("b.csv").toString());

        assertThat(exported.status()).as(exported.err()).isZero();
        assertThat(failed.status()).isEqualTo(1);
        assertThat(exported.printed() + failed.printed()).doesNotContain(password);
    }

    @Test
    void shouldBeListedInTheUsageWithLoad() {
        Result help = tusk(Map.of("HOME", directory.toString()), "--help");

        assertThat(help.out()).containsPattern("(?m)^ +load +Loads a CSV or TSV file into a table")
                .containsPattern("(?m)^ +export +Writes the rows of a query to a CSV or TSV file with a header");
    }

    private static void assertSameRows(TestDatabase database, String expected, String actual) {
        assertThat(value(database, "SELECT count(*) FROM " + actual)).isEqualTo(value(database, "SELECT count(*) FROM " + expected));
        assertThat(value(database, "SELECT count(*) FROM (SELECT * FROM " + expected + " EXCEPT ALL SELECT * FROM "
                + actual + ") missing")).isEqualTo("0");
        assertThat(value(database, "SELECT count(*) FROM (SELECT * FROM " + actual + " EXCEPT ALL SELECT * FROM "
                + expected + ") extra")).isEqualTo("0");
    }
}
