package dev.tusk.metrics.internal;

/**
 * A statement as statistics and logs show it.
 *
 * @param fingerprint 16 hex digits of a hash of {@code sql}
 * @param sql         the normalised text, with no literal or parameter value in it
 * @param operation   the statement's verb, or OTHER
 */
public record NormalizedSql(String fingerprint, String sql, String operation) {
}
