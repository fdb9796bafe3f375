package dev.tusk.query;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One statement and its positional parameters, for running several in one go.
 *
 * @param sql        the statement, with {@code ?} placeholders
 * @param parameters the values bound to the placeholders, in order
 */
public record Sql(String sql, List<Object> parameters) {

    /** Checks the statement is present; parameters may hold nulls. */
    public Sql {
        Objects.requireNonNull(sql, "sql");
        parameters = parameters == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
    }

    /** A statement with its parameters. */
    public static Sql of(String sql, Object... parameters) {
        return new Sql(sql, Arrays.asList(parameters));
    }

    @Override
    public String toString() {
        // Parameter values may be secret; only their count is shown.
        return "Sql[" + sql + ", " + parameters.size() + " parameters]";
    }
}
