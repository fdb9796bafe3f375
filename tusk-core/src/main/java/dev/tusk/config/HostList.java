package dev.tusk.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code host} setting, which is one host or libpq's comma-separated list of them, each optionally with its
 * own port: {@code db1,db2}, {@code db1:5432,db2:5433}, {@code [::1]:5432}. An entry without a port takes the
 * {@code port} setting. A bare IPv6 address ({@code ::1}) is a host without a port.
 */
final class HostList {

    /** What the setting accepts, for messages. */
    static final String EXPECTATION = "a host name or address, or a comma-separated list of them, each optionally "
            + "with :port (db1:5432,db2:5433)";

    private HostList() {
    }

    /** The servers {@code hosts} names, in order, with {@code defaultPort} where an entry gives none. */
    static List<ServerAddress> parse(String hosts, int defaultPort) {
        if (hosts == null || hosts.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        List<String> entries = entries(hosts);
        List<ServerAddress> servers = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            servers.add(entry(entries.get(i), i + 1, entries.size(), defaultPort));
        }
        return List.copyOf(servers);
    }

    /** The raw entries of {@code hosts}, stripped; empty ones are kept so they can be reported by position. */
    static List<String> entries(String hosts) {
        List<String> entries = new ArrayList<>();
        for (String entry : hosts.split(",", -1)) {
            entries.add(entry.strip());
        }
        return entries;
    }

    /** Whether the entry names its own port ({@code host:5432} or {@code [::1]:5432}). */
    static boolean hasPort(String entry) {
        if (entry.startsWith("[")) {
            return entry.contains("]:");
        }
        return entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':');
    }

    /** {@code entry} with {@code port} appended, in brackets if it is an IPv6 address. */
    static String withPort(String entry, int port) {
        String host = entry.contains(":") && !entry.startsWith("[") ? "[" + entry + "]" : entry;
        return host + ":" + port;
    }

    private static ServerAddress entry(String entry, int position, int count, int defaultPort) {
        String where = count == 1 ? "host" : "host entry " + position + " of " + count;
        if (entry.isEmpty()) {
            throw new IllegalArgumentException(where + " is empty");
        }
        String host;
        String port = null;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(where + " (" + entry + ") opens [ for an IPv6 address but never closes it");
            }
            host = entry.substring(1, close);
            String after = entry.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException(where + " (" + entry + ") has text after ]; expected [address]:port");
                }
                port = after.substring(1);
            }
        } else if (hasPort(entry)) {
            int colon = entry.indexOf(':');
            host = entry.substring(0, colon);
            port = entry.substring(colon + 1);
        } else {
            host = entry;
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException(where + " (" + entry + ") has a port but no host");
        }
        if (port == null) {
            return new ServerAddress(host, defaultPort);
        }
        int number;
        try {
            number = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + " (" + entry + ") has port " + port
                    + "; expected a number from 1 to 65535");
        }
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException(where + " (" + entry + ") has port " + number
                    + "; expected a number from 1 to 65535");
        }
        return new ServerAddress(host, number);
    }
}
