package dev.tusk.bench.writetx;

import dev.tusk.bench.pointselect.PointSelectOptions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a write-tx run is shaped: the same rounds, workers, data and database as point-select, plus whether the server it
 * starts writes durably.
 *
 * @param shape   rounds, their length, workers, pool size, threads, accounts, database and server version
 * @param durable whether the server the harness starts runs with {@code fsync=on}, {@code full_page_writes=on} and
 *                {@code synchronous_commit=on} instead of the test harness's {@code fsync=off}
 */
public record WriteTxOptions(PointSelectOptions shape, boolean durable) {

    /** Server settings of a {@code --durable} run: every COMMIT waits for its WAL to reach the disk. */
    public static final Map<String, String> DURABLE_SETTINGS = durableSettings();

    /** Checks that the shape is set and names no clients or reference of point-select's. */
    public WriteTxOptions {
        Objects.requireNonNull(shape, "shape");
        if (shape.pgbenchPath() != null) {
            throw new IllegalArgumentException("--pgbench is a point-select flag; write-tx has no pgbench reference");
        }
        if (!shape.clients().equals(PointSelectOptions.DEFAULT_CLIENTS)) {
            throw new IllegalArgumentException("--clients is a point-select flag; write-tx always runs "
                    + WriteTxClient.TUSK + ", " + WriteTxClient.RAW + " and " + WriteTxClient.RAW_XID);
        }
        if (durable && shape.databaseUrl() != null) {
            throw new IllegalArgumentException("--durable applies to a server the harness starts; with DATABASE_URL "
                    + "the server's own fsync and synchronous_commit are used (the run prints them)");
        }
    }

    /** The defaults: point-select's (5 rounds of 10 s after 10 s of warm-up, 8 workers, pool of 8, scale 10), fsync off. */
    public static WriteTxOptions defaults() {
        return new WriteTxOptions(PointSelectOptions.defaults(), false);
    }

    /** Parses {@code --durable} and point-select's flags over the defaults; {@code databaseUrl} comes from the environment. */
    public static WriteTxOptions parse(String[] args, String databaseUrl) {
        boolean durable = false;
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            switch (arg) {
                case "--durable", "--durable=true" -> durable = true;
                case "--durable=false" -> durable = false;
                default -> rest.add(arg);
            }
        }
        return new WriteTxOptions(PointSelectOptions.parse(rest.toArray(String[]::new), databaseUrl), durable);
    }

    /** A copy with {@code shape}. */
    public WriteTxOptions withShape(PointSelectOptions shape) {
        return new WriteTxOptions(shape, durable);
    }

    /** The settings the started server gets on top of the harness's: {@link #DURABLE_SETTINGS} or none. */
    public Map<String, String> serverSettings() {
        return durable ? DURABLE_SETTINGS : Map.of();
    }

    private static Map<String, String> durableSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fsync", "on");
        settings.put("full_page_writes", "on");
        settings.put("synchronous_commit", "on");
        return Collections.unmodifiableMap(settings);
    }
}
