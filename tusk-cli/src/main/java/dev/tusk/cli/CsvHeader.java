package dev.tusk.cli;

import dev.tusk.copy.CsvOptions;
import dev.tusk.schema.ColumnInfo;
import dev.tusk.schema.TableInfo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The header line of a CSV or TSV file, read the way COPY reads a record, and its names matched to a table's columns.
 * COPY's own {@code HEADER match} only accepts every column in table order, so the load command reads the header
 * itself to accept any order and any subset, and to say which names are wrong before a single row is sent.
 */
final class CsvHeader {

    /** A header longer than this is an unclosed quote swallowing the file, not a header. */
    static final int MAX_HEADER_CHARS = 1 << 20;

    private CsvHeader() {
    }

    /** The field names on the first line of {@code file}, laid out as {@code options} say; a UTF-8 BOM is dropped. */
    static List<String> read(Path file, CsvOptions options) {
        String name = String.valueOf(file.getFileName());
        try (BufferedReader buffered = Files.newBufferedReader(file);
             PushbackReader in = new PushbackReader(buffered, 1)) {
            int first = in.read();
            if (first == -1) {
                throw new IllegalArgumentException(name + " is empty: expected a header line naming the columns "
                        + "(use --no-header for a file without one)");
            }
            if (first != '\uFEFF') {
                in.unread(first);
            }
            return options.format() == CsvOptions.Format.CSV ? csvFields(in, options, name) : textFields(in, options, name);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("line 1 of " + name + ": the header is not valid UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The table's columns that {@code header} names, in header order. Names match exactly, or else ignoring case and
     * surrounding spaces when that picks one column; unknown and repeated names fail, naming them all.
     */
    static List<String> columns(List<String> header, TableInfo table, String fileName) {
        List<String> columns = new ArrayList<>(header.size());
        List<String> unknown = new ArrayList<>();
        Map<String, Integer> fieldOfColumn = new HashMap<>();
        for (int field = 1; field <= header.size(); field++) {
            String name = header.get(field - 1);
            String column = match(name, table.columns());
            if (column == null) {
                unknown.add("\"" + name + "\"");
                continue;
            }
            Integer earlier = fieldOfColumn.putIfAbsent(column, field);
            if (earlier != null) {
                throw new IllegalArgumentException("line 1 of " + fileName + ": the header names column " + column
                        + " twice (fields " + earlier + " and " + field + "); nothing was loaded");
            }
            columns.add(column);
        }
        if (!unknown.isEmpty()) {
            String tableColumns = table.columns().stream().map(ColumnInfo::name).collect(Collectors.joining(", "));
            throw new IllegalArgumentException("line 1 of " + fileName + ": the header names "
                    + (unknown.size() == 1 ? "a column" : unknown.size() + " columns") + " that table " + table.name()
                    + " does not have: " + String.join(", ", unknown) + "; its columns are " + tableColumns
                    + "; nothing was loaded");
        }
        return columns;
    }

    private static String match(String name, List<ColumnInfo> columns) {
        for (ColumnInfo column : columns) {
            if (column.name().equals(name)) {
                return column.name();
            }
        }
        String loose = name.strip().toLowerCase(Locale.ROOT);
        List<String> candidates = columns.stream().map(ColumnInfo::name)
                .filter(column -> column.toLowerCase(Locale.ROOT).equals(loose)).toList();
        return candidates.size() == 1 ? candidates.get(0) : null;
    }

    /** Fields of one CSV record: quoted fields may hold delimiters and line breaks, as in PostgreSQL's CSV. */
    private static List<String> csvFields(PushbackReader in, CsvOptions options, String name) throws IOException {
        char quote = options.quote();
        char escape = options.escape();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int read = 0; ; read++) {
            if (read > MAX_HEADER_CHARS) {
                throw tooLong(name);
            }
            int c = in.read();
            if (quoted) {
                if (c == -1) {
                    throw new IllegalArgumentException("line 1 of " + name + ": the header has an unclosed quote");
                } else if (c == escape && escape != quote) {
                    int next = in.read();
                    if (next == quote || next == escape) {
                        field.append((char) next);
                    } else {
                        field.append(escape);
                        unread(in, next);
                    }
                } else if (c == quote) {
                    int next = in.read();
                    if (next == quote && escape == quote) {
                        field.append(quote);
                    } else {
                        quoted = false;
                        unread(in, next);
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == quote) {
                quoted = true;
            } else if (c == options.delimiter()) {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == -1 || c == '\n' || c == '\r') {
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
        }
    }

    /** Fields of one line in PostgreSQL's text format: a backslash escapes the next character. */
    private static List<String> textFields(PushbackReader in, CsvOptions options, String name) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int read = 0; ; read++) {
            if (read > MAX_HEADER_CHARS) {
                throw tooLong(name);
            }
            int c = in.read();
            if (c == '\\') {
                int next = in.read();
                switch (next) {
                    case -1 -> { }
                    case 'n' -> field.append('\n');
                    case 'r' -> field.append('\r');
                    case 't' -> field.append('\t');
                    default -> field.append((char) next);
                }
            } else if (c == options.delimiter()) {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == -1 || c == '\n' || c == '\r') {
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
        }
    }

    private static void unread(PushbackReader in, int c) throws IOException {
        if (c != -1) {
            in.unread(c);
        }
    }

    private static IllegalArgumentException tooLong(String name) {
        return new IllegalArgumentException("line 1 of " + name + ": the header is longer than " + MAX_HEADER_CHARS
                + " characters; is a quote left open?");
    }
}
