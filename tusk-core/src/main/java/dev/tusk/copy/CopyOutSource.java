package dev.tusk.copy;

import java.util.List;
import java.util.Objects;

/** What a COPY out reads: a table (all or some of its columns) or a query. */
public sealed interface CopyOutSource permits CopyOutSource.Table, CopyOutSource.Query {

    /** All columns of {@code table}, optionally schema-qualified; the name is checked against the catalog and quoted. */
    static CopyOutSource table(String table) {
        return new Table(table, List.of());
    }

    /** The given {@code columns} of {@code table}, in that order; each is checked against the catalog and quoted. */
    static CopyOutSource table(String table, List<String> columns) {
        return new Table(table, columns);
    }

    /**
     * The rows of {@code sql}, a query run as {@code COPY (sql) TO STDOUT}. COPY cannot bind parameters, so the query
     * is sent as written: never build it from untrusted input.
     */
    static CopyOutSource query(String sql) {
        return new Query(sql);
    }

    /**
     * A table and the columns to copy (empty for all of them).
     *
     * @param name    the table, optionally schema-qualified
     * @param columns the columns in the order wanted, or empty for all in table order
     */
    record Table(String name, List<String> columns) implements CopyOutSource {

        /** Checks that a name is given and copies the column list. */
        public Table {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("table name must not be empty");
            }
            columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        }
    }

    /**
     * A query whose rows are copied.
     *
     * @param sql a query returning rows, without parameters; a trailing semicolon is dropped
     */
    record Query(String sql) implements CopyOutSource {

        /** Checks that a query is given and drops trailing semicolons, which COPY (…) would reject. */
        public Query {
            if (sql == null || sql.isBlank()) {
                throw new IllegalArgumentException("query must not be empty");
            }
            sql = sql.strip();
            while (sql.endsWith(";")) {
                sql = sql.substring(0, sql.length() - 1).strip();
            }
        }
    }
}
