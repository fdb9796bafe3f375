package dev.tusk.schema;

/**
 * One column of a table.
 *
 * @param name         the column's name
 * @param type         its type as {@code format_type} writes it, such as {@code numeric(12,2)}
 * @param nullable     whether it accepts NULL
 * @param defaultValue its default expression, or null
 * @param position     its 1-based position in the table
 */
public record ColumnInfo(String name, String type, boolean nullable, String defaultValue, int position) {
}
