package dev.tusk.testing.patroni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes the {@code patroni.yml} of one member into its folder. */
final class PatroniFiles {

    static final String SCOPE = "tusk";
    static final String REPLICATION_USER = "replicator";

    private PatroniFiles() {
    }

    /** Writes the configuration of {@code member} and returns its path. */
    static Path write(PatroniMember member, PatroniCluster.Settings settings, String etcdAddress) {
        StringBuilder yaml = new StringBuilder("# Written by the Tusk test harness.\n")
                .append("scope: ").append(SCOPE).append('\n')
                .append("name: ").append(member.name()).append('\n')
                .append("log:\n  level: INFO\n")
                .append("restapi:\n")
                .append("  listen: 127.0.0.1:").append(member.restPort()).append('\n')
                .append("  connect_address: 127.0.0.1:").append(member.restPort()).append('\n')
                .append("etcd3:\n  hosts: ").append(etcdAddress).append('\n')
                // No watchdog device exists here, and with a TTL this short Patroni would refuse one anyway.
                .append("watchdog:\n  mode: 'off'\n")
                .append("bootstrap:\n  dcs:\n")
                .append("    ttl: ").append(settings.ttlSeconds()).append('\n')
                .append("    loop_wait: ").append(settings.loopWaitSeconds()).append('\n')
                .append("    retry_timeout: ").append(settings.retryTimeoutSeconds()).append('\n')
                .append("    synchronous_mode: ").append(settings.synchronousMode()).append('\n')
                .append("    postgresql:\n")
                // A crashed leader usually wrote WAL its successor never got; pg_rewind lets it rejoin without a
                // full copy, and a fresh copy is the fallback when even that fails.
                .append("      use_pg_rewind: true\n")
                .append("      remove_data_directory_on_rewind_failure: true\n")
                .append("      remove_data_directory_on_diverged_timelines: true\n")
                .append("      use_slots: true\n")
                .append("      parameters:\n");
        parameters(settings).forEach((name, value) ->
                yaml.append("        ").append(name).append(": ").append(quote(value)).append('\n'));
        yaml.append("  initdb:\n  - encoding: UTF8\n  - locale: C\n  - auth: trust\n")
                .append("  pg_hba:\n").append(hba("  "))
                .append("postgresql:\n")
                .append("  listen: 127.0.0.1:").append(member.port()).append('\n')
                .append("  connect_address: 127.0.0.1:").append(member.port()).append('\n')
                .append("  data_dir: ").append(quote(member.dataDirectory().toString())).append('\n')
                .append("  bin_dir: ").append(quote(settings.binDirectory().toString())).append('\n')
                .append("  pgpass: ").append(quote(member.directory().resolve("pgpass").toString())).append('\n')
                .append("  authentication:\n")
                .append("    superuser:\n      username: ").append(PatroniMember.SUPERUSER).append('\n')
                .append("    replication:\n      username: ").append(REPLICATION_USER).append('\n')
                .append("    rewind:\n      username: ").append(PatroniMember.SUPERUSER).append('\n')
                .append("  parameters:\n")
                // No Unix socket: tests connect over TCP, and a socket file would outlive a killed JVM.
                .append("    unix_socket_directories: ''\n")
                .append("  pg_hba:\n").append(hba("  "));
        Path file = member.directory().resolve("patroni.yml");
        try {
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the Patroni configuration " + file, e);
        }
        return file;
    }

    private static Map<String, String> parameters(PatroniCluster.Settings settings) {
        Map<String, String> effective = new java.util.LinkedHashMap<>();
        // Throwaway data: no fsync. full_page_writes stays on because pg_rewind refuses a source without it.
        effective.put("fsync", "off");
        effective.put("wal_log_hints", "on");
        effective.put("max_connections", "200");
        effective.put("log_min_messages", "warning");
        effective.putAll(settings.parameters());
        return effective;
    }

    private static String hba(String indent) {
        // Loopback only and trusted, like every harness server: the cluster exists for one test JVM.
        return indent + "- host all all 127.0.0.1/32 trust\n"
                + indent + "- host replication all 127.0.0.1/32 trust\n";
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
