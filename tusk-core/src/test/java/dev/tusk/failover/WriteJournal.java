package dev.tusk.failover;

import dev.tusk.CommitOutcomeUnknownException;
import dev.tusk.TuskException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/** What each write call told its caller, with when it started and returned. */
final class WriteJournal {

    /** What a call told its caller. */
    enum Outcome {
        /** Returned: the row must be on the primary exactly once. */
        ACKED,
        /** Failed with {@code mayHaveReachedServer() == false}: the row must not be anywhere. */
        FAILED,
        /** {@link CommitOutcomeUnknownException}, or a failure that may have reached the server: zero or one row. */
        AMBIGUOUS
    }

    /** One call: its unique key, outcome, failure (or null), start and end on {@link System#nanoTime()}. */
    record Entry(String key, Outcome outcome, TuskException failure, long startedNanos, long endedNanos) {
    }

    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

    void acked(String key, long startedNanos) {
        entries.add(new Entry(key, Outcome.ACKED, null, startedNanos, System.nanoTime()));
    }

    void failed(String key, TuskException failure, long startedNanos) {
        Outcome outcome = failure instanceof CommitOutcomeUnknownException || failure.mayHaveReachedServer()
                ? Outcome.AMBIGUOUS : Outcome.FAILED;
        entries.add(new Entry(key, outcome, failure, startedNanos, System.nanoTime()));
    }

    List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    List<Entry> with(Outcome outcome) {
        return entries.stream().filter(entry -> entry.outcome() == outcome).toList();
    }

    /** The first acknowledgement at or after {@code sinceNanos}, in nanoseconds after it, or -1 when there was none. */
    long firstAckAfter(long sinceNanos) {
        return entries.stream().filter(entry -> entry.outcome() == Outcome.ACKED && entry.endedNanos() - sinceNanos >= 0)
                .mapToLong(entry -> entry.endedNanos() - sinceNanos).min().orElse(-1);
    }

    /** Failures by exception class and SQLSTATE, such as {@code CommitOutcomeUnknownException ×2}. */
    String failureSummary() {
        Map<String, Long> counts = entries.stream().filter(entry -> entry.failure() != null)
                .collect(Collectors.groupingBy(entry -> entry.failure().getClass().getSimpleName()
                        + (entry.failure().sqlState() == null ? "" : " " + entry.failure().sqlState()),
                        java.util.TreeMap::new, Collectors.counting()));
        return counts.isEmpty() ? "none" : counts.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
