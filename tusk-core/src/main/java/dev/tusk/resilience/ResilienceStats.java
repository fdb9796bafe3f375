package dev.tusk.resilience;

/**
 * What a client's resilience layer has done since it opened.
 *
 * @param statementRetries      one-liners tried again after a failure that was safe to retry
 * @param transactionReruns     transactions whose callback ran again after a failure that rolled them back
 * @param commitsResolved       COMMITs whose lost acknowledgement was resolved by asking the server
 * @param commitOutcomesUnknown COMMITs whose outcome the server could not be asked about in time
 */
public record ResilienceStats(long statementRetries, long transactionReruns, long commitsResolved,
                              long commitOutcomesUnknown) {
}
