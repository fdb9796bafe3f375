package dev.tusk.config;

import java.util.Objects;

/**
 * One read replica: the server {@code client.readOnly()} work may go to, and the credentials and database to use there
 * when they differ from the client's own. Never prints its password.
 *
 * @param host     the replica's host name or address
 * @param port     the replica's TCP port
 * @param database the database on the replica, or null for the client's {@code database}
 * @param user     the role to log in as, or null for the client's {@code user}
 * @param password the password, or null for the client's {@code password}; never printed
 */
public record ReadReplica(String host, int port, String database, String user, String password) {

    /** Checks the address; a blank host or a port outside 1 to 65535 is refused. */
    public ReadReplica {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a read replica needs a host, but it was " + (host == null ? "null" : "blank"));
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a read replica's port must be from 1 to 65535, but was " + port);
        }
    }

    /** A replica at {@code host:port} that uses the client's database, user and password. */
    public static ReadReplica at(String host, int port) {
        return new ReadReplica(host, port, null, null, null);
    }

    /** The replica's address, {@code host:port}, as messages and reports name it. */
    public ServerAddress address() {
        return new ServerAddress(host, port);
    }

    /** This replica with the client's database, user and password filled in where it names none. */
    ReadReplica withDefaults(String defaultDatabase, String defaultUser, String defaultPassword) {
        return new ReadReplica(host, port, Objects.requireNonNullElse(database, defaultDatabase),
                Objects.requireNonNullElse(user, defaultUser), password != null ? password : defaultPassword);
    }

    @Override
    public String toString() {
        return (user == null ? "" : user + "@") + address() + (database == null ? "" : "/" + database)
                + (password == null ? "" : " (password ***)");
    }
}
