package dev.tusk.bench.bulk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a bulk-load run is shaped.
 *
 * @param rows            rows per COPY-in load and in the COPY-out table
 * @param rounds          measured COPY-in rounds (each runs every method once)
 * @param methods         the COPY-in methods, in the first round's order
 * @param warmUp          whether each COPY-in method loads once unmeasured first
 * @param parts           the parts of the benchmark to run
 * @param insertSizes     bulkInsert sizes in rows
 * @param insertReps      measured repetitions per bulkInsert size, per method
 * @param copyOutRounds   measured COPY-out rounds per method
 * @param heapRows        rows loaded by the heap check's child JVM
 * @param databaseUrl     a {@code postgresql://} URL, or null to start a server
 * @param postgresVersion the version of a started server
 * @param psql            the psql executable for the {@code \copy} method
 */
public record BulkOptions(long rows, int rounds, List<LoadMethod> methods, boolean warmUp, Set<Part> parts,
                          int[] insertSizes, int[] insertReps, int copyOutRounds, long heapRows, String databaseUrl,
                          int postgresVersion, String psql) {

    /** A part of the benchmark, as named by {@code --parts}. */
    public enum Part {
        /** The COPY-in comparison. */
        COPY_IN,
        /** Tusk's bulkInsert against a JDBC batch. */
        BULK_INSERT,
        /** COPY out to typed rows against a JDBC SELECT. */
        COPY_OUT,
        /** The heap-flat check in a child JVM. */
        HEAP
    }

    /** Copies the arrays and lists and checks the values. */
    public BulkOptions {
        methods = List.copyOf(methods);
        parts = parts.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(parts);
        insertSizes = insertSizes.clone();
        insertReps = insertReps.clone();
        if (rows < 1 || rounds < 1 || copyOutRounds < 1 || heapRows < 1 || methods.isEmpty()
                || insertSizes.length != insertReps.length) {
            throw new IllegalArgumentException("rows, rounds, copy-out rounds and heap rows must be positive, and at "
                    + "least one method given: " + this);
        }
    }

    /** The full run: 1M rows, 7 rounds, all methods and parts, a 10M-row heap check, against a started PostgreSQL 17. */
    public static BulkOptions defaults() {
        return new BulkOptions(1_000_000, 7,
                List.of(LoadMethod.TUSK, LoadMethod.PGBULKINSERT, LoadMethod.COPYMANAGER_CSV, LoadMethod.PSQL_BINARY), true, EnumSet.allOf(Part.class),
                new int[] {100, 1_000, 100_000}, new int[] {200, 50, 7}, 5, 10_000_000, null, 17, "/usr/bin/psql");
    }

    /** Parses {@code --flag value} or {@code --flag=value} over the defaults; the database comes from {@code databaseUrl}. */
    public static BulkOptions parse(String[] args, String databaseUrl) {
        BulkOptions o = defaults().withDatabaseUrl(databaseUrl);
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value;
            int equals = name.indexOf('=');
            if (equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            boolean list = name.equals("--methods") || name.equals("--parts") || name.equals("--insert-sizes");
            // Numbers may be written 1,000,000 or 1_000_000; lists keep their commas.
            String v = list ? value.strip() : value.strip().replace("_", "").replace(",", "");
            o = switch (name) {
                case "--rows" -> new BulkOptions(Long.parseLong(v), o.rounds, o.methods, o.warmUp, o.parts, o.insertSizes,
                        o.insertReps, o.copyOutRounds, o.heapRows, o.databaseUrl, o.postgresVersion, o.psql);
                case "--rounds" -> new BulkOptions(o.rows, Integer.parseInt(v), o.methods, o.warmUp, o.parts, o.insertSizes,
                        o.insertReps, o.copyOutRounds, o.heapRows, o.databaseUrl, o.postgresVersion, o.psql);
                case "--methods" -> new BulkOptions(o.rows, o.rounds, Arrays.stream(v.split(",")).map(LoadMethod::of).toList(),
                        o.warmUp, o.parts, o.insertSizes, o.insertReps, o.copyOutRounds, o.heapRows, o.databaseUrl,
                        o.postgresVersion, o.psql);
                case "--warmup" -> new BulkOptions(o.rows, o.rounds, o.methods, Boolean.parseBoolean(v), o.parts,
                        o.insertSizes, o.insertReps, o.copyOutRounds, o.heapRows, o.databaseUrl, o.postgresVersion, o.psql);
                case "--parts" -> new BulkOptions(o.rows, o.rounds, o.methods, o.warmUp, parseParts(v), o.insertSizes,
                        o.insertReps, o.copyOutRounds, o.heapRows, o.databaseUrl, o.postgresVersion, o.psql);
                case "--insert-sizes" -> withInsertSizes(o, v);
                case "--copy-out-rounds" -> new BulkOptions(o.rows, o.rounds, o.methods, o.warmUp, o.parts, o.insertSizes,
                        o.insertReps, Integer.parseInt(v), o.heapRows, o.databaseUrl, o.postgresVersion, o.psql);
                case "--heap-rows" -> new BulkOptions(o.rows, o.rounds, o.methods, o.warmUp, o.parts, o.insertSizes,
                        o.insertReps, o.copyOutRounds, Long.parseLong(v), o.databaseUrl, o.postgresVersion, o.psql);
                case "--postgres-version" -> new BulkOptions(o.rows, o.rounds, o.methods, o.warmUp, o.parts, o.insertSizes,
                        o.insertReps, o.copyOutRounds, o.heapRows, o.databaseUrl, Integer.parseInt(v), o.psql);
                case "--psql" -> new BulkOptions(o.rows, o.rounds, o.methods, o.warmUp, o.parts, o.insertSizes,
                        o.insertReps, o.copyOutRounds, o.heapRows, o.databaseUrl, o.postgresVersion, value.strip());
                default -> throw new IllegalArgumentException("unknown flag " + name + "; known: --rows, --rounds, --methods, "
                        + "--warmup, --parts, --insert-sizes, --copy-out-rounds, --heap-rows, --postgres-version, --psql");
            };
        }
        return o;
    }

    /** A copy against {@code url}, or a started server when it is null or blank. */
    public BulkOptions withDatabaseUrl(String url) {
        return new BulkOptions(rows, rounds, methods, warmUp, parts, insertSizes, insertReps, copyOutRounds, heapRows,
                url == null || url.isBlank() ? null : url.strip(), postgresVersion, psql);
    }

    /** Parses {@code 100x200,1000x50}: rows times repetitions. */
    private static BulkOptions withInsertSizes(BulkOptions o, String value) {
        List<int[]> pairs = new ArrayList<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.split("x");
            pairs.add(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
        }
        return new BulkOptions(o.rows, o.rounds, o.methods, o.warmUp, o.parts,
                pairs.stream().mapToInt(p -> p[0]).toArray(), pairs.stream().mapToInt(p -> p[1]).toArray(),
                o.copyOutRounds, o.heapRows, o.databaseUrl, o.postgresVersion, o.psql);
    }

    private static Set<Part> parseParts(String value) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (String part : value.split(",")) {
            parts.add(Part.valueOf(part.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        return parts;
    }

    /** The options without the database URL, which may hold a password. */
    @Override
    public String toString() {
        // The URL may carry a password, so only whether one was given is shown.
        return "BulkOptions[rows=" + rows + ", rounds=" + rounds + ", methods=" + methods + ", parts=" + parts
                + ", insertSizes=" + Arrays.toString(insertSizes) + "x" + Arrays.toString(insertReps) + ", copyOutRounds="
                + copyOutRounds + ", heapRows=" + heapRows + ", database="
                + (databaseUrl == null ? "managed PostgreSQL " + postgresVersion : "DATABASE_URL") + "]";
    }
}
