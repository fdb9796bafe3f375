package dev.tusk.cli;

import dev.tusk.Progress;
import dev.tusk.ProgressListener;
import dev.tusk.TuskClient;
import dev.tusk.copy.RowWriter;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import java.io.Reader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The bulk-load part of {@code tusk bench}: the same generated rows loaded through Tusk's binary COPY and through
 * PgJDBC's CopyManager with CSV, the raw driver's own bulk path, each load checked against what was sent.
 */
final class BulkLoadBench {

    /** The columns every load fills. */
    static final List<String> COLUMNS = List.of("id", "name", "score", "created_at");

    // Row i is (i, 'row-i', i / 2, BASE + i seconds): every value can be checked by the server afterwards.
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    /** What one load did: the rows the client reports loaded, and the wall time. */
    record Load(String client, long rows, double seconds) {

        /** Rows per second over the load. */
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private final String table;
    private final long rows;

    /** Loads of {@code rows} rows into {@code table} (schema-qualified, already created). */
    BulkLoadBench(String table, long rows) {
        this.table = table;
        this.rows = rows;
    }

    /** The statement that creates the table the loads fill. */
    static String createTable(String table) {
        return "CREATE TABLE " + table + " (id bigint NOT NULL, name text NOT NULL, score double precision NOT NULL, "
                + "created_at timestamptz NOT NULL)";
    }

    /** Loads the rows with {@code client.copy().copyIn(…)}, binary COPY, reporting progress to {@code progress}. */
    Load tusk(TuskClient client, ProgressListener progress) {
        long began = System.nanoTime();
        long[] next = {1};
        long loaded = client.copy().copyIn(table).columns(COLUMNS).progress(progress).from((RowWriter row) -> {
            long i = next[0];
            if (i > rows) {
                return false;
            }
            row.write(i).write("row-" + i).write(i / 2.0).write(BASE.plusSeconds(i));
            next[0] = i + 1;
            return true;
        }).rows();
        return new Load("tusk", loaded, (System.nanoTime() - began) / 1e9);
    }

    /** Loads the same rows with PgJDBC's {@code CopyManager.copyIn} from CSV rendered on the fly. */
    Load raw(Connection connection, ProgressListener progress) throws SQLException, java.io.IOException {
        long began = System.nanoTime();
        long loaded = new CopyManager(connection.unwrap(BaseConnection.class)).copyIn("COPY " + table + " ("
                + String.join(", ", COLUMNS) + ") FROM STDIN (FORMAT csv)", new CsvRows(rows, progress, began));
        return new Load("raw", loaded, (System.nanoTime() - began) / 1e9);
    }

    /** Empties the table between loads (not timed). */
    void truncate(TuskClient client) {
        client.execute("TRUNCATE " + table);
    }

    /**
     * Checks that the table holds exactly the rows sent: their count, the sums of id and score, and no row whose
     * name or timestamp differs from what its id says. Returns the check in words; throws naming what differs.
     */
    String verify(TuskClient client, String loadedBy) throws SQLException {
        long expectedIdSum = rows * (rows + 1) / 2;
        // Every score is a multiple of 0.5 under 2^53, so the sum is exact in double precision.
        double expectedScoreSum = expectedIdSum / 2.0;
        return client.withConnection(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(*), coalesce(sum(id), 0), "
                         + "coalesce(sum(score), 0), count(*) FILTER (WHERE name <> 'row-' || id "
                         + "OR created_at <> timestamptz '" + BASE + "' + id * interval '1 second') FROM " + table)) {
                result.next();
                long count = result.getLong(1);
                long idSum = result.getLong(2);
                double scoreSum = result.getDouble(3);
                long wrong = result.getLong(4);
                if (count != rows || idSum != expectedIdSum || scoreSum != expectedScoreSum || wrong != 0) {
                    throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                            "the load through %s left %s with %,d rows (expected %,d), sum(id) %,d (expected %,d), "
                                    + "sum(score) %.1f (expected %.1f), %,d rows with a wrong name or timestamp",
                            loadedBy, table, count, rows, idSum, expectedIdSum, scoreSum, expectedScoreSum, wrong));
                }
                return String.format(java.util.Locale.ROOT, "count %,d, sum(id) %,d", count, idSum);
            }
        });
    }

    /** The rows as CSV lines, rendered as the driver reads them, so the raw side pays for its text as an application would. */
    private static final class CsvRows extends Reader {
        private static final long PROGRESS_EVERY = 10_000;

        private final long rows;
        private final ProgressListener progress;
        private final long beganNanos;
        private final StringBuilder line = new StringBuilder(64);
        private long next = 1;
        private int position;
        private long bytes;

        CsvRows(long rows, ProgressListener progress, long beganNanos) {
            this.rows = rows;
            this.progress = progress;
            this.beganNanos = beganNanos;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int written = 0;
            while (written < length) {
                if (position == line.length()) {
                    if (next > rows) {
                        break;
                    }
                    render(next++);
                }
                int n = Math.min(length - written, line.length() - position);
                line.getChars(position, position + n, buffer, offset + written);
                position += n;
                written += n;
            }
            return written == 0 ? -1 : written;
        }

        private void render(long i) {
            line.setLength(0);
            line.append(i).append(",row-").append(i).append(',').append(i / 2.0).append(',')
                    .append(BASE.plusSeconds(i)).append('\n');
            position = 0;
            bytes += line.length();
            if (i % PROGRESS_EVERY == 0) {
                // total -1: a report while running; the display leaves the final one to the summary line.
                progress.onProgress(new Progress(i, -1, bytes, Duration.ofNanos(System.nanoTime() - beganNanos)));
            }
        }

        @Override
        public void close() {
            // Nothing to release: the rows are generated.
        }
    }
}
