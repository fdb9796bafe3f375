package dev.tusk.copy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvOptionsTest {

    @Test
    void shouldStartFromPostgresDefaults() {
        assertThat(CsvOptions.csv().format()).isEqualTo(CsvOptions.Format.CSV);
        assertThat(CsvOptions.csv().delimiter()).isEqualTo(',');
        assertThat(CsvOptions.csv().nullMarker()).isEmpty();
        assertThat(CsvOptions.csv().quote()).isEqualTo('"');
        assertThat(CsvOptions.csv().escape()).isEqualTo('"');
        assertThat(CsvOptions.csv().header()).isEqualTo(CsvOptions.Header.NONE);
        assertThat(CsvOptions.text().delimiter()).isEqualTo('\t');
        assertThat(CsvOptions.text().nullMarker()).isEqualTo("\\N");
    }

    @Test
    void shouldReturnChangedCopiesAndLeaveTheOriginal() {
        CsvOptions semicolons = CsvOptions.csv().withDelimiter(';').withHeader(true).withNull("NULL");
        assertThat(semicolons.delimiter()).isEqualTo(';');
        assertThat(semicolons.header()).isEqualTo(CsvOptions.Header.PRESENT);
        assertThat(CsvOptions.csv().delimiter()).isEqualTo(',');
        assertThat(semicolons).isEqualTo(CsvOptions.csv().withNull("NULL").withHeader(true).withDelimiter(';'));
        assertThat(semicolons.toString()).isEqualTo("CsvOptions[format=CSV, header=PRESENT, delimiter=';', null=\"NULL\", "
                + "quote='\"', escape='\"']");
    }

    @Test
    void shouldMoveTheEscapeWithTheQuoteUnlessSetApart() {
        assertThat(CsvOptions.csv().withQuote('\'').escape()).isEqualTo('\'');
        assertThat(CsvOptions.csv().withEscape('\\').withQuote('\'').escape()).isEqualTo('\\');
    }

    @Test
    void shouldRefuseValuesPostgresWouldRefuseNamingTheBoundAndTheValue() {
        assertThatThrownBy(() -> CsvOptions.csv().withDelimiter('"'))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delimiter must differ from the quote '\"' and escape '\"', but was '\"'");
        assertThatThrownBy(() -> CsvOptions.csv().withDelimiter('\n'))
                .hasMessage("delimiter must be one ASCII character other than a line break or NUL, but was U+000A");
        assertThatThrownBy(() -> CsvOptions.csv().withDelimiter('é'))
                .hasMessage("delimiter must be one ASCII character other than a line break or NUL, but was U+00E9");
        assertThatThrownBy(() -> CsvOptions.csv().withNull("a,b"))
                .hasMessage("NULL marker must not contain the delimiter ',', but was \"a,b\"");
        assertThatThrownBy(() -> CsvOptions.csv().withNull("x\ny"))
                .hasMessage("NULL marker must not contain a line break, but was \"x\\ny\"");
        assertThatThrownBy(() -> CsvOptions.csv().withNull("-").withDelimiter('-'))
                .hasMessage("delimiter must not appear in the NULL marker \"-\", but was '-'");
        assertThatThrownBy(() -> CsvOptions.text().withQuote('\''))
                .hasMessage("quote applies to the CSV format only, but the format is TEXT");
        assertThatThrownBy(() -> CsvOptions.csv().withQuote(','))
                .hasMessage("quote must differ from the delimiter ',', but was ','");
        assertThatThrownBy(() -> CsvOptions.csv().withHeader(null)).isInstanceOf(NullPointerException.class);
    }
}
