package dev.tusk.schema;

import java.util.List;

/**
 * One index of a table.
 *
 * @param name       the index's name
 * @param columns    the columns it covers, in order (empty for expression-only indexes)
 * @param unique     whether it enforces uniqueness
 * @param primary    whether it backs the primary key
 * @param definition the {@code CREATE INDEX} statement that would recreate it
 */
public record IndexInfo(String name, List<String> columns, boolean unique, boolean primary, String definition) {

    /** Keeps an immutable copy of the columns. */
    public IndexInfo {
        columns = List.copyOf(columns);
    }
}
