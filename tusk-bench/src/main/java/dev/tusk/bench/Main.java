package dev.tusk.bench;

import dev.tusk.bench.bulk.BulkLoadBenchmark;
import dev.tusk.bench.failover.LeaderDiscoveryBenchmark;
import dev.tusk.bench.pointselect.PointSelectBenchmark;
import dev.tusk.bench.writetx.WriteTxBenchmark;

import java.util.Arrays;

/**
 * The benchmark jar's entry point: {@code point-select}, {@code write-tx} and {@code bulk-load} run the macro harnesses,
 * {@code jmh [args]} runs JMH.
 */
public final class Main {

    private static final String USAGE = """
            usage: java -jar tusk-bench.jar COMMAND [ARGS]

              point-select [flags]   Tusk vs raw HikariCP + PgJDBC, interleaved rounds; against DATABASE_URL
                                     (postgresql://user:password@host:port/db) when set, else a server it starts
                  --clients LIST           tusk,tusk-bare,tusk-metrics,raw: which to measure (tusk,raw); tusk-bare is
                                           Tusk with maxRetries=0 and circuitBreakerThreshold=0 (retry and breaker
                                           off); tusk-metrics is Tusk with metrics on and bound to Micrometer (tusk
                                           then runs with metricsEnabled=false)
                  --max-queries-per-connection N
                                           maxQueriesPerConnection of the Tusk clients (Tusk's default); 0 takes
                                           connection retirement out of an A/B between Tusk clients
                  --statement-timeout-ms N statementTimeout of every client, which also sets PgJDBC's socketTimeout
                                           (Tusk's default); 0 turns both off
                  --rounds N               measured rounds per client (5)
                  --seconds S              length of a measured round (10)
                  --warmup-seconds S       warm-up round per client, 0 for none (10)
                  --workers N              concurrent workers (8)
                  --pool-size N            connections per client's pool (8)
                  --threads KIND           platform or virtual (platform)
                  --scale N                pgbench scale, 100,000 accounts each (10)
                  --accounts N             exact number of accounts, instead of --scale
                  --postgres-version V     version of the server it starts: 16, 17 or 18 (17)
                  --pgbench PATH           also run PATH -S -M prepared as a reference client each round

              write-tx [flags]       one-UPDATE read-write transaction: Tusk inTransaction vs raw HikariCP + PgJDBC
                                     (raw) vs raw with Tusk's transaction-id query riding along the UPDATE (raw+xid)
                  --rounds, --seconds, --warmup-seconds, --workers, --pool-size, --threads, --scale, --accounts,
                  --postgres-version       as for point-select
                  --durable                start the server with fsync=on, full_page_writes=on, synchronous_commit=on

              bulk-load [flags]      Tusk's binary COPY in vs PgBulkInsert, PgJDBC CopyManager CSV and psql \\copy binary;
                                     bulkInsert vs a JDBC batch; COPY out vs a JDBC SELECT; heap check in a 256 MB JVM
                  --rows N                 rows per COPY-in load (1,000,000)
                  --rounds N               measured COPY-in rounds, the method order rotating (7)
                  --methods LIST           tusk,pgbulkinsert,copymanager-csv,psql-binary (these four; also tusk-rowsource)
                  --parts LIST             copy-in,copy-out,bulk-insert,heap (all)
                  --insert-sizes LIST      bulkInsert rows x repetitions (100x200,1000x50,100000x7)
                  --copy-out-rounds N      measured COPY-out rounds per method (5)
                  --heap-rows N            rows the heap check loads (10,000,000)
                  --warmup true|false      one unmeasured load per method first (true)
                  --psql PATH              psql for the \\copy method (/usr/bin/psql); skipped when absent
                  --postgres-version V     version of the server it starts: 16, 17 or 18 (17)

              patroni-failover [flags]  a real Patroni cluster (needs patroni, etcd-server, postgresql-15): kills the
                                     leader N times and times how soon the new one is found by Patroni's REST /leader
                                     vs SELECT pg_is_in_recovery() on held and on fresh connections, and how soon
                                     PgJDBC's multi-host primary search lets an INSERT through; counts acknowledged
                                     writes the new leader lacks
                  --rounds N               failovers (10)
                  --ttl S, --loop-wait S, --retry-timeout S
                                           Patroni's timings (5, 1, 2: PatroniCluster's defaults)
                  --synchronous            Patroni's synchronous_mode on (off)

              jmh [JMH args]         JMH micro benchmarks; 'jmh -h' lists JMH's options, 'jmh -l' the benchmarks
            """;

    private Main() {
    }

    /** Dispatches to the benchmark named by the first argument. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            System.out.print(USAGE);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "point-select" -> {
                try {
                    PointSelectBenchmark.main(rest);
                } catch (IllegalArgumentException e) {
                    System.err.println("tusk-bench point-select: " + e.getMessage());
                    System.err.print(USAGE);
                    System.exit(2);
                }
            }
            case "write-tx" -> {
                try {
                    WriteTxBenchmark.main(rest);
                } catch (IllegalArgumentException e) {
                    System.err.println("tusk-bench write-tx: " + e.getMessage());
                    System.err.print(USAGE);
                    System.exit(2);
                }
            }
            case "bulk-load" -> {
                try {
                    BulkLoadBenchmark.main(rest);
                } catch (IllegalArgumentException e) {
                    System.err.println("tusk-bench bulk-load: " + e.getMessage());
                    System.exit(2);
                }
            }
            case "patroni-failover" -> {
                try {
                    LeaderDiscoveryBenchmark.main(rest);
                } catch (IllegalArgumentException e) {
                    System.err.println("tusk-bench patroni-failover: " + e.getMessage());
                    System.exit(2);
                }
            }
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            default -> {
                System.err.println("tusk-bench: unknown command " + args[0]);
                System.err.print(USAGE);
                System.exit(2);
            }
        }
    }
}
