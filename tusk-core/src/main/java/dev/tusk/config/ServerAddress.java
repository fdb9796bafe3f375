package dev.tusk.config;

/**
 * One server a client may connect to: a host name or address and a TCP port. A config lists one or more of them
 * ({@link TuskConfig#servers()}), tried in order as libpq does.
 *
 * @param host the host name or address, an IPv6 address without brackets
 * @param port the TCP port, 1 to 65535
 */
public record ServerAddress(String host, int port) {

    /** Checks the host is not blank and the port is in range. */
    public ServerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535, but was " + port + " for host " + host);
        }
    }

    /** The address as written in a URL: {@code host:port}, an IPv6 address in brackets ({@code [::1]:5432}). */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
