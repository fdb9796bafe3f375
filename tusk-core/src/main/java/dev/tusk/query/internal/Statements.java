package dev.tusk.query.internal;

import dev.tusk.TuskException;
import dev.tusk.internal.Errors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Prepares statements with positional parameters and turns driver failures into Tusk exceptions. */
public final class Statements {

    private Statements() {
    }

    /** Prepares {@code sql} on {@code connection} and binds {@code parameters} to {@code ?} placeholders in order. */
    public static PreparedStatement prepare(Connection connection, String sql, Object[] parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** A Tusk exception for a failure of {@code sql}; parameter values are never part of the message. */
    public static TuskException failure(String sql, SQLException cause) {
        return Errors.translate(cause, sql, Errors.Phase.EXECUTE);
    }
}
