package dev.tusk.copy.internal;

import dev.tusk.CopyException;
import dev.tusk.ServerError;
import dev.tusk.TuskException;
import dev.tusk.copy.CopyResult;
import dev.tusk.copy.RowSource;
import dev.tusk.internal.Connections;
import dev.tusk.internal.Errors;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One binary COPY in spread over n pooled connections, all or nothing. Every stream is a COPY into the target table in
 * a transaction of its own. The caller's thread pulls and encodes the rows (so the row numbers in messages are the
 * load's own) into chunks of whole rows, which n virtual threads take from one bounded queue and send, so memory stays
 * at a few chunks per stream whatever the row count. No stream commits before every stream has ended its COPY without
 * error; then all commit, with two-phase commit when the server has enough {@code max_prepared_transactions}, else one
 * after another. The first failure anywhere cancels every stream and rolls all of them back, and is what the caller
 * gets.
 */
final class ParallelCopyIn {

    /** The binary COPY trailer: a field count of -1. */
    private static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};
    /** How often waiting threads look whether another stream has failed. */
    private static final long POLL_MILLIS = 50;
    /** How often the caller looks for a stream that waits on a row another stream of the same load holds. */
    private static final long WATCH_MILLIS = 500;
    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    /** Rows encoded for one stream: {@code rows} whole rows, the first being row {@code firstRow} of the load. */
    private record Chunk(byte[] bytes, long firstRow, int rows) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0, 0);

    /** Thrown inside the producer when a stream failed, to stop pulling rows; the stream's failure is what is thrown. */
    private static final class StreamFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StreamFailed() {
            super(null, null, false, false);
        }
    }

    private final Connections connections;
    private final CopySettings settings;
    private final int parallelism;
    private final boolean showValues;
    private final BlockingQueue<Chunk> queue;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Stream> streams = new ArrayList<>();
    private CopyTarget target;
    private String sql;

    /** One connection, its COPY, and the chunks it sent (to turn the server's line numbers into the load's rows). */
    private final class Stream {
        final int number;
        final Connection connection;
        int networkTimeout = CopyTimeouts.NOT_LIFTED;
        int pid;
        org.postgresql.copy.CopyIn copy;
        Thread thread;
        /**
         * Whether this stream's COPY may still be running on the server, kept here because PgJDBC's
         * {@code CopyIn.isActive()} takes the connection's lock, which the stream's thread holds for as long as a
         * write is blocked; another thread asking it would wait for exactly the stream it means to cancel.
         */
        volatile boolean copying;
        volatile boolean finished;
        long copied;
        final List<long[]> sent = new ArrayList<>();
        String preparedAs;
        boolean committed;

        Stream(int number, Connection connection) {
            this.number = number;
            this.connection = connection;
        }

        void pump() {
            try {
                copy.writeToCopy(CopyInRun.HEADER, 0, CopyInRun.HEADER.length);
                while (true) {
                    Chunk chunk = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (failure.get() != null) {
                        return;
                    }
                    if (chunk == null) {
                        continue;
                    }
                    if (chunk == END) {
                        break;
                    }
                    sent.add(new long[] {chunk.firstRow(), chunk.rows()});
                    copy.writeToCopy(chunk.bytes(), 0, chunk.bytes().length);
                }
                copy.writeToCopy(TRAILER, 0, TRAILER.length);
                copied = copy.endCopy();
                finished = true;
            } catch (SQLException e) {
                fail(streamFailure(this, e));
            } catch (InterruptedException e) {
                fail(new IllegalStateException("stream " + number + " of a parallel COPY was interrupted", e));
            } catch (Throwable e) {
                fail(e);
            } finally {
                if (!finished) {
                    cancel(this);
                }
                copying = false;
            }
        }

        /** The load's row number for line {@code line} of this stream's COPY, or 0 if it was not sent. */
        long rowOfLine(long line) {
            long before = 0;
            for (long[] chunk : sent) {
                if (line <= before + chunk[1]) {
                    return chunk[0] + (line - before - 1);
                }
                before += chunk[1];
            }
            return 0;
        }
    }

    private ParallelCopyIn(Connections connections, CopySettings settings) {
        this.connections = connections;
        this.settings = settings;
        this.parallelism = settings.parallelism();
        this.showValues = connections.messagesShowValues();
        // Two chunks waiting per stream keep every stream busy while bounding memory to a few chunks per stream.
        this.queue = new ArrayBlockingQueue<>(2 * parallelism);
    }

    /** Copies the rows of {@code source} over {@code settings.parallelism()} connections, all or nothing. */
    static <X extends Exception> CopyResult copy(Connections connections, CopySettings settings, RowSource<X> source,
                                                 long total, long started) throws X {
        return new ParallelCopyIn(connections, settings).run(source, total, started);
    }

    private <X extends Exception> CopyResult run(RowSource<X> source, long total, long started) throws X {
        borrowAll();
        boolean twoPhase;
        long bytes;
        try {
            twoPhase = begin();
            for (Stream stream : streams) {
                stream.thread = Thread.ofVirtual().name("tusk-copy-" + settings.table() + "-" + stream.number)
                        .start(stream::pump);
            }
            long[] produced = produce(source, total, started);
            bytes = produced[1];
            awaitStreams();
            Throwable first = failure.get();
            if (first != null) {
                throw first;
            }
        } catch (Throwable e) {
            Throwable first = fail(e);
            for (Stream stream : streams) {
                if (stream.thread == null) {
                    cancel(stream);
                }
            }
            cancelUnfinished();
            awaitStreamsQuietly();
            rollBackAll(first);
            giveBackAll();
            throw sneaky(first);
        }
        long copied = 0;
        for (Stream stream : streams) {
            copied += stream.copied;
        }
        try {
            if (twoPhase) {
                commitTwoPhase();
            } else {
                commitOneByOne();
            }
        } finally {
            giveBackAll();
        }
        ProgressTicker progress = new ProgressTicker(settings.listener(), total, started, settings.progressInterval(),
                settings.progressEveryRows());
        progress.finish(copied, bytes);
        return new CopyResult(copied, bytes, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Takes every connection before any COPY starts, so that a busy pool fails the load rather than stalling it. */
    private void borrowAll() {
        for (int i = 1; i <= parallelism; i++) {
            Connection connection;
            try {
                connection = connections.borrow(null);
            } catch (TuskException e) {
                giveBackAll();
                throw new CopyException("a parallel COPY into \"" + settings.table() + "\" with parallelism "
                        + parallelism + " needs " + parallelism + " connections at once, but got only " + (i - 1)
                        + " (poolMaxSize " + connections.maxConnections() + ", the rest in use): " + e.getMessage(),
                        e, e.serverError());
            }
            streams.add(new Stream(i, connection));
        }
    }

    /** Opens a transaction and a COPY on every connection; returns whether the commit can be two-phase. */
    private boolean begin() throws SQLException {
        boolean twoPhase = false;
        for (Stream stream : streams) {
            Connection connection = stream.connection;
            try {
                connection.setAutoCommit(false);
                stream.networkTimeout = CopyTimeouts.lift(connection, connections.serverSession());
                if (target == null) {
                    target = CopyTarget.resolve(connection, settings.table(), settings.columns());
                    sql = target.copySql();
                }
                try (Statement statement = connection.createStatement();
                     ResultSet row = statement.executeQuery(
                             "SELECT pg_backend_pid(), current_setting('max_prepared_transactions')::int")) {
                    row.next();
                    stream.pid = row.getInt(1);
                    // PREPARE fails once the server's slots are taken, so two-phase only when every stream has one.
                    twoPhase = row.getInt(2) >= parallelism;
                }
                stream.copy = pgConnection(connection).getCopyAPI().copyIn(sql);
                stream.copying = true;
            } catch (SQLException e) {
                throw Errors.translate(e, sql, Errors.Phase.EXECUTE, showValues);
            }
        }
        return twoPhase;
    }

    /** Encodes the rows on the calling thread into chunks for the streams; returns the rows and bytes sent. */
    private <X extends Exception> long[] produce(RowSource<X> source, long total, long started)
            throws X, SQLException, InterruptedException {
        long[] handed = {0};
        RowEncoder[] encoder = new RowEncoder[1];
        CopyBuffer buffer = new CopyBuffer(settings.flushBytes(), (bytes, offset, length) -> {
            long rows = encoder[0].rows();
            hand(new Chunk(Arrays.copyOfRange(bytes, offset, offset + length), handed[0] + 1,
                    (int) (rows - handed[0])));
            handed[0] = rows;
        });
        RowEncoder rows = new RowEncoder(target, buffer, showValues);
        encoder[0] = rows;
        ProgressTicker progress = new ProgressTicker(settings.listener(), total, started, settings.progressInterval(),
                settings.progressEveryRows());
        CopyInRun.encodeAll(source, rows, buffer, progress);
        buffer.flush();
        for (int i = 0; i < parallelism; i++) {
            handOrStop(END);
        }
        // Each stream adds the header and the trailer to the rows it sent.
        long bytes = buffer.totalBytes() + (long) parallelism * (CopyInRun.HEADER.length + TRAILER.length);
        return new long[] {rows.rows(), bytes};
    }

    private void hand(Chunk chunk) {
        try {
            handOrStop(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("a parallel COPY was interrupted while handing rows to its streams", e);
        }
    }

    private void handOrStop(Chunk chunk) throws InterruptedException {
        while (!queue.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                throw new StreamFailed();
            }
        }
        if (failure.get() != null) {
            throw new StreamFailed();
        }
    }

    /**
     * Waits for every stream to end its COPY. Meanwhile it watches for a stream that waits on a lock a finished stream
     * holds (rows of the same load with the same key under a unique index): the finished stream's transaction stays
     * open until all streams finish, so that wait would never end; it fails the load instead.
     */
    private void awaitStreams() throws InterruptedException {
        for (Stream stream : streams) {
            while (!stream.thread.join(Duration.ofMillis(WATCH_MILLIS))) {
                if (failure.get() != null) {
                    cancelUnfinished();
                    continue;
                }
                watchForWaitsOnFinishedStreams();
            }
        }
    }

    private void watchForWaitsOnFinishedStreams() {
        List<Integer> running = new ArrayList<>();
        List<Integer> done = new ArrayList<>();
        Stream watcher = null;
        for (Stream stream : streams) {
            if (stream.finished) {
                done.add(stream.pid);
                watcher = watcher == null ? stream : watcher;
            } else {
                running.add(stream.pid);
            }
        }
        if (watcher == null || running.isEmpty()) {
            return;
        }
        String check = "SELECT p FROM unnest(?::int[]) AS p WHERE pg_blocking_pids(p) && ?::int[] LIMIT 1";
        try (PreparedStatement statement = watcher.connection.prepareStatement(check)) {
            Array runningPids = watcher.connection.createArrayOf("int4", running.toArray());
            Array donePids = watcher.connection.createArrayOf("int4", done.toArray());
            statement.setArray(1, runningPids);
            statement.setArray(2, donePids);
            try (ResultSet row = statement.executeQuery()) {
                if (row.next()) {
                    int blocked = row.getInt(1);
                    int number = streams.stream().filter(s -> s.pid == blocked).findFirst().map(s -> s.number).orElse(0);
                    fail(new CopyException("stream " + number + " of a parallel COPY into " + target.qualifiedName()
                            + " waits on a row another stream of the same load wrote: rows of this load have the same "
                            + "key under a unique index or constraint (as one COPY, it would fail as a unique "
                            + "violation); nothing was kept", null, target.error("23505", null)));
                    cancelUnfinished();
                }
            }
        } catch (SQLException e) {
            fail(streamFailure(watcher, e));
        }
    }

    private void awaitStreamsQuietly() {
        for (Stream stream : streams) {
            if (stream.thread == null) {
                continue;
            }
            boolean interrupted = false;
            while (true) {
                try {
                    if (stream.thread.join(Duration.ofMillis(WATCH_MILLIS))) {
                        break;
                    }
                    cancelUnfinished();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Asks the server to cancel the COPY of every stream still running, which may be stuck in a write or a lock. The
     * cancel request goes over a connection of its own, so it reaches a backend whose stream thread is blocked.
     */
    private void cancelUnfinished() {
        for (Stream stream : streams) {
            if (stream.copying && !stream.finished) {
                try {
                    pgConnection(stream.connection).cancelQuery();
                } catch (SQLException | RuntimeException e) {
                    // The stream fails on its own when its connection is gone; nothing more to do here.
                }
            }
        }
    }

    /** Records {@code e} as the load's failure unless one came first; returns the first. */
    private Throwable fail(Throwable e) {
        if (e instanceof StreamFailed) {
            return failure.get();
        }
        failure.compareAndSet(null, e);
        return failure.get();
    }

    /** The caller's exception for {@code e} on {@code stream}: the server's, naming the stream and the load's row. */
    private TuskException streamFailure(Stream stream, SQLException e) {
        TuskException translated = Errors.translate(e, sql, Errors.Phase.EXECUTE, showValues);
        long row = 0;
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && psql.getServerErrorMessage().getWhere() != null) {
            Matcher line = LINE.matcher(psql.getServerErrorMessage().getWhere());
            if (line.find()) {
                row = stream.rowOfLine(Long.parseLong(line.group(1)));
            }
        }
        String where = "stream " + stream.number + " of " + parallelism + " of a parallel COPY"
                + (row > 0 ? ", at row " + row + " of the load" : "") + ": ";
        return Errors.translateWithMessage(e, where + translated.getMessage(), Errors.Phase.EXECUTE, showValues);
    }

    /** PREPARE TRANSACTION on every stream, then COMMIT PREPARED all: a failed PREPARE rolls back every stream. */
    private void commitTwoPhase() {
        String load = "tusk_copy_" + UUID.randomUUID().toString().replace("-", "");
        for (Stream stream : streams) {
            String gid = load + "_" + stream.number;
            try (Statement statement = stream.connection.createStatement()) {
                statement.execute("PREPARE TRANSACTION '" + gid + "'");
                stream.preparedAs = gid;
            } catch (SQLException e) {
                TuskException failed = streamFailure(stream, e);
                for (Stream other : streams) {
                    if (other.preparedAs != null) {
                        endPrepared(other, "ROLLBACK PREPARED", failed);
                    }
                }
                rollBackAll(failed);
                throw failed;
            }
        }
        // Every stream is prepared: from here the load is decided, and a COMMIT PREPARED that fails is tried again
        // on another stream's connection, since any session can finish a prepared transaction.
        List<String> left = new ArrayList<>();
        TuskException firstFailure = null;
        for (Stream stream : streams) {
            TuskException failed = endPrepared(stream, "COMMIT PREPARED", null);
            if (failed != null) {
                for (Stream other : streams) {
                    if (other != stream && endPreparedOn(other, stream.preparedAs, "COMMIT PREPARED") == null) {
                        failed = null;
                        break;
                    }
                }
            }
            if (failed != null) {
                left.add(stream.preparedAs);
                firstFailure = firstFailure == null ? failed : firstFailure;
            }
        }
        if (!left.isEmpty()) {
            throw new CopyException("every stream of the parallel COPY into " + target.qualifiedName() + " was "
                    + "prepared, but " + left.size() + " could not be committed: prepared transactions "
                    + String.join(", ", left) + " remain on the server and hold their rows until someone runs "
                    + "COMMIT PREPARED (to keep the load whole) or ROLLBACK PREPARED for each: "
                    + firstFailure.getMessage(), firstFailure, firstFailure.serverError());
        }
    }

    /** Runs {@code command} for {@code stream}'s prepared transaction on its connection; returns the failure or null. */
    private TuskException endPrepared(Stream stream, String command, TuskException into) {
        TuskException failed = endPreparedOn(stream, stream.preparedAs, command);
        if (failed != null && into != null) {
            into.addSuppressed(failed);
        }
        return failed;
    }

    private TuskException endPreparedOn(Stream on, String gid, String command) {
        String statementText = command + " '" + gid + "'";
        try {
            // COMMIT PREPARED cannot run inside a transaction block.
            on.connection.setAutoCommit(true);
            try (Statement statement = on.connection.createStatement()) {
                statement.execute(statementText);
            }
            return null;
        } catch (SQLException e) {
            return Errors.translate(e, statementText, Errors.Phase.EXECUTE, showValues);
        }
    }

    /**
     * Commits the streams one after another. A commit that fails after others succeeded leaves their rows in the
     * table; the exception says which streams committed and how many rows they kept.
     */
    private void commitOneByOne() {
        long kept = 0;
        List<Integer> committed = new ArrayList<>();
        for (Stream stream : streams) {
            try {
                stream.connection.commit();
                stream.committed = true;
                committed.add(stream.number);
                kept += stream.copied;
            } catch (SQLException e) {
                TuskException failed = streamFailure(stream, e);
                rollBackAll(failed);
                if (committed.isEmpty()) {
                    throw failed;
                }
                throw new CopyException("the parallel COPY into " + target.qualifiedName() + " is only partly "
                        + "committed: streams " + committed + " committed " + kept + " rows before stream "
                        + stream.number + " failed to commit, and the streams after it were rolled back (the server "
                        + "has max_prepared_transactions below " + parallelism + ", so the commits could not be "
                        + "two-phase): " + failed.getMessage(), failed, failed.serverError());
            }
        }
    }

    /** Rolls back every stream not committed or prepared; a connection the server ended has nothing to roll back. */
    private void rollBackAll(Throwable failure) {
        for (Stream stream : streams) {
            if (stream.committed || stream.preparedAs != null) {
                continue;
            }
            try {
                if (!stream.connection.getAutoCommit()) {
                    stream.connection.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                if (failure != null && failure != e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    private void giveBackAll() {
        for (Stream stream : streams) {
            try {
                if (!stream.connection.isClosed() && !stream.connection.getAutoCommit()) {
                    stream.connection.rollback();
                    stream.connection.setAutoCommit(true);
                }
            } catch (SQLException | RuntimeException e) {
                // A broken connection: the pool discards it, and the server rolled its transaction back.
            }
            CopyTimeouts.restore(stream.connection, stream.networkTimeout, connections.serverSession());
            connections.giveBack(stream.connection);
        }
        streams.clear();
    }

    private static void cancel(Stream stream) {
        try {
            if (stream.copy != null && stream.copy.isActive()) {
                stream.copy.cancelCopy();
            }
        } catch (SQLException | RuntimeException e) {
            // The stream's failure, or the first one of the load, is what the caller hears.
        }
    }

    private static PGConnection pgConnection(Connection connection) throws SQLException {
        return connection.isWrapperFor(PGConnection.class) ? connection.unwrap(PGConnection.class)
                : (PGConnection) connection;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable e) throws T {
        throw (T) e;
    }
}
