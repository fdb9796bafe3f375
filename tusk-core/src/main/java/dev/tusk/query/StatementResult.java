package dev.tusk.query;

import dev.tusk.Row;

import java.util.List;

/**
 * What one statement of a batch produced.
 *
 * @param rowCount rows changed, or rows returned for a query
 * @param rows     the rows returned (empty for statements that return none)
 */
public record StatementResult(long rowCount, List<Row> rows) {

    /** Keeps an immutable copy of the rows. */
    public StatementResult {
        rows = List.copyOf(rows);
    }
}
