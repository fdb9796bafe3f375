package dev.tusk.copy;

/**
 * Rows pulled one at a time by a COPY, in the spirit of pgx's {@code CopyFromSource}: each call writes one row's
 * values straight into the COPY's buffer, so a source of primitives loads without any allocation per row.
 *
 * @param <X> the checked exception the source may throw; it reaches the caller unchanged, after the COPY is cancelled
 */
@FunctionalInterface
public interface RowSource<X extends Exception> {

    /**
     * Writes the next row's values into {@code row}, one per column in column order, and returns true; or writes
     * nothing and returns false when there are no more rows.
     */
    boolean next(RowWriter row) throws X;
}
