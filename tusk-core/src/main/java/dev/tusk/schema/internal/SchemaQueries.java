package dev.tusk.schema.internal;

import dev.tusk.internal.Shown;
import dev.tusk.internal.SqlNames;
import dev.tusk.SqlOperations;
import dev.tusk.UndefinedTableException;
import dev.tusk.ServerError;
import dev.tusk.schema.ColumnInfo;
import dev.tusk.schema.IndexInfo;
import dev.tusk.schema.ServerVersion;
import dev.tusk.schema.TableInfo;

import java.util.Arrays;
import java.util.List;

/**
 * Reads tables and the server version from {@code pg_catalog}. Table names are resolved by the server with
 * {@code to_regclass}, as SQL would resolve them (search_path, quoting), and are only ever bound as parameters.
 */
public final class SchemaQueries {

    private SchemaQueries() {
    }

    /** Whether {@code table} (optionally schema-qualified) names an existing table, view or similar relation. */
    public static boolean tableExists(SqlOperations sql, String table) {
        requireName(table);
        return Boolean.TRUE.equals(sql.queryValue("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table));
    }

    /** The columns, primary key and indexes of {@code table}; fails naming it when it does not exist. */
    public static TableInfo tableInfo(SqlOperations sql, String table) {
        requireName(table);
        Long oid = sql.queryValue("SELECT to_regclass(?)::oid::bigint", Long.class, table);
        if (oid == null) {
            throw new UndefinedTableException("table \"" + Shown.name(table) + "\" does not exist (or is not on the search_path)",
                    null, ServerError.ofSqlState("42P01"));
        }
        String[] names = sql.queryOne("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.oid = ?::oid", row -> new String[] {row.getString("nspname"), row.getString("relname")}, oid);
        List<ColumnInfo> columns = sql.query("SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, "
                + "NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default_value, a.attnum "
                + "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                row -> new ColumnInfo(row.getString("attname"), row.getString("type"), row.getBoolean("nullable"),
                        row.getString("default_value"), row.getInt("attnum")), oid);
        List<IndexInfo> indexes = sql.query("SELECT ic.relname AS name, i.indisunique, i.indisprimary, "
                + "pg_get_indexdef(i.indexrelid) AS definition, "
                + "ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns "
                + "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = ?::oid ORDER BY ic.relname",
                row -> new IndexInfo(row.getString("name"), Arrays.asList(row.get("columns", String[].class)),
                        row.getBoolean("indisunique"), row.getBoolean("indisprimary"), row.getString("definition")), oid);
        List<String> primaryKey = indexes.stream().filter(IndexInfo::primary).findFirst().map(IndexInfo::columns)
                .orElse(List.of());
        return new TableInfo(names[0], names[1], columns, primaryKey, indexes);
    }

    /** The server's version. */
    public static ServerVersion serverVersion(SqlOperations sql) {
        return sql.queryOne("SELECT current_setting('server_version_num')::int AS number, current_setting('server_version') AS display",
                row -> new ServerVersion(row.getInt("number") / 10000, row.getInt("number"), row.getString("display")));
    }

    private static void requireName(String table) {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("table name must not be empty");
        }
        Shown.requireStorableName("table name", table);
        SqlNames.requireNoCutPart(table, "table name");
    }
}
