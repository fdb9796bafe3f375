package dev.tusk.cli;

import dev.tusk.copy.CsvOptions;
import dev.tusk.schema.ColumnInfo;
import dev.tusk.schema.TableInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvHeaderTest {

    private static final TableInfo ORDERS = new TableInfo("public", "orders", List.of(
            new ColumnInfo("id", "bigint", false, null, 1), new ColumnInfo("Customer Name", "text", true, null, 2),
            new ColumnInfo("qty", "integer", true, null, 3), new ColumnInfo("QTY", "integer", true, null, 4)),
            List.of("id"), List.of());

    @TempDir
    Path directory;

    private List<String> header(String content, CsvOptions options) throws IOException {
        return CsvHeader.read(Files.writeString(directory.resolve("data"), content), options);
    }

    @Test
    void shouldReadQuotedCsvFieldsWithDelimitersDoubledQuotesAndLineBreaks() throws IOException {
        assertThat(header("id,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\n1,2,3,4,5\n", CsvOptions.csv()))
                .containsExactly("id", "a,b", "say \"hi\"", "two\nlines", "");
    }

    @Test
    void shouldHonourAnotherDelimiterAndEscape() throws IOException {
        assertThat(header("id;'it\\'s';x\r\n1;2;3\r\n", CsvOptions.csv().withDelimiter(';').withQuote('\'')
                .withEscape('\\'))).containsExactly("id", "it's", "x");
    }

    @Test
    void shouldDropAByteOrderMarkAndStopAtCarriageReturn() throws IOException {
        assertThat(header("\uFEFFid,name\r\n1,a\r\n", CsvOptions.csv())).containsExactly("id", "name");
    }

    @Test
    void shouldUnescapeTheTextFormat() throws IOException {
        assertThat(header("id\tweird\\tname\tback\\\\slash\n1\t2\t3\n", CsvOptions.text()))
                .containsExactly("id", "weird\tname", "back\\slash");
    }

    @Test
    void shouldRefuseAnEmptyFileAndAnUnclosedQuote() throws IOException {
        assertThatThrownBy(() -> header("", CsvOptions.csv())).hasMessageStartingWith("data is empty");
        assertThatThrownBy(() -> header("id,\"name\n1,2\n", CsvOptions.csv()))
                .hasMessage("line 1 of data: the header has an unclosed quote");
    }

    @Test
    void shouldMapNamesToColumnsInHeaderOrder() {
        assertThat(CsvHeader.columns(List.of("qty", " customer name ", "ID"), ORDERS, "orders.csv"))
                .containsExactly("qty", "Customer Name", "id");
    }

    @Test
    void shouldNotGuessBetweenColumnsThatDifferOnlyInCase() {
        assertThatThrownBy(() -> CsvHeader.columns(List.of("Qty"), ORDERS, "orders.csv"))
                .hasMessage("line 1 of orders.csv: the header names a column that table orders does not have: "
                        + "\"Qty\"; its columns are id, Customer Name, qty, QTY; nothing was loaded");
    }
}
