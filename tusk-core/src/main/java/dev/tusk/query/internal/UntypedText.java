package dev.tusk.query.internal;

/**
 * A parameter already encoded as PostgreSQL text for the type its place in the statement has (a table column's, for
 * bulk inserts): bound untyped, so that the server reads it with that type's own input function.
 *
 * @param text the value's text
 */
public record UntypedText(String text) {
}
