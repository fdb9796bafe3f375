package dev.tusk.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A server the harness did not start, named by {@code TUSK_TEST_DATABASE_URL}; tests may create databases on it, but
 * not stop, crash or restart it.
 */
public final class ExternalPostgres implements PostgresServer {

    /** The environment variable that points plain tests at an existing server. */
    public static final String ENVIRONMENT_VARIABLE = "TUSK_TEST_DATABASE_URL";

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String database;

    private ExternalPostgres(String host, int port, String user, String password, String database) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /** Parses a {@code postgresql://user:password@host:port/database} or {@code jdbc:postgresql://} URL. */
    public static ExternalPostgres fromUrl(String url) {
        String withoutJdbc = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        URI uri;
        try {
            uri = URI.create(withoutJdbc.replaceFirst("^postgres://", "postgresql://"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " is not a valid postgresql:// URL", e);
        }
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE
                    + " must look like postgresql://user:password@host:port/database, but its scheme or host is missing");
        }
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
                }
            }
        }
        String user = query.getOrDefault("user", "postgres");
        String password = query.get("password");
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : password;
        }
        String path = uri.getPath() == null || uri.getPath().length() <= 1 ? ADMIN_DATABASE : uri.getPath().substring(1);
        return new ExternalPostgres(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, user, password, path);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String superuser() {
        return user;
    }

    @Override
    public String superuserPassword() {
        return password;
    }

    @Override
    public String defaultDatabase() {
        return database;
    }

    @Override
    public void stop() {
        throw notManaged("stop");
    }

    @Override
    public void crash() {
        throw notManaged("crash");
    }

    @Override
    public void start() {
        throw notManaged("start");
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    public void close() {
        // The server belongs to whoever set TUSK_TEST_DATABASE_URL; it stays up.
    }

    @Override
    public String toString() {
        return "ExternalPostgres[" + host + ":" + port + "/" + database + " as " + user + "]";
    }

    private UnsupportedOperationException notManaged(String operation) {
        return new UnsupportedOperationException("cannot " + operation + " the server at " + host + ":" + port
                + ": it comes from " + ENVIRONMENT_VARIABLE + " and the harness does not manage it; "
                + "annotate the test class with @WithPostgres(managed = true)");
    }
}
