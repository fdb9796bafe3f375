package dev.tusk.config;

/**
 * Hands out the credentials for each new physical connection, so a password or token can change while the client runs
 * (a rotated secret, an AWS RDS IAM token): the pool calls it every time it opens a connection, on the thread that
 * opens it, and never caches what it returns. Connections already open keep the login they were opened with.
 *
 * <p>A provider that throws or returns null fails that one connection attempt with a {@code ConnectionException}
 * that names the provider's failure (its exception class, never its message, which might quote a secret); the pool
 * tries again on its own schedule, as after any failure to connect, and callers waiting for a connection get the
 * failure at once instead of at the end of their acquire timeout. A provider should therefore be quick, or cache its
 * token until shortly before it expires.
 */
@FunctionalInterface
public interface CredentialsProvider {

    /** The credentials for the connection about to be opened; never null. */
    Credentials credentials() throws Exception;
}
