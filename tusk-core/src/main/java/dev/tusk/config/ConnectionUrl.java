package dev.tusk.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code postgresql://}, {@code postgres://} or {@code jdbc:postgresql://} URL into settings. Problems never
 * repeat the URL, which may hold a password; they name the URL by its label (such as {@code DATABASE_URL}).
 */
final class ConnectionUrl {

    private static final String SCHEME = "postgresql://";

    private ConnectionUrl() {
    }

    /**
     * The settings {@code url} gives, each with {@code source}; problems go to {@code problems}, prefixed with
     * {@code label}. Credentials in the user-info part win over {@code user} and {@code password} parameters.
     */
    static Layer read(String url, String label, SettingSource source, Problems problems) {
        Layer layer = new Layer();
        String normalized = normalize(url, label, problems);
        if (normalized == null) {
            return layer;
        }
        // java.net.URI takes one host only: a list (h1:5432,h2:5433) is read here and stands in as one name for the rest.
        String[] split = splitHostList(normalized);
        URI uri = parseUri(split[0], label, problems);
        if (uri == null) {
            return layer;
        }
        try {
            if (split[1] != null) {
                offerHostList(split[1], label, source, layer, problems);
            }
            readParts(uri, split[1] == null, label, source, layer, problems);
        } catch (IllegalArgumentException e) {
            // URLDecoder's message quotes the bad escape, which may be part of a password.
            problems.add(label + " has a malformed %-escape; the URL is not shown because it may hold a password");
        }
        return layer;
    }

    private static void readParts(URI uri, boolean singleHost, String label, SettingSource source, Layer layer,
                                  Problems problems) {
        if (singleHost) {
            String host = uri.getHost();
            offer(layer, Setting.HOST, host.startsWith("[") ? host.substring(1, host.length() - 1) : host, source,
                    label + " host", problems);
            if (uri.getPort() >= 0) {
                offer(layer, Setting.PORT, uri.getPort(), source, label + " port", problems);
            }
        }
        String path = uri.getRawPath();
        if (path != null && path.length() > 1) {
            offer(layer, Setting.DATABASE, decode(path.substring(1)), source, label + " database", problems);
        }
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            String user = decode(parts[0]);
            if (!user.isEmpty()) {
                offer(layer, Setting.USER, user, source, label + " user", problems);
            }
            // libpq treats an empty password as none, so postgresql://app:@host leaves the password to lower sources.
            if (parts.length > 1 && !parts[1].isEmpty()) {
                layer.offer(Setting.PASSWORD, decode(parts[1]), source);
            }
        }
        UrlParameters.read(queryParameters(uri), label, source, layer, problems);
    }

    /**
     * The host list of a {@code postgresql://} URL whose authority names several hosts, each entry %-decoded and kept
     * with its own port, offered as one {@code host} value: {@code h1:5432,h2:5433}.
     */
    private static void offerHostList(String rawHosts, String label, SettingSource source, Layer layer,
                                      Problems problems) {
        java.util.List<String> entries = new java.util.ArrayList<>();
        for (String entry : HostList.entries(rawHosts)) {
            entries.add(decode(entry));
        }
        String hosts = String.join(",", entries);
        try {
            Setting.HOST.check(hosts);
        } catch (IllegalArgumentException e) {
            problems.add(Setting.HOST, label + " host list " + hosts + ": " + e.getMessage() + "; expected "
                    + HostList.EXPECTATION);
            return;
        }
        layer.offer(Setting.HOST, hosts, source);
    }

    /**
     * Splits a normalized URL whose authority lists several hosts into the same URL with one stand-in host (for
     * {@link URI} to read the rest) and the raw host list; a URL with one host comes back unchanged with no list.
     */
    private static String[] splitHostList(String normalized) {
        String rest = normalized.substring(SCHEME.length());
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(0, end);
        int userInfoEnd = authority.lastIndexOf('@');
        String hosts = authority.substring(userInfoEnd + 1);
        if (!hosts.contains(",")) {
            return new String[] {normalized, null};
        }
        return new String[] {SCHEME + authority.substring(0, userInfoEnd + 1) + "host-list" + rest.substring(end), hosts};
    }

    private static String normalize(String url, String label, Problems problems) {
        if (url == null || url.isBlank()) {
            problems.add(label + " must not be empty");
            return null;
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
            String scheme = colon > 0 && colon < 20 ? trimmed.substring(0, colon) : "(none)";
            problems.add(label + " must start with postgresql://, postgres:// or jdbc:postgresql://, but its scheme was "
                    + scheme);
            return null;
        }
        return normalized;
    }

    private static URI parseUri(String normalized, String label, Problems problems) {
        URI uri;
        try {
            uri = new URI(normalized);
        } catch (URISyntaxException e) {
            problems.add(label + " is malformed at character " + e.getIndex() + " (" + e.getReason()
                    + "); the URL is not shown because it may hold a password");
            return null;
        }
        if (uri.getHost() == null) {
            problems.add(label + " has no host; expected postgresql://user:password@host:port/database, or "
                    + "host1:port1,host2:port2 for several");
            return null;
        }
        return uri;
    }

    private static Map<String, String> queryParameters(URI uri) {
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
        return parameters;
    }

    private static void offer(Layer layer, Setting setting, Object value, SettingSource source, String what,
                              Problems problems) {
        try {
            setting.check(value);
            layer.offer(setting, value, source);
        } catch (IllegalArgumentException e) {
            problems.add(setting, what + " " + value + ": expected " + setting.expectation(ChronoUnit.SECONDS));
        }
    }

    private static String decode(String value) {
        // URLDecoder is for HTML forms, where '+' means a space; in a libpq URL it is a plus, as in a password "p+ss".
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
