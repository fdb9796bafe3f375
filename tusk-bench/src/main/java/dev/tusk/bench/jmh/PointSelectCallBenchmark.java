package dev.tusk.bench.jmh;

import com.zaxxer.hikari.HikariDataSource;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.bench.pointselect.PointSelectClient;
import dev.tusk.bench.pointselect.RawJdbcPointSelect;
import dev.tusk.bench.pointselect.TuskPointSelect;
import dev.tusk.config.TuskConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * One point-select on one thread, Tusk's {@code queryValue} with its defaults (retirement off, metrics off, as the
 * {@code tusk} client of point-select) against HikariCP + PgJDBC: the difference is Tusk's per-call path. Needs
 * {@code DATABASE_URL} naming a database where {@code point-select} has loaded the pgbench tables; run with
 * {@code -prof gc} for bytes per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PointSelectCallBenchmark {

    private static final int ACCOUNTS = 100_000;

    private TuskClient tusk;
    private HikariDataSource raw;
    private int next;

    /** Opens both pools, one connection each, against {@code DATABASE_URL}. */
    @Setup(Level.Trial)
    public void open() {
        String url = System.getenv("DATABASE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("DATABASE_URL must name a database with the pgbench tables loaded (run "
                    + "point-select against it once), but it is not set");
        }
        TuskConfig config = TuskConfig.fromUrl(url);
        tusk = Tusk.connect(TuskPointSelect.configure(config, 1, true).toBuilder().metricsEnabled(false)
                .maxQueriesPerConnection(0).build());
        raw = RawJdbcPointSelect.openPool(config, 1, "jmh-raw", RawJdbcPointSelect.APPLICATION_NAME);
    }

    /** Closes both pools. */
    @TearDown(Level.Trial)
    public void close() {
        tusk.close();
        raw.close();
    }

    private int nextAccount() {
        next = next % ACCOUNTS + 1;
        return next;
    }

    /** {@code TuskClient.queryValue} with an {@code int} parameter, as the point-select benchmark calls it. */
    @Benchmark
    public Integer tuskQueryValue() {
        return tusk.queryValue(PointSelectClient.SQL, Integer.class, nextAccount());
    }

    /** HikariCP getConnection, PgJDBC prepare, setInt, executeQuery, getInt, close. */
    @Benchmark
    public int rawJdbc() throws SQLException {
        try (Connection connection = raw.getConnection();
             PreparedStatement statement = connection.prepareStatement(PointSelectClient.SQL)) {
            statement.setInt(1, nextAccount());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
