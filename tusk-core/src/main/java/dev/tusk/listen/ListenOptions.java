package dev.tusk.listen;

/**
 * How one subscription buffers notifications for its listener. Build it from {@link #DEFAULT} with the {@code with…}
 * methods or with the constructor; every value is checked when set.
 *
 * @param queueCapacity notifications held for the listener while it is busy; beyond that new ones are dropped, counted
 *                      and reported as a {@link PossibleLoss.QueueOverflow}, so a slow listener costs bounded memory
 */
public record ListenOptions(int queueCapacity) {

    /** Notifications held per subscription unless set: at PostgreSQL's 8000-byte payload limit, about 16 MB. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;

    /** The default queue capacity. */
    public static final ListenOptions DEFAULT = new ListenOptions(DEFAULT_QUEUE_CAPACITY);

    /** Checks the capacity, naming it and its bound. */
    public ListenOptions {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, but was " + queueCapacity);
        }
    }

    /** These options holding at most {@code queueCapacity} notifications for a busy listener. */
    public ListenOptions withQueueCapacity(int queueCapacity) {
        return new ListenOptions(queueCapacity);
    }
}
