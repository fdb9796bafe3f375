package dev.tusk.resilience;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One scenario's figures, as they go into the table of {@code docs/RELIABILITY.md}.
 *
 * @param kind               the fault injected
 * @param calls              transfer calls made
 * @param acked              calls that returned normally
 * @param failed             calls that threw anything but CommitOutcomeUnknownException: errors surfaced to callers
 * @param ambiguous          calls that threw CommitOutcomeUnknownException
 * @param ambiguousCommitted ambiguous calls whose transfer is in the database
 * @param hung               calls that ran longer than the caller bound, or never returned
 * @param appliedTwice       transfers logged more than once
 * @param failedButCommitted calls that threw a plain failure for a transfer that is in the database
 * @param ackedButMissing    calls that returned normally for a transfer that is not in the database
 * @param unbalancedAccounts accounts that disagree with the logged transfers
 * @param leasesAfterIdle    connections still lent out once every call had returned
 * @param sessionsAfterIdle  server sessions of the client once every call had returned
 * @param recoveryMillis     from the fault's end to the end of the first acknowledged call started after it; -1 for none
 * @param errors             failure classes surfaced to callers, with counts
 * @param faultNote          what the injection actually did, e.g. how many terminations landed in COMMIT
 */
record FaultFigures(FaultKind kind, int calls, int acked, int failed, int ambiguous, int ambiguousCommitted, int hung,
                    int appliedTwice, int failedButCommitted, int ackedButMissing, int unbalancedAccounts,
                    int leasesAfterIdle, int sessionsAfterIdle, long recoveryMillis, Map<String, Long> errors,
                    String faultNote) {

    static final String TABLE_HEADER = """
            | fault | calls | ACKED | FAILED | AMBIGUOUS (committed) | HUNG | applied twice | FAILED but committed \
            | ACKED but missing | unbalanced accounts | leases / sessions after idle | recovery ms | errors surfaced | what the fault did |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|""";

    /** This scenario as one Markdown table row. */
    String tableRow() {
        String errorSummary = errors.isEmpty() ? "none" : errors.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(entry -> entry.getKey() + " ×" + entry.getValue())
                .collect(Collectors.joining(", "));
        return "| " + kind.description() + " | " + calls + " | " + acked + " | " + failed + " | " + ambiguous + " ("
                + ambiguousCommitted + ") | " + hung + " | " + appliedTwice + " | " + failedButCommitted + " | "
                + ackedButMissing + " | " + unbalancedAccounts + " | " + leasesAfterIdle + " / " + sessionsAfterIdle
                + " | " + (recoveryMillis < 0 ? "never" : String.valueOf(recoveryMillis)) + " | " + errorSummary
                + " | " + faultNote + " |";
    }
}
