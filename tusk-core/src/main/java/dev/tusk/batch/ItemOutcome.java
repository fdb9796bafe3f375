package dev.tusk.batch;

/**
 * What became of one item of {@link Batches#processItems}. Every item of a chunk shares its chunk's outcome.
 *
 * @param <T> the items
 * @param <R> what a unit returns
 */
public sealed interface ItemOutcome<T, R> {

    /** The item's position in the input list, from 0. */
    int index();

    /** The item itself, e.g. to retry it. */
    T item();

    /**
     * The unit holding the item returned.
     *
     * @param index the item's position, from 0
     * @param item  the item
     * @param value what the unit returned
     */
    record Succeeded<T, R>(int index, T item, R value) implements ItemOutcome<T, R> {

        /** The position only: the item and the value are the caller's data and may be secret, as in {@link ItemsResult}. */
        @Override
        public String toString() {
            return "Succeeded[index=" + index + "]";
        }
    }

    /**
     * The unit holding the item threw; what it wrote may or may not have been kept, depending on the work.
     *
     * @param index   the item's position, from 0
     * @param item    the item
     * @param failure what the unit threw
     */
    record Failed<T, R>(int index, T item, Throwable failure) implements ItemOutcome<T, R> {

        /** The position and the failure, not the item, which is the caller's data. */
        @Override
        public String toString() {
            return "Failed[index=" + index + ", failure=" + failure + "]";
        }
    }

    /**
     * The unit holding the item was still running when the run's timeout passed and was interrupted; its statement may
     * or may not have taken effect.
     *
     * @param index the item's position, from 0
     * @param item  the item
     */
    record Interrupted<T, R>(int index, T item) implements ItemOutcome<T, R> {

        /** The position only, not the item, which is the caller's data. */
        @Override
        public String toString() {
            return "Interrupted[index=" + index + "]";
        }
    }

    /**
     * The run's timeout passed before the unit holding the item started: nothing was done for it.
     *
     * @param index the item's position, from 0
     * @param item  the item
     */
    record NotRun<T, R>(int index, T item) implements ItemOutcome<T, R> {

        /** The position only, not the item, which is the caller's data. */
        @Override
        public String toString() {
            return "NotRun[index=" + index + "]";
        }
    }
}
