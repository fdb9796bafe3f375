package dev.tusk.bench;

import dev.tusk.bench.pointselect.PointSelectBenchmark;

import java.util.Arrays;

/** The benchmark jar's entry point: {@code point-select [flags]} runs the macro harness, {@code jmh [args]} runs JMH. */
public final class Main {

    private static final String USAGE = """
            usage: java -jar tusk-bench.jar COMMAND [ARGS]

              point-select [flags]   Tusk vs raw HikariCP + PgJDBC, alternating rounds; against DATABASE_URL
                                     (postgresql://user:password@host:port/db) when set, else a server it starts
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
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            default -> {
                System.err.println("tusk-bench: unknown command " + args[0]);
                System.err.print(USAGE);
                System.exit(2);
            }
        }
    }
}
