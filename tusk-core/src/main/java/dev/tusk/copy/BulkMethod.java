package dev.tusk.copy;

/** How a bulk insert moved its rows. */
public enum BulkMethod {
    /** Multi-row {@code INSERT … VALUES (…), (…)} statements in one transaction: cheapest for a few rows. */
    MULTI_ROW_INSERT,
    /** Typed binary {@code COPY … FROM STDIN}: fastest for many rows. */
    BINARY_COPY
}
