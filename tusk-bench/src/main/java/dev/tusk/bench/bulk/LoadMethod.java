package dev.tusk.bench.bulk;

/** One way of loading the rows into the empty table; each returns the rows it loaded. */
public enum LoadMethod {
    /** Tusk's typed binary COPY from records: {@code client.copy().copyIn(table).columns(…).from(iterable)}. */
    TUSK("tusk"),
    /** PgBulkInsert 8.1 (binary COPY from Java objects through a mapping) on a plain PgJDBC connection. */
    PGBULKINSERT("pgbulkinsert"),
    /** PgJDBC {@code CopyManager.copyIn(…, Reader)} with CSV rendered lazily from the same records. */
    COPYMANAGER_CSV("copymanager-csv"),
    /** {@code psql \copy … FROM 'file' (FORMAT binary)}: the practical limit, from a pre-written file. */
    PSQL_BINARY("psql-binary"),
    /** Tusk's binary COPY spread over 2 connections, all or nothing: {@code copyIn(table).parallelism(2)}. */
    TUSK_PARALLEL_2("tusk-parallel-2"),
    /** Tusk's binary COPY spread over 4 connections, all or nothing: {@code copyIn(table).parallelism(4)}. */
    TUSK_PARALLEL_4("tusk-parallel-4"),
    /** Diagnostic, not run by default: Tusk's COPY from a {@code RowSource} writing each field, skipping record binding. */
    TUSK_ROWSOURCE("tusk-rowsource");

    private final String label;

    LoadMethod(String label) {
        this.label = label;
    }

    /** The name used in flags, progress lines and tables. */
    public String label() {
        return label;
    }

    /** The method named {@code label}, as in {@code --methods tusk,psql-binary}. */
    public static LoadMethod of(String label) {
        for (LoadMethod method : values()) {
            if (method.label.equals(label.strip())) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown method " + label + "; known: tusk, tusk-parallel-2, tusk-parallel-4, pgbulkinsert, copymanager-csv, psql-binary, tusk-rowsource");
    }
}
