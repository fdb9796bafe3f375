package dev.tusk.copy;

import dev.tusk.Row;
import dev.tusk.RowMapper;
import dev.tusk.copy.internal.out.CopyRowStream;
import dev.tusk.query.internal.ConnectionScope;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * COPY out of PostgreSQL as typed rows; get one from {@code TuskClient.copy()}.
 *
 * <p>Typed rows come from {@code COPY … TO STDOUT (FORMAT binary)}, decoded by Tusk. Each value arrives in the Java
 * type that keeps all of it: bool → Boolean, int2 and int4 → Integer, int8 → Long, float4 → Float, float8 → Double,
 * numeric → BigDecimal (NaN and ±Infinity → Double, as PgJDBC gives them; reading those as BigDecimal fails naming
 * the column), text, varchar, bpchar, name, json, jsonb, inet and cidr → String, bytea → byte[], uuid → UUID,
 * date → LocalDate, time → LocalTime, timetz → OffsetTime, timestamp → LocalDateTime, timestamptz → OffsetDateTime in
 * UTC, interval → PGInterval. ±infinity dates and timestamps become the MAX and MIN of their java.time type, as in
 * PgJDBC, and 24:00:00 becomes LocalTime.MAX. Arrays of these become Java arrays of the element type ({@code int2[]}
 * → Short[], as PgJDBC's getArray gives it), nested for more dimensions, and read as a {@code List} too. A domain
 * arrives as its base type. Columns of any other type (enums, ranges, money, xml, composite and extension types) are
 * cast to text on the server and arrive as String, so every query can be copied out.
 */
public final class CopyOperations {

    private final ConnectionScope scope;

    /** Operations whose connections come from {@code scope}; Tusk's handles create these for their callers. */
    public CopyOperations(ConnectionScope scope) {
        this.scope = Objects.requireNonNull(scope, "scope");
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
}
