package dev.tusk.copy.internal.out;

import dev.tusk.internal.Shown;
import dev.tusk.ServerError;
import dev.tusk.UndefinedColumnException;
import dev.tusk.UndefinedTableException;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.internal.SqlNames;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resolves the table and columns of a COPY in the catalog and quotes them, so no text a caller passes reaches the SQL
 * unquoted. A table name must look like an identifier, plain or double-quoted, optionally schema-qualified; anything
 * else is refused before the server sees it. Columns must exist in the table.
 */
public final class CopyTargets {

    /**
     * A table found in the catalog.
     *
     * @param sqlName     its schema-qualified name, quoted for SQL
     * @param displayName its schema-qualified name for messages
     * @param columns     the chosen columns as the catalog spells them, in the order asked (all, in table order, when
     *                    none were asked for)
     * @param sqlColumns  the same columns, quoted for SQL
     */
    public record Target(String sqlName, String displayName, List<String> columns, List<String> sqlColumns) {
    }

    private CopyTargets() {
    }

    /** What a COPY out reads, for tracers: the table as the caller named it, or {@code "query"} (never the SQL). */
    public static String describe(CopyOutSource source) {
        return source instanceof CopyOutSource.Table table ? table.name() : "query";
    }

    /** Looks {@code table} and {@code columns} up on {@code connection}; no columns means all of them. */
    public static Target resolve(Connection connection, String table, List<String> columns) throws SQLException {
        if (!isTableName(table)) {
            throw new IllegalArgumentException("table name " + (table == null ? "null" : "\"" + Shown.name(table) + "\"")
                    + " is not an identifier: use letters, digits, _ and $, or double quotes (\"Order Lines\"), "
                    + "optionally schema-qualified (sales.orders); nothing was sent to the server");
        }
        long oid;
        String schema;
        String relation;
        try (PreparedStatement statement = connection.prepareStatement("SELECT c.oid::bigint, n.nspname, c.relname "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new UndefinedTableException("table \"" + Shown.name(table) + "\" does not exist (or is not on the "
                            + "search_path)", null, ServerError.ofSqlState("42P01"));
                }
                oid = rows.getLong(1);
                schema = rows.getString(2);
                relation = rows.getString(3);
            }
        }
        List<String> existing = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT attname FROM pg_attribute "
                + "WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            statement.setLong(1, oid);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    existing.add(rows.getString(1));
                }
            }
        }
        String displayName = schema + "." + relation;
        List<String> chosen = columns == null || columns.isEmpty() ? existing : match(columns, existing, displayName);
        return new Target(quote(schema) + "." + quote(relation), displayName, List.copyOf(chosen),
                chosen.stream().map(CopyTargets::quote).toList());
    }

    /** {@code name} as a quoted SQL identifier. */
    public static String quote(String name) {
        return SqlNames.quoteIdentifier(name);
    }

    private static boolean isTableName(String table) {
        try {
            return table != null && SqlNames.parse(table, "table").size() <= 2;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> match(List<String> asked, List<String> existing, String table) {
        List<String> matched = new ArrayList<>(asked.size());
        for (String column : asked) {
            // Exactly as spelled first; then folded to lower case, as SQL folds an unquoted name.
            String found = column != null && existing.contains(column) ? column
                    : column != null && existing.contains(column.toLowerCase(Locale.ROOT))
                    ? column.toLowerCase(Locale.ROOT) : null;
            if (found == null) {
                throw new UndefinedColumnException("column " + (column == null ? "null" : "\"" + Shown.name(column) + "\"")
                        + " does not exist in table " + Shown.name(table) + "; its columns are " + existing, null,
                        new ServerError("42703", null, null, null, table, column, null));
            }
            matched.add(found);
        }
        return matched;
    }

    /** The query whose rows {@code source} stands for, with a table's name and columns checked and quoted. */
    public static String selectSql(Connection connection, CopyOutSource source) throws SQLException {
        return switch (source) {
            case CopyOutSource.Query query -> query.sql();
            case CopyOutSource.Table table -> {
                CopyTargets.Target target = CopyTargets.resolve(connection, table.name(), table.columns());
                yield "SELECT " + String.join(", ", target.sqlColumns()) + " FROM " + target.sqlName();
            }
        };
    }
}
