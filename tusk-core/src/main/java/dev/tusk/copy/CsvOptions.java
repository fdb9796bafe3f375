package dev.tusk.copy;

import java.util.Objects;

/**
 * How CSV or PostgreSQL text data is laid out for {@code COPY}: format, header, delimiter, NULL marker, quote and
 * escape. Immutable; each {@code with…} validates its value at once and returns a copy. Start from {@link #csv()} or
 * {@link #text()}. Data is always UTF-8.
 */
public final class CsvOptions {

    /** The two character-separated layouts PostgreSQL's COPY reads and writes. */
    public enum Format {
        /** RFC 4180-style CSV: fields quoted when needed, NULL as an unquoted empty field by default. */
        CSV,
        /** PostgreSQL's text format: tab-separated, backslash escapes, NULL as {@code \N} by default. */
        TEXT
    }

    /** Whether the data has a header line, and whether PostgreSQL checks it. */
    public enum Header {
        /** No header line. */
        NONE,
        /** A header line: written on the way out, skipped unread on the way in. */
        PRESENT,
        /** A header line: written on the way out; on the way in it must name the columns in order (PostgreSQL 15+). */
        MATCH
    }

    /** The CSV delimiter unless set: a comma. */
    public static final char DEFAULT_CSV_DELIMITER = ',';
    /** The text-format delimiter unless set: a tab. */
    public static final char DEFAULT_TEXT_DELIMITER = '\t';
    /** The CSV NULL marker unless set: an unquoted empty field. */
    public static final String DEFAULT_CSV_NULL = "";
    /** The text-format NULL marker unless set: {@code \N}. */
    public static final String DEFAULT_TEXT_NULL = "\\N";
    /** The CSV quote (and escape) character unless set: a double quote. */
    public static final char DEFAULT_QUOTE = '"';

    private static final CsvOptions CSV = new CsvOptions(Format.CSV, Header.NONE, DEFAULT_CSV_DELIMITER, DEFAULT_CSV_NULL,
            DEFAULT_QUOTE, DEFAULT_QUOTE);
    private static final CsvOptions TEXT = new CsvOptions(Format.TEXT, Header.NONE, DEFAULT_TEXT_DELIMITER,
            DEFAULT_TEXT_NULL, DEFAULT_QUOTE, DEFAULT_QUOTE);

    private final Format format;
    private final Header header;
    private final char delimiter;
    private final String nullMarker;
    private final char quote;
    private final char escape;

    private CsvOptions(Format format, Header header, char delimiter, String nullMarker, char quote, char escape) {
        this.format = format;
        this.header = header;
        this.delimiter = delimiter;
        this.nullMarker = nullMarker;
        this.quote = quote;
        this.escape = escape;
    }

    /** CSV with PostgreSQL's defaults: comma, double quote, NULL as an unquoted empty field, no header. */
    public static CsvOptions csv() {
        return CSV;
    }

    /** PostgreSQL's text format with its defaults: tab, {@code \N} for NULL, no header. */
    public static CsvOptions text() {
        return TEXT;
    }

    /** A copy with a header line ({@link Header#PRESENT}) or without one. */
    public CsvOptions withHeader(boolean present) {
        return withHeader(present ? Header.PRESENT : Header.NONE);
    }

    /** A copy with {@code header}. */
    public CsvOptions withHeader(Header header) {
        return new CsvOptions(format, Objects.requireNonNull(header, "header"), delimiter, nullMarker, quote, escape);
    }

    /** A copy with {@code delimiter} between fields: one ASCII character, not a line break, quote or escape. */
    public CsvOptions withDelimiter(char delimiter) {
        requireSingleByte("delimiter", delimiter);
        if (format == Format.CSV && (delimiter == quote || delimiter == escape)) {
            throw new IllegalArgumentException("delimiter must differ from the quote '" + quote + "' and escape '"
                    + escape + "', but was '" + delimiter + "'");
        }
        if (nullMarker.indexOf(delimiter) >= 0) {
            throw new IllegalArgumentException("delimiter must not appear in the NULL marker \"" + nullMarker
                    + "\", but was '" + delimiter + "'");
        }
        return new CsvOptions(format, header, delimiter, nullMarker, quote, escape);
    }

    /** A copy with {@code nullMarker} standing for SQL NULL: no line breaks and no delimiter in it. */
    public CsvOptions withNull(String nullMarker) {
        Objects.requireNonNull(nullMarker, "nullMarker");
        if (nullMarker.indexOf('\n') >= 0 || nullMarker.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("NULL marker must not contain a line break, but was \""
                    + nullMarker.replace("\n", "\\n").replace("\r", "\\r") + "\"");
        }
        if (nullMarker.indexOf(delimiter) >= 0) {
            throw new IllegalArgumentException("NULL marker must not contain the delimiter '" + delimiter
                    + "', but was \"" + nullMarker + "\"");
        }
        return new CsvOptions(format, header, delimiter, nullMarker, quote, escape);
    }

    /** A copy with {@code quote} around quoted CSV fields (CSV only); the escape follows it unless set apart. */
    public CsvOptions withQuote(char quote) {
        requireCsv("quote");
        requireSingleByte("quote", quote);
        if (quote == delimiter) {
            throw new IllegalArgumentException("quote must differ from the delimiter '" + delimiter + "', but was '"
                    + quote + "'");
        }
        char newEscape = escape == this.quote ? quote : escape;
        return new CsvOptions(format, header, delimiter, nullMarker, quote, newEscape);
    }

    /** A copy with {@code escape} before a quote inside a quoted CSV field (CSV only; by default the quote itself). */
    public CsvOptions withEscape(char escape) {
        requireCsv("escape");
        requireSingleByte("escape", escape);
        if (escape == delimiter) {
            throw new IllegalArgumentException("escape must differ from the delimiter '" + delimiter + "', but was '"
                    + escape + "'");
        }
        return new CsvOptions(format, header, delimiter, nullMarker, quote, escape);
    }

    /** The layout: CSV or PostgreSQL text. */
    public Format format() {
        return format;
    }

    /** Whether there is a header line and whether it is checked. */
    public Header header() {
        return header;
    }

    /** The field delimiter. */
    public char delimiter() {
        return delimiter;
    }

    /** The text standing for SQL NULL. */
    public String nullMarker() {
        return nullMarker;
    }

    /** The CSV quote character (unused by the text format). */
    public char quote() {
        return quote;
    }

    /** The CSV escape character (unused by the text format). */
    public char escape() {
        return escape;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CsvOptions that && format == that.format && header == that.header
                && delimiter == that.delimiter && nullMarker.equals(that.nullMarker) && quote == that.quote
                && escape == that.escape;
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, header, delimiter, nullMarker, quote, escape);
    }

    @Override
    public String toString() {
        return "CsvOptions[format=" + format + ", header=" + header + ", delimiter='" + delimiter + "', null=\""
                + nullMarker + "\"" + (format == Format.CSV ? ", quote='" + quote + "', escape='" + escape + "'" : "")
                + "]";
    }

    private void requireCsv(String option) {
        if (format != Format.CSV) {
            throw new IllegalArgumentException(option + " applies to the CSV format only, but the format is " + format);
        }
    }

    private static void requireSingleByte(String option, char value) {
        if (value >= 0x80 || value == '\n' || value == '\r' || value == 0) {
            throw new IllegalArgumentException(option + " must be one ASCII character other than a line break or NUL, "
                    + "but was U+" + String.format("%04X", (int) value));
        }
    }
}
