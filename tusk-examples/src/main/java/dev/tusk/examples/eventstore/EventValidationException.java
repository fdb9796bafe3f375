package dev.tusk.examples.eventstore;

/**
 * An event, session or metric refused by {@link EventStore} before anything reached the database. The message names
 * the item (its position in a batch and its id), the field and the limit, and gives the size of a value that was too
 * large, never the value itself.
 */
public final class EventValidationException extends IllegalArgumentException {

    private final String field;
    private final int index;

    EventValidationException(String message, String field, int index) {
        super(message);
        this.field = field;
        this.index = index;
    }

    /** The field that was refused, e.g. {@code payload} or {@code processingErrors[3]}. */
    public String field() {
        return field;
    }

    /** The position of the refused item in its batch, or -1 when it was given alone. */
    public int index() {
        return index;
    }
}
