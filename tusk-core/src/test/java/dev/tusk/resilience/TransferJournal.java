package dev.tusk.resilience;

import dev.tusk.CommitOutcomeUnknownException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/** What the callers were told: one entry per transfer call, with its outcome, its failure and its timing. */
final class TransferJournal {

    /** What a call returned to its caller. */
    enum Outcome {
        /** Returned normally: the transfer must be in the database exactly once. */
        ACKED,
        /** Threw anything but {@link CommitOutcomeUnknownException}: the transfer must not be in the database. */
        FAILED,
        /** Threw {@link CommitOutcomeUnknownException}: the transfer may be in the database once, or not at all. */
        AMBIGUOUS
    }

    /** One transfer call; the outcome stays null while the call has not returned. */
    static final class Call {
        private final UUID transferId;
        private final int fromId;
        private final int toId;
        private final long amount;
        private final long startedNanos;
        private volatile long endedNanos;
        private volatile Outcome outcome;
        private volatile Throwable failure;

        private Call(UUID transferId, int fromId, int toId, long amount, long startedNanos) {
            this.transferId = transferId;
            this.fromId = fromId;
            this.toId = toId;
            this.amount = amount;
            this.startedNanos = startedNanos;
        }

        UUID transferId() {
            return transferId;
        }

        int fromId() {
            return fromId;
        }

        int toId() {
            return toId;
        }

        long amount() {
            return amount;
        }

        long startedNanos() {
            return startedNanos;
        }

        long endedNanos() {
            return endedNanos;
        }

        /** The outcome, or null while the call is still running. */
        Outcome outcome() {
            return outcome;
        }

        Throwable failure() {
            return failure;
        }

        boolean returned() {
            return outcome != null;
        }

        /** How long the call took, or has taken so far when it is still running at {@code nowNanos}. */
        Duration latency(long nowNanos) {
            return Duration.ofNanos((returned() ? endedNanos : nowNanos) - startedNanos);
        }

        /** Whether the call ran, or is still running, longer than {@code bound}: the caller was left hanging. */
        boolean hung(Duration bound, long nowNanos) {
            return latency(nowNanos).compareTo(bound) > 0;
        }

        /** The failure's class and message on one line, for reports. */
        String failureSummary() {
            Throwable shown = failure;
            return shown == null ? "" : shown.getClass().getSimpleName() + ": " + shown.getMessage();
        }

        void acked() {
            finish(Outcome.ACKED, null);
        }

        void failed(Throwable cause) {
            finish(cause instanceof CommitOutcomeUnknownException ? Outcome.AMBIGUOUS : Outcome.FAILED, cause);
        }

        private void finish(Outcome result, Throwable cause) {
            endedNanos = System.nanoTime();
            failure = cause;
            outcome = result;
        }
    }

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

    /** Records that a call for this transfer starts now. */
    Call begin(UUID transferId, int fromId, int toId, long amount) {
        Call call = new Call(transferId, fromId, toId, amount, System.nanoTime());
        calls.add(call);
        return call;
    }

    /** Every call so far, in the order they started per worker. */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls that returned {@code outcome}. */
    List<Call> withOutcome(Outcome outcome) {
        return calls.stream().filter(call -> call.outcome() == outcome).toList();
    }

    /** The first acknowledged call that started at or after {@code sinceNanos}. */
    Optional<Call> firstAckedStartedAfter(long sinceNanos) {
        return calls.stream()
                .filter(call -> call.outcome() == Outcome.ACKED && call.startedNanos() - sinceNanos >= 0)
                .min((a, b) -> Long.compare(a.endedNanos(), b.endedNanos()));
    }
}
