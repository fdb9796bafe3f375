package dev.tusk.bench.bulk;

import dev.tusk.Row;
import dev.tusk.TuskClient;
import dev.tusk.copy.CopyOutSource;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the loaded table back: Tusk's binary {@code copyOut} into typed rows against a plain JDBC {@code SELECT} with
 * a fetch size of 10,000 in a transaction. Both touch every column and fold it into a checksum, which must agree, so
 * neither can skip decoding.
 */
public final class CopyOutBenchmark {

    /** Rows per round trip for the JDBC side, as an application streaming a large result would set. */
    public static final int FETCH_SIZE = 10_000;

    private final TuskClient client;
    private final Connection raw;
    private final PrintStream out;

    /** A comparison through {@code client} and the plain connection {@code raw}. */
    public CopyOutBenchmark(TuskClient client, Connection raw, PrintStream out) {
        this.client = client;
        this.raw = raw;
        this.out = out;
    }

    /**
     * The figures.
     *
     * @param rows  rows read per round
     * @param tusk  Tusk's rows/s per round
     * @param jdbc  the JDBC SELECT's rows/s per round
     */
    public record Result(long rows, List<Double> tusk, List<Double> jdbc) {

        /** Tusk's median rows/s. */
        public double tuskMedian() {
            return Stats.median(tusk);
        }

        /** The JDBC SELECT's median rows/s. */
        public double jdbcMedian() {
            return Stats.median(jdbc);
        }
    }

    /** Reads {@code table} {@code rounds} times with each, alternating which goes first, after one warm-up read each. */
    public Result run(String table, long expectedRows, int rounds) throws SQLException {
        List<Double> tusk = new ArrayList<>();
        List<Double> jdbc = new ArrayList<>();
        for (int round = -1; round < rounds; round++) {
            boolean tuskFirst = (round & 1) == 0;
            for (int side = 0; side < 2; side++) {
                boolean isTusk = (side == 0) == tuskFirst;
                long[] counted = new long[2];
                long started = System.nanoTime();
                if (isTusk) {
                    tuskRead(table, counted);
                } else {
                    jdbcRead(table, counted);
                }
                double rate = Stats.rate(counted[0], System.nanoTime() - started);
                if (counted[0] != expectedRows) {
                    throw new IllegalStateException((isTusk ? "tusk" : "jdbc") + " read " + counted[0] + " rows, expected "
                            + expectedRows);
                }
                if (round >= 0) {
                    (isTusk ? tusk : jdbc).add(rate);
                    out.println("copy-out round " + (round + 1) + " of " + rounds + ": " + (isTusk ? "tusk-copyout" : "jdbc-select")
                            + " ... " + Stats.count(rate) + " rows/s (checksum " + counted[1] + ")");
                }
            }
        }
        Result result = new Result(expectedRows, tusk, jdbc);
        out.println();
        out.println("| method | median rows/s | per round | vs JDBC SELECT |");
        out.println("|---|---:|---|---:|");
        out.println("| tusk copyOut → Stream<Row> | " + Stats.count(result.tuskMedian()) + " | " + rounds(tusk) + " | "
                + Stats.ratio(result.tuskMedian(), result.jdbcMedian()) + " |");
        out.println("| JDBC SELECT, fetch size " + Stats.count(FETCH_SIZE) + " | " + Stats.count(result.jdbcMedian()) + " | "
                + rounds(jdbc) + " | 1.00 |");
        return result;
    }

    private void tuskRead(String table, long[] counted) {
        try (Stream<Row> rows = client.copyOut(CopyOutSource.table(table))) {
            rows.forEach(row -> {
                counted[0]++;
                counted[1] += checksum(row.get(1, Long.class), row.get(2, String.class), row.get(3, String.class),
                        row.get(4, OffsetDateTime.class), row.get(5, Double.class));
            });
        }
    }

    private void jdbcRead(String table, long[] counted) throws SQLException {
        boolean autoCommit = raw.getAutoCommit();
        raw.setAutoCommit(false); // PgJDBC only honours the fetch size inside a transaction.
        try (PreparedStatement select = raw.prepareStatement("SELECT id, name, email, created_at, score FROM " + table)) {
            select.setFetchSize(FETCH_SIZE);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    counted[0]++;
                    counted[1] += checksum(result.getLong(1), result.getString(2), result.getString(3),
                            result.getObject(4, OffsetDateTime.class), result.getDouble(5));
                }
            }
            raw.commit();
        } finally {
            raw.setAutoCommit(autoCommit);
        }
    }

    private static long checksum(long id, String name, String email, OffsetDateTime created, double score) {
        return id + name.length() + email.length() + created.toEpochSecond() + (long) score;
    }

    private static String rounds(List<Double> rates) {
        return String.join(", ", rates.stream().map(Stats::count).toList());
    }
}
