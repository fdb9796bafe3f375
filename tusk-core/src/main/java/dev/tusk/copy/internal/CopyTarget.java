package dev.tusk.copy.internal;

import dev.tusk.internal.Shown;
import dev.tusk.CopyException;
import dev.tusk.ServerError;
import dev.tusk.UndefinedColumnException;
import dev.tusk.UndefinedTableException;
import dev.tusk.copy.internal.Encoders.TypeInfo;
import dev.tusk.internal.Errors;
import dev.tusk.internal.SqlNames;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The table and columns of one COPY, checked against the catalog (once per call) and quoted from the names the
 * catalog holds, never from the caller's text. The table name is resolved by the server with {@code to_regclass},
 * as SQL would resolve it (search_path, quoting).
 *
 * @param schema   the table's schema
 * @param table    the table's name
 * @param columns  the catalog's names of the target columns, in row order
 * @param types    each column's type name, as messages show it
 * @param encoders each column's encoder
 */
record CopyTarget(String schema, String table, List<String> columns, List<String> types, ColumnEncoder[] encoders) {

    /**
     * The table, its columns and every type they lead to (domain bases, array elements), in one round trip: a few rows
     * of INSERT would otherwise spend most of their time on the look-up. Rows are told apart by {@code kind}: t for the
     * table, c for a column, y for a type.
     */
    private static final String TARGET_SQL = "WITH RECURSIVE target AS (SELECT c.oid, n.nspname, c.relname FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)), "
            + "columns AS (SELECT a.attnum, a.attname, a.atttypid, a.attgenerated <> '' AS generated FROM pg_attribute a "
            + "JOIN target ON a.attrelid = target.oid WHERE a.attnum > 0 AND NOT a.attisdropped), "
            + "types AS (SELECT t.oid, t.typname, t.typtype, t.typbasetype, t.typelem, t.typcategory FROM pg_type t "
            + "WHERE t.oid IN (SELECT atttypid FROM columns) UNION SELECT t.oid, t.typname, t.typtype, t.typbasetype, "
            + "t.typelem, t.typcategory FROM pg_type t JOIN types u ON t.oid = u.typbasetype OR t.oid = u.typelem) "
            + "SELECT 't' AS kind, nspname::text AS name, relname::text AS detail, "
            + "current_setting('server_version_num')::int8 AS number, 0::int8 AS base, 0::int8 AS elem FROM target "
            + "UNION ALL SELECT 'c', attname::text, CASE WHEN generated THEN 'g' ELSE '' END, attnum::int8, atttypid::int8, "
            + "0 FROM columns "
            + "UNION ALL SELECT 'y', typname::text, typtype::text || typcategory::text, oid::int8, typbasetype::int8, "
            + "typelem::int8 FROM types";

    /** Reads {@code table} and the types of {@code requested} columns on {@code connection}, or fails naming them. */
    static CopyTarget resolve(Connection connection, String tableName, List<String> requested) {
        Shown.requireStorableName("table name", tableName);
        SqlNames.requireNoCutPart(tableName, "table name");
        requested.forEach(column -> Shown.requireStorableName("column name", column));
        try {
            String schema = null;
            String table = null;
            int version = 0;
            java.util.TreeMap<Long, String> columnsByNumber = new java.util.TreeMap<>();
            Map<String, Long> typeOf = new HashMap<>();
            Set<String> generated = new HashSet<>();
            Map<Long, TypeInfo> types = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(TARGET_SQL)) {
                statement.setString(1, tableName);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        String name = rows.getString("name");
                        String detail = rows.getString("detail");
                        long number = rows.getLong("number");
                        switch (rows.getString("kind")) {
                            case "t" -> {
                                schema = name;
                                table = detail;
                                version = (int) number;
                            }
                            case "c" -> {
                                columnsByNumber.put(number, name);
                                typeOf.put(name, rows.getLong("base"));
                                if (!detail.isEmpty()) {
                                    generated.add(name);
                                }
                            }
                            default -> types.put(number, new TypeInfo(number, name, detail.charAt(0),
                                    rows.getLong("base"), rows.getLong("elem"), detail.charAt(1)));
                        }
                    }
                }
            } catch (SQLException e) {
                // to_regclass refuses some malformed names (e.g. too many dots) with an error rather than NULL.
                if (e.getSQLState() != null && (e.getSQLState().startsWith("22") || e.getSQLState().startsWith("42")
                        || e.getSQLState().startsWith("3F"))) {
                    throw noSuchTable(tableName, e);
                }
                throw e;
            }
            if (table == null) {
                throw noSuchTable(tableName, null);
            }
            List<String> allColumns = List.copyOf(columnsByNumber.values());
            String qualified = schema + "." + table;
            List<String> columns = match(requested, allColumns, qualified, schema, table);
            for (String column : columns) {
                if (generated.contains(column)) {
                    throw new CopyException("column \"" + column + "\" of table " + qualified
                            + " is a generated column and cannot be copied into", null, error("428C9", schema, table, column));
                }
            }
            List<String> typeNames = new ArrayList<>();
            ColumnEncoder[] encoders = new ColumnEncoder[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                TypeInfo type = types.get(typeOf.get(columns.get(i)));
                typeNames.add(Encoders.displayName(type, types));
                encoders[i] = Encoders.forType(type, types, version);
                if (encoders[i] == null) {
                    throw new CopyException("column \"" + columns.get(i) + "\" of table " + qualified + " has type "
                            + typeNames.get(i) + ", which Tusk's binary COPY cannot encode; supported: "
                            + Encoders.SUPPORTED, null, error("0A000", schema, table, columns.get(i)));
                }
            }
            return new CopyTarget(schema, table, List.copyOf(columns), List.copyOf(typeNames), encoders);
        } catch (SQLException e) {
            throw Errors.translate(e, TARGET_SQL, Errors.Phase.EXECUTE);
        }
    }

    /** The COPY statement, with every name quoted as the catalog spells it. */
    String copySql() {
        StringBuilder sql = new StringBuilder("COPY ").append(quote(schema)).append('.').append(quote(table)).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i)));
        }
        return sql.append(") FROM STDIN (FORMAT binary)").toString();
    }

    /** {@code "schema"."table"}, quoted as the catalog spells it, for statements. */
    String quotedTable() {
        return quote(schema) + "." + quote(table);
    }

    /**
     * The table for an INSERT, quoted from the catalog: schema-qualified when the caller named the schema
     * ({@code callerName} has two parts), else the table alone, for the server to resolve through its search_path.
     */
    String insertName(String callerName) {
        try {
            return SqlNames.parse(callerName, "table name").size() > 1 ? quotedTable() : quote(table);
        } catch (IllegalArgumentException unusual) {
            // The server read a name Tusk's parser does not: keep the schema the catalog gave.
            return quotedTable();
        }
    }

    /** The target columns, each quoted as the catalog spells it, comma-separated. */
    String quotedColumnList() {
        return String.join(", ", columns.stream().map(CopyTarget::quote).toList());
    }

    /** {@code schema.table}, for messages. */
    String qualifiedName() {
        return schema + "." + table;
    }

    /** A server report naming this table and {@code column}, for client-side failures. */
    ServerError error(String sqlState, String column) {
        return error(sqlState, schema, table, column);
    }

    private static ServerError error(String sqlState, String schema, String table, String column) {
        return new ServerError(sqlState, null, null, schema, table, column, null);
    }

    private static UndefinedTableException noSuchTable(String tableName, SQLException cause) {
        return new UndefinedTableException("table \"" + Shown.name(tableName) + "\" does not exist (or is not on the search_path)",
                cause, ServerError.ofSqlState("42P01"));
    }

    /** The catalog names for {@code requested}: {@code "Quoted"} names match exactly, others as typed or lower-cased. */
    private static List<String> match(List<String> requested, List<String> allColumns, String qualified, String schema,
                                      String table) {
        List<String> matched = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : requested) {
            String found = null;
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                String unquoted = name.substring(1, name.length() - 1).replace("\"\"", "\"");
                found = allColumns.contains(unquoted) ? unquoted : null;
            } else if (allColumns.contains(name)) {
                found = name;
            } else if (allColumns.contains(name.toLowerCase(Locale.ROOT))) {
                found = name.toLowerCase(Locale.ROOT);
            }
            if (found == null) {
                throw new UndefinedColumnException("column \"" + Shown.name(name) + "\" does not exist in table " + qualified
                        + "; its columns are " + String.join(", ", allColumns), null, error("42703", schema, table, name));
            }
            if (!seen.add(found)) {
                throw new CopyException("column \"" + Shown.name(found) + "\" is listed twice for the COPY into " + qualified,
                        null, error("42701", schema, table, found));
            }
            matched.add(found);
        }
        return matched;
    }

    static String quote(String identifier) {
        return SqlNames.quoteIdentifier(identifier);
    }
}
