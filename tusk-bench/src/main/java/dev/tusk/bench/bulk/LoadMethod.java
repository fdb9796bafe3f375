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
        throw new IllegalArgumentException("unknown method " + label + "; known: tusk, pgbulkinsert, copymanager-csv, psql-binary, tusk-rowsource");
    }
}
