package dev.tusk;


import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The one-line statements every Tusk handle runs: the client (each call on a pooled connection), a transaction (on
 * its connection) and their views. Parameters are positional {@code ?} placeholders; values are bound by type, never
 * spliced into the SQL.
 */
public interface SqlOperations {

    /** Runs {@code sql} and maps every row with {@code mapper}; works for {@code INSERT … RETURNING} too. */
    <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters);

    /**
     * Runs {@code sql} and maps every row to {@code type}: a record by column name (snake_case to camelCase), or a
     * single-column value such as {@code String}, {@code Long} or {@code UUID}.
     */
    <T> List<T> query(String sql, Class<T> type, Object... parameters);

    /** Runs {@code sql} and returns its rows as detached {@link Row}s with typed getters. */
    List<Row> queryRows(String sql, Object... parameters);

    /** Runs {@code sql}, which must return exactly one row, and maps it with {@code mapper}. */
    <T> T queryOne(String sql, RowMapper<T> mapper, Object... parameters);

    /** Runs {@code sql}, which must return exactly one row, and maps it to {@code type}. */
    <T> T queryOne(String sql, Class<T> type, Object... parameters);

    /** Runs {@code sql}, which must return at most one row, and maps it with {@code mapper} if present. */
    <T> Optional<T> queryOptional(String sql, RowMapper<T> mapper, Object... parameters);

    /** Runs {@code sql}, which must return at most one row, and maps it to {@code type} if present. */
    <T> Optional<T> queryOptional(String sql, Class<T> type, Object... parameters);

    /**
     * Runs {@code sql} and returns the first column of its only row as {@code type}; null for NULL or no row. It has
     * no mapper form: a mapper reads a whole row, which is {@link #queryOptional(String, RowMapper, Object...)}.
     */
    <T> T queryValue(String sql, Class<T> type, Object... parameters);

    /**
     * Runs a statement for its effect and returns the count in its command tag: rows changed, or rows returned by a
     * statement that returns rows ({@code SELECT pg_advisory_lock(?)}, {@code INSERT … RETURNING}), whose rows are
     * read and dropped; 0 for statements without a count ({@code CREATE TABLE}). Use {@code query} to keep the rows.
     */
    long execute(String sql, Object... parameters);

    /**
     * Streams the rows of {@code sql} through a server-side cursor, {@code fetchSize} rows at a time, in constant memory.
     * The stream holds a connection until it is closed: use it in try-with-resources.
     */
    <T> Stream<T> stream(String sql, RowMapper<T> mapper, Object... parameters);

    /** Streams the rows of {@code sql} mapped to {@code type}, as {@link #stream(String, RowMapper, Object...)} does. */
    <T> Stream<T> stream(String sql, Class<T> type, Object... parameters);

    /** Streams the rows of {@code sql} through a server-side cursor into {@code action}, in constant memory. */
    <T> void forEach(String sql, RowMapper<T> mapper, Consumer<? super T> action, Object... parameters);

    /** Streams the rows of {@code sql}, mapped to {@code type}, through a server-side cursor into {@code action}. */
    <T> void forEach(String sql, Class<T> type, Consumer<? super T> action, Object... parameters);

    /** A view of this handle whose statements are cancelled on the server after {@code timeout}, whatever the default. */
    SqlOperations withTimeout(Duration timeout);
}
