package dev.tusk.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads read-replica URLs, one server each: {@code postgresql://[user[:password]@]host[:port][/database]}. A URL
 * gives the replica's address and, optionally, its own database, user and password; every other setting is the
 * client's. Problems name the source and the entry's position, never the URL, which may hold a password.
 */
final class ReplicaUrls {

    /** The variable that lists the replicas' URLs. */
    static final String VARIABLE = "POSTGRES_READ_URLS";
    /** What an entry must look like, for messages. */
    static final String EXPECTATION = "comma-separated postgresql://[user[:password]@]host[:port][/database] URLs, "
            + "one server each";

    // A comma starts a new entry only where a URL scheme follows (any scheme, so a wrong one is named as such), so a
    // comma elsewhere (a host list) is left to the URL's own checks.
    private static final Pattern SEPARATOR = Pattern.compile(",\\s*(?=[A-Za-z][A-Za-z0-9+.-]*:(//|[A-Za-z]+://))");

    private ReplicaUrls() {
    }

    /** The entries of a comma-separated list, as {@code POSTGRES_READ_URLS} holds them. */
    static List<String> split(String text) {
        return List.of(SEPARATOR.split(text.strip(), -1));
    }

    /** The replicas {@code urls} name; problems go to {@code problems}, labelled {@code label entry 2 of 3}. */
    static List<ReadReplica> read(List<String> urls, String label, Problems problems) {
        List<ReadReplica> replicas = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String entry = label + " entry " + (i + 1) + " of " + urls.size();
            ReadReplica replica = readOne(urls.get(i), entry, problems);
            if (replica != null) {
                replicas.add(replica);
            }
        }
        return List.copyOf(replicas);
    }

    /** Reads {@code urls} for the builder, throwing a {@link ConfigException} listing every bad entry. */
    static List<ReadReplica> readOrThrow(List<String> urls, String label) {
        if (urls == null) {
            throw new IllegalArgumentException(label + " must be a list of URLs (empty for none), but was null");
        }
        Problems problems = new Problems();
        List<ReadReplica> replicas = read(urls, label, problems);
        problems.throwIfAny();
        return replicas;
    }

    private static ReadReplica readOne(String url, String entry, Problems problems) {
        int before = problems.size();
        Layer layer = ConnectionUrl.read(url, entry, SettingSource.environment(entry), problems);
        if (problems.size() > before) {
            return null;
        }
        for (Setting setting : layer.candidates().keySet()) {
            if (setting != Setting.HOST && setting != Setting.PORT && setting != Setting.DATABASE
                    && setting != Setting.USER && setting != Setting.PASSWORD) {
                problems.add(Setting.READ_REPLICAS, entry + " sets " + setting.key() + ", but a replica URL gives only "
                        + "host, port, database, user and password; every other setting is the client's own");
                return null;
            }
        }
        String host = (String) value(layer, Setting.HOST);
        if (host.contains(",")) {
            problems.add(Setting.READ_REPLICAS, entry + " lists several hosts; give each replica a URL of its own");
            return null;
        }
        Integer port = (Integer) value(layer, Setting.PORT);
        return new ReadReplica(host, port == null ? TuskConfig.DEFAULT_PORT : port, (String) value(layer, Setting.DATABASE),
                (String) value(layer, Setting.USER), (String) value(layer, Setting.PASSWORD));
    }

    private static Object value(Layer layer, Setting setting) {
        Layer.Candidate candidate = layer.candidates().get(setting);
        return candidate == null ? null : candidate.value();
    }
}
