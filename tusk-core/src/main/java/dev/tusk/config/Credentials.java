package dev.tusk.config;

import java.util.Objects;

/**
 * What one new connection logs in with, as a {@link CredentialsProvider} hands it out: a role and its password or
 * token (a cloud IAM token is sent as the password). {@link #toString()} never shows the password.
 *
 * @param user     the role to log in as, or null for the config's {@code user}
 * @param password the password or token, or null to send none (a client certificate or {@code trust} login)
 */
public record Credentials(String user, String password) {

    /** Refuses a blank user: null means "the config's user", an empty name would be sent to the server as is. */
    public Credentials {
        if (user != null && user.isBlank()) {
            throw new IllegalArgumentException("user must be null (the config's user) or a role name, but was blank");
        }
    }

    /** Credentials for {@code user} with {@code password}. */
    public static Credentials of(String user, String password) {
        return new Credentials(Objects.requireNonNull(user, "user must not be null; use password(...) for the "
                + "config's user"), password);
    }

    /** The config's user with {@code password}, for a password or token that rotates while the role stays. */
    public static Credentials password(String password) {
        return new Credentials(null, password);
    }

    @Override
    public String toString() {
        return "Credentials[user=" + (user == null ? "(the config's)" : user) + ", password="
                + (password == null ? "none" : "***") + "]";
    }
}
