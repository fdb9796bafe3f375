package dev.tusk.batch;

import java.time.Duration;
import java.util.List;

/**
 * What {@link Batches#processItems} did: one outcome per item, in input order, and the run's statistics.
 *
 * @param outcomes one per item, at the item's index
 * @param elapsed how long the run took, up to its return
 * @param timedOut whether the run was cut short by its timeout (or by an interrupt of the calling thread)
 * @param <T>      the items
 * @param <R>      what a unit returns
 */
public record ItemsResult<T, R>(List<ItemOutcome<T, R>> outcomes, Duration elapsed, boolean timedOut) {

    /** Keeps an immutable copy of the outcomes. */
    public ItemsResult {
        outcomes = List.copyOf(outcomes);
    }

    /** How many items there were. */
    public int total() {
        return outcomes.size();
    }

    /** Items whose work finished, successfully or not. */
    public int processed() {
        return succeeded() + failed();
    }

    /** Items whose unit returned. */
    public int succeeded() {
        return count(ItemOutcome.Succeeded.class);
    }

    /** Items whose unit threw. */
    public int failed() {
        return count(ItemOutcome.Failed.class);
    }

    /** Items whose unit was interrupted at the timeout; their writes may or may not have taken effect. */
    public int interrupted() {
        return count(ItemOutcome.Interrupted.class);
    }

    /** Items never started because the timeout passed first. */
    public int notRun() {
        return count(ItemOutcome.NotRun.class);
    }

    /** Succeeded items as a percentage of all items, so items cut off by the timeout count against it; 100 if none. */
    public double successRate() {
        return outcomes.isEmpty() ? 100.0 : 100.0 * succeeded() / outcomes.size();
    }

    /** Whether every item succeeded. */
    public boolean allSucceeded() {
        return succeeded() == outcomes.size();
    }

    /** The failed items, in input order. */
    @SuppressWarnings("unchecked")
    public List<ItemOutcome.Failed<T, R>> failures() {
        return outcomes.stream()
                .filter(ItemOutcome.Failed.class::isInstance)
                .map(outcome -> (ItemOutcome.Failed<T, R>) outcome)
                .toList();
    }

    private int count(Class<?> kind) {
        return (int) outcomes.stream().filter(kind::isInstance).count();
    }

    @Override
    public String toString() {
        // Items and values are the caller's data and may be secret; only counts are shown.
        return "ItemsResult[total=" + total() + ", succeeded=" + succeeded() + ", failed=" + failed() + ", interrupted="
                + interrupted() + ", notRun=" + notRun() + ", successRate=" + String.format("%.1f%%", successRate())
                + ", elapsed=" + elapsed + (timedOut ? ", timed out" : "") + "]";
    }
}
