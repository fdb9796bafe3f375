package dev.tusk.examples.api;

/** A request the API refuses with 400: the message names the query parameter and the value it was given. */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String value;

    /** A refusal of {@code value} given for {@code parameter}, explained by {@code message}. */
    public BadRequestException(String parameter, String value, String message) {
        super(message);
        this.parameter = parameter;
        this.value = value;
    }

    /** The query parameter that was wrong. */
    public String parameter() {
        return parameter;
    }

    /** The value it was given, as received (null when it was missing). */
    public String value() {
        return value;
    }
}
