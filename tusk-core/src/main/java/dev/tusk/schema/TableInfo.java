package dev.tusk.schema;

import java.util.List;
import java.util.Optional;

/**
 * The shape of one table: its columns, primary key and indexes.
 *
 * @param schema     the schema it lives in
 * @param name       the table's name
 * @param columns    its columns, in order
 * @param primaryKey the primary key's columns, in order (empty when it has none)
 * @param indexes    its indexes, by name
 */
public record TableInfo(String schema, String name, List<ColumnInfo> columns, List<String> primaryKey, List<IndexInfo> indexes) {

    /** Keeps immutable copies of the lists. */
    public TableInfo {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
    }

    /** The column called {@code name}, if there is one. */
    public Optional<ColumnInfo> column(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst();
    }
}
