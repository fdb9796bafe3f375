package dev.tusk.security;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Properties;

/**
 * Run by {@link MinimumTlsVersionTest} in a JVM whose security properties allow TLS 1.1 again, to show that the JVM
 * and the server would agree on TLS 1.1 through PgJDBC's own factory, and that Tusk still refuses. Prints one line:
 * {@code CONNECTED <protocol>} or {@code REFUSED <message>}.
 */
public final class OldTlsProbe {

    private OldTlsProbe() {
    }

    /** Arguments: {@code pgjdbc} or {@code tusk}, then the server's port. */
    public static void main(String[] args) {
        int port = Integer.parseInt(args[1]);
        String sql = "SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()";
        try {
            if (args[0].equals("pgjdbc")) {
                Properties properties = new Properties();
                properties.setProperty("user", "postgres");
                properties.setProperty("sslmode", "require");
                try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                        properties); ResultSet rows = connection.createStatement().executeQuery(sql)) {
                    rows.next();
                    System.out.println("CONNECTED " + rows.getString(1));
                }
            } else {
                TuskConfig config = TuskConfig.builder().host("127.0.0.1").port(port).database("postgres").user("postgres")
                        .sslMode(SslMode.REQUIRE).poolMinSize(1).poolMaxSize(1).build();
                try (TuskClient client = Tusk.connect(config)) {
                    System.out.println("CONNECTED " + client.queryValue(sql, String.class));
                }
            }
        } catch (Exception e) {
            System.out.println("REFUSED " + e.getMessage().replace('\n', ' '));
        }
    }
}
