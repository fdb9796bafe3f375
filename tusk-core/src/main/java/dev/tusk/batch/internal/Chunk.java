package dev.tusk.batch.internal;

import dev.tusk.query.Sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Operations {@code from} (inclusive) to {@code to} (exclusive) of a batch, which share their SQL and travel as one
 * JDBC batch, or as a lone statement when there is only one.
 *
 * @param from the first operation's index, from 0
 * @param to   one past the last operation's index
 * @param sql  the statement they share
 */
public record Chunk(int from, int to, String sql) {

    /** How many operations the chunk holds. */
    public int size() {
        return to - from;
    }

    /**
     * Splits {@code operations} into chunks of at most {@code maxSize}, each a run of consecutive operations with
     * identical SQL. Only consecutive operations are grouped: gathering all operations with the same SQL would run them
     * out of order, and an INSERT, DELETE, INSERT of one key (or a child row before its parent) would then fail or
     * differ from what the caller wrote.
     */
    public static List<Chunk> plan(List<Sql> operations, int maxSize) {
        List<Chunk> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= operations.size(); i++) {
            boolean runEnds = i == operations.size() || !operations.get(i).sql().equals(operations.get(start).sql());
            if (runEnds || i - start == maxSize) {
                chunks.add(new Chunk(start, i, operations.get(start).sql()));
                start = i;
            }
        }
        return chunks;
    }
}
