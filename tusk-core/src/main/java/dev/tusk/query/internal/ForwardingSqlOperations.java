package dev.tusk.query.internal;

import dev.tusk.Row;
import dev.tusk.RowMapper;
import dev.tusk.SqlOperations;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Implements {@link SqlOperations} by handing every call to another, so handles only add what is their own. */
public abstract class ForwardingSqlOperations implements SqlOperations {

    /** The operations every call is handed to; may check state first, e.g. that the handle is still open. */
    protected abstract SqlOperations delegate();

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        return delegate().query(sql, mapper, parameters);
    }

    @Override
    public <T> List<T> query(String sql, Class<T> type, Object... parameters) {
        return delegate().query(sql, type, parameters);
    }

    @Override
    public List<Row> queryRows(String sql, Object... parameters) {
        return delegate().queryRows(sql, parameters);
    }

    @Override
    public <T> T queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
        return delegate().queryOne(sql, mapper, parameters);
    }

    @Override
    public <T> T queryOne(String sql, Class<T> type, Object... parameters) {
        return delegate().queryOne(sql, type, parameters);
    }

    @Override
    public <T> Optional<T> queryOptional(String sql, RowMapper<T> mapper, Object... parameters) {
        return delegate().queryOptional(sql, mapper, parameters);
    }

    @Override
    public <T> Optional<T> queryOptional(String sql, Class<T> type, Object... parameters) {
        return delegate().queryOptional(sql, type, parameters);
    }

    @Override
    public <T> T queryValue(String sql, Class<T> type, Object... parameters) {
        return delegate().queryValue(sql, type, parameters);
    }

    @Override
    public long execute(String sql, Object... parameters) {
        return delegate().execute(sql, parameters);
    }

    @Override
    public <T> Stream<T> stream(String sql, RowMapper<T> mapper, Object... parameters) {
        return delegate().stream(sql, mapper, parameters);
    }

    @Override
    public <T> Stream<T> stream(String sql, Class<T> type, Object... parameters) {
        return delegate().stream(sql, type, parameters);
    }

    @Override
    public <T> void forEach(String sql, RowMapper<T> mapper, Consumer<? super T> action, Object... parameters) {
        delegate().forEach(sql, mapper, action, parameters);
    }

    @Override
    public <T> void forEach(String sql, Class<T> type, Consumer<? super T> action, Object... parameters) {
        delegate().forEach(sql, type, action, parameters);
    }

    @Override
    public SqlOperations withTimeout(Duration timeout) {
        return delegate().withTimeout(timeout);
    }
}
