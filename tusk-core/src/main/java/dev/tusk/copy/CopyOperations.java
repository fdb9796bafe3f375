package dev.tusk.copy;

import dev.tusk.ProgressListener;
import dev.tusk.Row;
import dev.tusk.RowMapper;
import dev.tusk.copy.internal.CopyHandles;
import dev.tusk.copy.internal.csv.CsvCopyIn;
import dev.tusk.copy.internal.csv.CsvCopyOut;
import dev.tusk.copy.internal.out.CopyRowStream;
import dev.tusk.internal.Connections;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * COPY and bulk loading, the same on every handle: {@code client.copy()}, {@code tx.copy()} (on the transaction's
 * connection: loads roll back with it, exports see its uncommitted changes), {@code client.readOnly().copy()} and
 * {@code client.asTenant(…).copy()} (exports only; their loads are refused before a connection is taken). Binary COPY
 * in ({@link #copyIn(String)}), the adaptive {@link #bulkInsert(String)} and {@link #bulkUpsert}, typed
 * {@link #copyOut(CopyOutSource)}, and CSV or text both ways.
 *
 * <p>Typed rows come from {@code COPY … TO STDOUT (FORMAT binary)}, decoded by Tusk. Each value arrives in the Java
 * type that keeps all of it: bool → Boolean, int2 and int4 → Integer, int8 → Long, float4 → Float, float8 → Double,
 * numeric → BigDecimal (NaN and ±Infinity → Double, as PgJDBC gives them; reading those as BigDecimal fails naming
 * the column), text, varchar, bpchar, name, json, jsonb, inet and cidr → String, bytea → byte[], uuid → UUID,
 * date → LocalDate, time → LocalTime, timetz → OffsetTime, timestamp → LocalDateTime, timestamptz → OffsetDateTime in
 * UTC, interval → {@link dev.tusk.query.Interval} (its whole range; read it as Duration, Period or PGInterval when it
 * fits). ±infinity dates and timestamps become the MAX and MIN of their java.time type, as in PgJDBC, and 24:00:00
 * becomes LocalTime.MAX. A value that does not convert to the type asked for fails as a
 * {@link dev.tusk.DecodeException} and ends the stream cleanly. Arrays of these become Java arrays of the element type ({@code int2[]}
 * → Short[], as PgJDBC's getArray gives it), nested for more dimensions, and read as a {@code List} too. A domain
 * arrives as its base type. Columns of any other type (enums, ranges, money, xml, composite and extension types) are
 * cast to text on the server and arrive as String, so every query can be copied out.
 */
public final class CopyOperations {

    static {
        // Tusk's handles create these through the bridge; users get them from a handle's copy().
        CopyHandles.install(CopyOperations::new);
    }

    private final Connections scope;
    private final String loadsRefused;

    private CopyOperations(Connections scope, String loadsRefused) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.loadsRefused = loadsRefused;
    }

    /**
     * A binary COPY into {@code table} (optionally schema-qualified, resolved as SQL would), to configure (columns,
     * progress, flush size) and then give rows; see {@link CopyIn}.
     */
    public CopyIn copyIn(String table) {
        requireLoads();
        return CopyIn.over(scope, table);
    }

    /** Copies {@code rows} (records matched to {@code columns} by name, or Object[] by position) into {@code table}. */
    public CopyResult copyIn(String table, List<String> columns, Iterable<?> rows) {
        return copyIn(table).columns(columns).from(rows);
    }

    /** Copies the rows {@code source} writes into {@code columns} of {@code table}, without allocating per row. */
    public <X extends Exception> CopyResult copyIn(String table, List<String> columns, RowSource<X> source) throws X {
        return copyIn(table).columns(columns).from(source);
    }

    /** An adaptive bulk insert into {@code table}, to configure (columns, threshold, progress); see {@link BulkInsert}. */
    public BulkInsert bulkInsert(String table) {
        requireLoads();
        return BulkInsert.over(scope, table);
    }

    /** Inserts {@code rows} into {@code table}: multi-row INSERTs below 1,000 rows, binary COPY above; see {@link BulkInsert}. */
    public BulkInsertResult bulkInsert(String table, List<String> columns, Iterable<?> rows) {
        return bulkInsert(table).columns(columns).from(rows);
    }

    /** Inserts {@code rows} or updates {@code updateColumns} where {@code conflictColumns} match; see {@link BulkInsert#upsert}. */
    public UpsertResult bulkUpsert(String table, List<String> columns, Iterable<?> rows, List<String> conflictColumns,
                                   List<String> updateColumns) {
        return bulkInsert(table).columns(columns).upsert(rows, conflictColumns, updateColumns);
    }

    /**
     * Streams the rows of {@code source} through binary COPY, in constant memory. The stream holds a connection until
     * its last row is read or it is closed: use it in try-with-resources. Closing it early cancels the COPY and
     * returns a healthy connection. Rows stay valid after the stream moves on.
     */
    public Stream<Row> copyOut(CopyOutSource source) {
        return copyOut(source, CopyRowStream.rows());
    }

    /** Streams the rows of {@code source} through binary COPY, each mapped by {@code mapper}; see {@link #copyOut(CopyOutSource)}. */
    public <T> Stream<T> copyOut(CopyOutSource source, RowMapper<T> mapper) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mapper, "mapper");
        return CopyRowStream.open(scope, source, mapper);
    }

    /**
     * Streams the rows of {@code source} through binary COPY as {@code type}: a record by column label (snake_case to
     * camelCase), or a single-column value such as {@code Long}; see {@link #copyOut(CopyOutSource)}.
     */
    public <T> Stream<T> copyOut(CopyOutSource source, Class<T> type) {
        Objects.requireNonNull(type, "type");
        return copyOut(source, CopyRowStream.rowsAs(type));
    }

    /**
     * Writes {@code source} as CSV or text to {@code out}, which is flushed but left open, and returns the rows and
     * bytes written; {@code progress} hears every 64 KiB and at the end.
     */
    public CopyResult copyOutCsv(CopyOutSource source, OutputStream out, CsvOptions options,
                                    ProgressListener progress) {
        return CsvCopyOut.toStream(scope, source, out, options, progress);
    }

    /**
     * Writes {@code source} as CSV or text to {@code file}, replacing it only when the COPY succeeds, and returns the
     * rows and bytes written; {@code progress} hears every 64 KiB and at the end.
     */
    public CopyResult copyOutCsv(CopyOutSource source, Path file, CsvOptions options, ProgressListener progress) {
        Objects.requireNonNull(source, "source");
        return CsvCopyOut.toFile(scope, source, file, options, progress);
    }

    /**
     * Loads CSV or text from {@code file} into {@code columns} of {@code table} (empty for all), all rows or none, and
     * returns the rows loaded. A bad line fails naming it: {@code line 3 of orders.csv: invalid input syntax for type
     * integer: "abc" (column qty)}. {@code progress} hears every 64 KiB read and at the end.
     */
    public CopyResult copyInCsv(String table, List<String> columns, Path file, CsvOptions options,
                                   ProgressListener progress) {
        requireLoads();
        return CsvCopyIn.fromFile(scope, table, columns, file, options, progress);
    }

    /** Loads CSV or text from {@code in}, left open, as {@link #copyInCsv(String, List, Path, CsvOptions, ProgressListener)} does. */
    public CopyResult copyInCsv(String table, List<String> columns, Reader in, CsvOptions options,
                                   ProgressListener progress) {
        requireLoads();
        return CsvCopyIn.fromReader(scope, table, columns, in, "the input", options, progress);
    }

    /** Loads UTF-8 CSV or text from {@code in}, left open, as {@link #copyInCsv(String, List, Path, CsvOptions, ProgressListener)} does. */
    public CopyResult copyInCsv(String table, List<String> columns, InputStream in, CsvOptions options,
                                   ProgressListener progress) {
        requireLoads();
        return CsvCopyIn.fromStream(scope, table, columns, in, "the input", options, progress);
    }

    private void requireLoads() {
        if (loadsRefused != null) {
            throw new UnsupportedOperationException(loadsRefused);
        }
    }
}
