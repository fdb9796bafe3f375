package dev.tusk.testing.pgbouncer;

import dev.tusk.testing.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the {@code pgbouncer.ini} and auth file of one PgBouncer into its instance folder. */
final class PgBouncerFiles {

    static final String CONFIG_FILE = "pgbouncer.ini";
    static final String AUTH_FILE = "userlist.txt";

    private PgBouncerFiles() {
    }

    /** Writes both files for a PgBouncer on {@code port} in front of {@code server}; returns the ini file. */
    static Path write(Path instance, PostgresServer server, int port, Map<String, String> settings) {
        Path config = instance.resolve(CONFIG_FILE);
        Path auth = instance.resolve(AUTH_FILE);
        try {
            writeAuthFile(auth, server);
            Map<String, String> effective = new LinkedHashMap<>();
            effective.put("listen_addr", "127.0.0.1");
            effective.put("listen_port", String.valueOf(port));
            // No Unix socket: tests connect over TCP, and a socket file in /tmp would outlive a killed JVM.
            effective.put("unix_socket_dir", "");
            // trust still requires the user to be listed in auth_file; the server behind trusts loopback logins too.
            effective.put("auth_type", "trust");
            effective.put("auth_file", auth.toString());
            effective.put("admin_users", server.superuser());
            // PgJDBC sends extra_float_digits at startup, which PgBouncer cannot track and would otherwise refuse.
            effective.put("ignore_startup_parameters", "extra_float_digits,options");
            effective.putAll(settings);
            StringBuilder ini = new StringBuilder("; Written by the Tusk test harness.\n[databases]\n")
                    .append("* = host=").append(server.host()).append(" port=").append(server.port()).append("\n\n[pgbouncer]\n");
            effective.forEach((name, value) -> ini.append(name).append(" = ").append(value).append('\n'));
            Files.writeString(config, ini, StandardCharsets.UTF_8);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the PgBouncer configuration into " + instance, e);
        }
    }

    private static void writeAuthFile(Path auth, PostgresServer server) throws IOException {
        // PgBouncer logs in to the server with the password listed here, so the file holds a secret: owner-only.
        Files.deleteIfExists(auth);
        Files.createFile(auth, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String password = server.superuserPassword() == null ? "" : server.superuserPassword();
        Files.writeString(auth, quote(server.superuser()) + " " + quote(password) + "\n", StandardCharsets.UTF_8);
    }

    private static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
