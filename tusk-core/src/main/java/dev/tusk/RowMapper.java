package dev.tusk;

import java.sql.SQLException;

/** Turns the current row of a result into a value of type {@code T}. */
@FunctionalInterface
public interface RowMapper<T> {

    /** Maps {@code row}; may throw the driver's {@link SQLException}, which Tusk translates. */
    T map(Row row) throws SQLException;
}
