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

    private static final String TABLE_SQL = "SELECT c.oid::int8 AS oid, n.nspname, c.relname, "
            + "current_setting('server_version_num')::int AS version FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)";
    private static final String COLUMNS_SQL = "SELECT a.attname, a.atttypid::int8 AS type, a.attgenerated <> '' AS generated "
            + "FROM pg_attribute a WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    private static final String TYPES_SQL = "SELECT t.oid::int8 AS oid, t.typname, t.typtype, t.typbasetype::int8 AS base, "
            + "t.typelem::int8 AS elem, t.typcategory FROM pg_type t WHERE t.oid::int8 = ANY(?)";

    /** Reads {@code table} and the types of {@code requested} columns on {@code connection}, or fails naming them. */
    static CopyTarget resolve(Connection connection, String tableName, List<String> requested) {
        Shown.requireStorableName("table name", tableName);
        requested.forEach(column -> Shown.requireStorableName("column name", column));
        String sql = TABLE_SQL;
        try {
            long oid;
            String schema;
            String table;
            int version;
            try (PreparedStatement statement = connection.prepareStatement(TABLE_SQL)) {
                statement.setString(1, tableName);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        throw noSuchTable(tableName, null);
                    }
                    oid = rows.getLong("oid");
                    schema = rows.getString("nspname");
                    table = rows.getString("relname");
                    version = rows.getInt("version");
                }
            } catch (SQLException e) {
                // to_regclass refuses some malformed names (e.g. too many dots) with an error rather than NULL.
                if (e.getSQLState() != null && (e.getSQLState().startsWith("22") || e.getSQLState().startsWith("42")
                        || e.getSQLState().startsWith("3F"))) {
                    throw noSuchTable(tableName, e);
                }
                throw e;
            }
            sql = COLUMNS_SQL;
            Map<String, Long> typeOf = new HashMap<>();
            Set<String> generated = new HashSet<>();
            List<String> allColumns = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
                statement.setLong(1, oid);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        String name = rows.getString("attname");
                        allColumns.add(name);
                        typeOf.put(name, rows.getLong("type"));
                        if (rows.getBoolean("generated")) {
                            generated.add(name);
                        }
                    }
                }
            }
            String qualified = schema + "." + table;
            List<String> columns = match(requested, allColumns, qualified, schema, table);
            for (String column : columns) {
                if (generated.contains(column)) {
                    throw new CopyException("column \"" + column + "\" of table " + qualified
                            + " is a generated column and cannot be copied into", null, error("428C9", schema, table, column));
                }
            }
            sql = TYPES_SQL;
            Map<Long, TypeInfo> types = loadTypes(connection, columns.stream().map(typeOf::get).toList());
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
            throw Errors.translate(e, sql, Errors.Phase.EXECUTE);
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

    /** The types with {@code oids}, plus every domain base and array element they lead to. */
    private static Map<Long, TypeInfo> loadTypes(Connection connection, List<Long> oids) throws SQLException {
        Map<Long, TypeInfo> types = new HashMap<>();
        Set<Long> wanted = new HashSet<>(oids);
        while (!wanted.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(TYPES_SQL)) {
                statement.setArray(1, connection.createArrayOf("int8", wanted.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        TypeInfo type = new TypeInfo(rows.getLong("oid"), rows.getString("typname"),
                                rows.getString("typtype").charAt(0), rows.getLong("base"), rows.getLong("elem"),
                                rows.getString("typcategory").charAt(0));
                        types.put(type.oid(), type);
                    }
                }
            }
            Set<Long> next = new HashSet<>();
            for (TypeInfo type : types.values()) {
                if (type.isDomain() && !types.containsKey(type.baseOid())) {
                    next.add(type.baseOid());
                }
                if (type.isArray() && !types.containsKey(type.elemOid())) {
                    next.add(type.elemOid());
                }
            }
            next.removeAll(wanted);
            wanted = next;
        }
        return types;
    }

    static String quote(String identifier) {
        return SqlNames.quoteIdentifier(identifier);
    }
}
