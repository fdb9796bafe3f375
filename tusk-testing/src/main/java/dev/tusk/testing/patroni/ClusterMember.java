package dev.tusk.testing.patroni;

/**
 * One entry of Patroni's {@code /cluster} answer: the member's name, its role ({@code leader}, {@code replica},
 * {@code sync_standby}), its state ({@code running}, {@code starting}, {@code creating replica}, ...), where its
 * PostgreSQL listens, and its timeline (0 when Patroni does not report one).
 */
public record ClusterMember(String name, String role, String state, String host, int port, long timeline) {
}
