package dev.tusk.copy.internal.csv;

import dev.tusk.copy.CsvOptions;

import java.util.StringJoiner;

/** Renders {@link CsvOptions} as the option list of a COPY statement, every value as an escaped string literal. */
final class CopyOptionsSql {

    private CopyOptionsSql() {
    }

    /** The {@code (FORMAT …, …)} list for a COPY in ({@code from} true) or out. */
    static String render(CsvOptions options, boolean from) {
        boolean csv = options.format() == CsvOptions.Format.CSV;
        StringJoiner list = new StringJoiner(", ", "(", ")");
        list.add("FORMAT " + (csv ? "csv" : "text"));
        switch (options.header()) {
            case NONE -> { }
            // COPY TO refuses HEADER MATCH; the header it writes is the one MATCH would check.
            case PRESENT -> list.add("HEADER true");
            case MATCH -> list.add(from ? "HEADER match" : "HEADER true");
        }
        list.add("DELIMITER " + literal(String.valueOf(options.delimiter())));
        list.add("NULL " + literal(options.nullMarker()));
        if (csv) {
            list.add("QUOTE " + literal(String.valueOf(options.quote())));
            list.add("ESCAPE " + literal(String.valueOf(options.escape())));
        }
        return list.toString();
    }

    /** An E'…' literal, which means the same whatever standard_conforming_strings is set to. */
    static String literal(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
