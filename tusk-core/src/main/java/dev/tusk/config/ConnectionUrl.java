package dev.tusk.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parts of a {@code postgresql://} connection URL; parsing errors never repeat the URL, which may hold a password. */
final class ConnectionUrl {

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;

    private ConnectionUrl(String host, int port, String database, String user, String password, Map<String, String> parameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.parameters = parameters;
    }

    static ConnectionUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("connection URL must not be empty");
        }
        String trimmed = url.strip();
        String normalized;
        if (trimmed.startsWith("jdbc:postgresql://")) {
            normalized = "postgresql://" + trimmed.substring("jdbc:postgresql://".length());
        } else if (trimmed.startsWith("postgres://")) {
            normalized = "postgresql://" + trimmed.substring("postgres://".length());
        } else if (trimmed.startsWith("postgresql://")) {
            normalized = trimmed;
        } else {
            int colon = trimmed.indexOf(':');
            String scheme = colon > 0 ? trimmed.substring(0, colon) : "(none)";
            throw new IllegalArgumentException("connection URL must start with postgresql://, postgres:// or "
                    + "jdbc:postgresql://, but its scheme was " + scheme);
        }
        URI uri;
        try {
            uri = new URI(normalized);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("connection URL is malformed at character " + e.getIndex()
                    + " (" + e.getReason() + "); the URL is not shown because it may hold a password", null);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("connection URL has no host; expected postgresql://user:password@host:port/database");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters.put(name, value);
            }
        }
        String user = parameters.get("user");
        String password = parameters.get("password");
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            if (parts.length > 1) {
                password = decode(parts[1]);
            }
        }
        String path = uri.getRawPath();
        String database = path == null || path.length() <= 1 ? null : decode(path.substring(1));
        return new ConnectionUrl(uri.getHost(), uri.getPort(), database, user, password, parameters);
    }

    void applyTo(TuskConfigBuilder builder) {
        builder.host(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        if (port > 0) {
            builder.port(port);
        }
        if (database != null) {
            builder.database(database);
        }
        if (user != null && !user.isEmpty()) {
            builder.user(user);
        }
        if (password != null) {
            builder.password(password);
        }
        String applicationName = parameters.get("application_name");
        if (applicationName == null) {
            applicationName = parameters.get("ApplicationName");
        }
        if (applicationName != null) {
            builder.applicationName(applicationName);
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
