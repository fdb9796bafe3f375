package dev.tusk.bench.bulk;

import dev.tusk.TuskClient;
import dev.tusk.copy.BulkInsertResult;
import dev.tusk.copy.BulkMethod;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Tusk's adaptive {@code bulkInsert} against a JDBC batch ({@code addBatch}/{@code executeBatch} every 1,000 rows,
 * {@code reWriteBatchedInserts=true}, one transaction) into an emptied table, at several sizes. Small sizes are
 * repeated many times so that each figure is a median of many measurable loads.
 */
public final class BulkInsertBenchmark {

    /** Rows per {@code executeBatch}, as an application would batch. */
    public static final int JDBC_BATCH = 1_000;

    private static final String TABLE = "bulk_insert_people";

    private final TuskClient client;
    private final Connection batchConnection;
    private final Connection setup;
    private final PrintStream out;

    /** A comparison through {@code client} and {@code batchConnection} (opened with {@code reWriteBatchedInserts=true}). */
    public BulkInsertBenchmark(TuskClient client, Connection batchConnection, Connection setup, PrintStream out) {
        this.client = client;
        this.batchConnection = batchConnection;
        this.setup = setup;
        this.out = out;
    }

    /**
     * A row as both sides bind it. Unlike {@link Person} the time is an {@link OffsetDateTime}: Tusk's multi-row
     * INSERT path (below the threshold) cannot bind a {@code ZonedDateTime}, while its COPY path can, and PgJDBC's
     * {@code setObject} takes only OffsetDateTime for timestamptz, so the rows are converted once, before timing.
     *
     * @param id        the key
     * @param name      a short name
     * @param email     an e-mail address
     * @param createdAt a UTC time
     * @param score     a fractional score
     */
    public record InsertRow(long id, String name, String email, OffsetDateTime createdAt, double score) {
    }

    /**
     * One size's figures.
     *
     * @param rows        rows per insert
     * @param repetitions measured inserts per method
     * @param tusk        Tusk's median rows/s
     * @param jdbc        the JDBC batch's median rows/s
     * @param tuskMethods the methods {@code bulkInsert} chose
     */
    public record SizeResult(int rows, int repetitions, double tusk, double jdbc, Set<BulkMethod> tuskMethods) {
    }

    /** Measures each size {@code repetitions[i]} times per method, alternating, after a short warm-up. */
    public List<SizeResult> run(int[] sizes, int[] repetitions) throws SQLException {
        try (Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            statement.execute("CREATE TABLE " + TABLE
                    + " (id bigint, name text, email text, created_at timestamptz, score float8)");
        }
        batchConnection.setAutoCommit(false);
        List<SizeResult> results = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            List<InsertRow> rows = new ArrayList<>(sizes[i]);
            for (Person p : new PersonData(sizes[i])) {
                rows.add(new InsertRow(p.id(), p.name(), p.email(), p.createdAt().toOffsetDateTime(), p.score()));
            }
            int warmUps = Math.max(1, repetitions[i] / 10);
            Set<BulkMethod> chosen = EnumSet.noneOf(BulkMethod.class);
            List<Double> tusk = new ArrayList<>();
            List<Double> jdbc = new ArrayList<>();
            for (int rep = -warmUps; rep < repetitions[i]; rep++) {
                // Alternate which goes first, so neither always follows the other's TRUNCATE.
                boolean tuskFirst = (rep & 1) == 0;
                for (int side = 0; side < 2; side++) {
                    boolean isTusk = (side == 0) == tuskFirst;
                    truncate();
                    long started = System.nanoTime();
                    if (isTusk) {
                        BulkInsertResult result = client.bulkInsert(TABLE, List.of(PersonData.COLUMNS), rows);
                        chosen.add(result.method());
                    } else {
                        jdbcBatch(rows);
                    }
                    double rate = Stats.rate(rows.size(), System.nanoTime() - started);
                    checkCount(rows.size(), isTusk ? "tusk" : "jdbc-batch");
                    if (rep >= 0) {
                        (isTusk ? tusk : jdbc).add(rate);
                    }
                }
            }
            SizeResult result = new SizeResult(sizes[i], repetitions[i], Stats.median(tusk), Stats.median(jdbc), chosen);
            out.println("bulkInsert " + Stats.count(sizes[i]) + " rows x " + repetitions[i] + ": tusk "
                    + Stats.count(result.tusk()) + " rows/s (" + chosen + "), jdbc-batch " + Stats.count(result.jdbc())
                    + " rows/s, ratio " + Stats.ratio(result.tusk(), result.jdbc()));
            results.add(result);
        }
        print(results);
        return results;
    }

    private void jdbcBatch(List<InsertRow> rows) throws SQLException {
        try (PreparedStatement insert = batchConnection.prepareStatement("INSERT INTO " + TABLE
                + " (id, name, email, created_at, score) VALUES (?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (InsertRow person : rows) {
                insert.setLong(1, person.id());
                insert.setString(2, person.name());
                insert.setString(3, person.email());
                insert.setObject(4, person.createdAt());
                insert.setDouble(5, person.score());
                insert.addBatch();
                if (++pending == JDBC_BATCH) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
            batchConnection.commit();
        } catch (SQLException e) {
            batchConnection.rollback();
            throw e;
        }
    }

    private void truncate() throws SQLException {
        try (Statement statement = setup.createStatement()) {
            statement.execute("TRUNCATE " + TABLE);
        }
    }

    private void checkCount(int expected, String method) throws SQLException {
        try (Statement statement = setup.createStatement();
             var result = statement.executeQuery("SELECT count(*) FROM " + TABLE)) {
            result.next();
            if (result.getLong(1) != expected) {
                throw new IllegalStateException(method + " inserted " + result.getLong(1) + " rows, expected " + expected);
            }
        }
    }

    private void print(List<SizeResult> results) {
        out.println();
        out.println("| rows | repetitions | tusk bulkInsert rows/s | method chosen | JDBC batch rows/s | tusk / JDBC |");
        out.println("|---:|---:|---:|---|---:|---:|");
        for (SizeResult result : results) {
            out.println("| " + Stats.count(result.rows()) + " | " + result.repetitions() + " | "
                    + Stats.count(result.tusk()) + " | " + result.tuskMethods() + " | " + Stats.count(result.jdbc())
                    + " | " + Stats.ratio(result.tusk(), result.jdbc()) + " |");
        }
    }
}
