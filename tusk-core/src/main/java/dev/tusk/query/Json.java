package dev.tusk.query;

import java.util.Objects;

/**
 * A JSON document to bind as a parameter, so the server receives it typed as {@code jsonb} rather than text.
 * Reading a json or jsonb column as {@code String} needs no wrapper.
 *
 * @param text the document, as JSON text
 */
public record Json(String text) {

    /** Checks the text is present; the server validates it as JSON. */
    public Json {
        Objects.requireNonNull(text, "text");
    }

    /** The document {@code text}. */
    public static Json of(String text) {
        return new Json(text);
    }
}
