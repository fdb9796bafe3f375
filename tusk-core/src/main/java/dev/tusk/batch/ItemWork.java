package dev.tusk.batch;

import dev.tusk.Database;

import java.util.List;

/**
 * One unit of work of {@link Batches#processItems}: processes a chunk of consecutive items; may throw anything, which
 * fails that chunk alone.
 *
 * @param <T> the items
 * @param <R> what a unit returns
 */
@FunctionalInterface
public interface ItemWork<T, R> {

    /**
     * Processes {@code chunk} (up to {@code chunkSize} items, in input order) using {@code database}; what it returns
     * becomes the value of every item in the chunk. It runs on a virtual thread of its own, so a transaction it opens
     * does not join one of the caller's.
     */
    R process(List<T> chunk, Database database) throws Exception;
}
