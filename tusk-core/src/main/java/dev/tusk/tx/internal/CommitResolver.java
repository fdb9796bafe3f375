package dev.tusk.tx.internal;

import dev.tusk.CommitOutcomeUnknownException;
import dev.tusk.TuskException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Learns what became of a transaction whose COMMIT acknowledgement was lost, by asking the server
 * ({@code pg_xact_status}) on a new connection, waiting for the server within a deadline. Only when it stays
 * unreachable, or cannot tell, is the outcome unknown.
 */
public final class CommitResolver {

    /** What became of the transaction. */
    public enum Outcome {
        /** It committed: the work is in the database. */
        COMMITTED,
        /** It aborted: nothing of it is in the database. */
        ABORTED,
        /** It had no transaction id, so it wrote nothing: committed or not, the database is as if it had. */
        NOTHING_WRITTEN
    }

    /** Opens a connection, waiting up to the given time. */
    @FunctionalInterface
    public interface Connector {
        /** A connection, or an exception once {@code timeout} has passed. */
        Connection open(Duration timeout);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CommitResolver.class);
    private static final String STATUS = "SELECT pg_xact_status(?::xid8)";
    /** "transaction ID is in the future": the server never assigned the id. */
    private static final String FUTURE_ID = "22023";
    private static final long SETTLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    // How long a transaction may stay "in progress" before Tusk ends its orphaned backend (its client, Tusk, has gone).
    private static final long ORPHAN_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long RECONNECT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Connector connector;
    private final boolean mayEndOrphans;

    /**
     * A resolver opening connections with {@code connector}; {@code mayEndOrphans} lets it terminate the old backend
     * of a transaction that stays in progress (not behind PgBouncer, where the backend is not the client's own).
     */
    public CommitResolver(Connector connector, boolean mayEndOrphans) {
        this.connector = connector;
        this.mayEndOrphans = mayEndOrphans;
    }

    /**
     * What became of the transaction {@code lost} describes, learned before {@code deadlineNanos} (a
     * {@link System#nanoTime()} value).
     *
     * @throws CommitOutcomeUnknownException when the server could not be asked, or could not tell, in time
     */
    public Outcome resolve(CommitLost lost, long deadlineNanos) {
        Long transactionId = lost.transactionId();
        if (transactionId == null) {
            return Outcome.NOTHING_WRITTEN;
        }
        long firstInProgress = 0;
        TuskException lastFailure = lost.failure();
        while (true) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                throw unknown(lost, transactionId, lastFailure);
            }
            String status;
            boolean restarted;
            String promotedTimeline = null;
            try (Connection connection = connector.open(Duration.ofNanos(Math.max(remaining,
                    TimeUnit.MILLISECONDS.toNanos(250))))) {
                String[] run = serverRun(connection);
                if (lost.serverTimeline() != null && run[1] != null && !lost.serverTimeline().equals(run[1])) {
                    promotedTimeline = run[1];
                    status = statusOnPromoted(connection, transactionId);
                    restarted = true;
                } else {
                    restarted = lost.serverStartedAt() != null && !lost.serverStartedAt().equals(run[0]);
                    status = status(connection, transactionId);
                }
                if (promotedTimeline == null && !restarted && "in progress".equals(status)) {
                    long now = System.nanoTime();
                    if (firstInProgress == 0) {
                        firstInProgress = now;
                    } else if (mayEndOrphans && lost.backendPid() != 0 && now - firstInProgress > ORPHAN_GRACE_NANOS) {
                        endOrphan(connection, lost.backendPid(), transactionId);
                    }
                }
            } catch (TuskException e) {
                lastFailure = e;
                LOG.debug("Could not yet ask the server about transaction {}: {}", transactionId, e.getMessage());
                LockSupport.parkNanos(Math.min(RECONNECT_PAUSE_NANOS, Math.max(0, deadlineNanos - System.nanoTime())));
                continue;
            } catch (SQLException e) {
                if (lost.serverStartedAt() != null && FUTURE_ID.equals(e.getSQLState())) {
                    // "transaction ID is in the future": the restarted server never saw this id durably, so the
                    // transaction cannot have committed.
                    LOG.info("COMMIT of transaction {} lost its acknowledgement ({}); the server restarted and never "
                            + "saw the transaction durably", transactionId, lost.failure().getMessage());
                    return Outcome.ABORTED;
                }
                lastFailure = dev.tusk.internal.Errors.translate(e, STATUS, dev.tusk.internal.Errors.Phase.EXECUTE);
                LockSupport.parkNanos(Math.min(RECONNECT_PAUSE_NANOS, Math.max(0, deadlineNanos - System.nanoTime())));
                continue;
            }
            if (promotedTimeline != null) {
                throw promotedUnknown(lost, transactionId, status, promotedTimeline);
            }
            if (restarted) {
                // A crashed server may give out again transaction ids that never reached durable storage, so
                // "committed" may be another transaction's; "aborted" or "in progress" cannot be this one's if it
                // had committed durably, since a committed id keeps its status.
                if ("committed".equals(status) || status == null) {
                    throw restartedUnknown(lost, transactionId);
                }
                LOG.info("COMMIT of transaction {} lost its acknowledgement ({}); the server restarted since and "
                        + "does not have it committed", transactionId, lost.failure().getMessage());
                return Outcome.ABORTED;
            }
            if ("committed".equals(status)) {
                LOG.info("COMMIT of transaction {} lost its acknowledgement ({}); the server says it committed",
                        transactionId, lost.failure().getMessage());
                return Outcome.COMMITTED;
            }
            if ("aborted".equals(status)) {
                LOG.info("COMMIT of transaction {} lost its acknowledgement ({}); the server says it aborted",
                        transactionId, lost.failure().getMessage());
                return Outcome.ABORTED;
            }
            if (status == null) {
                // Too old to be known: it cannot be the transaction just sent, unless the server's history was reset.
                throw unknown(lost, transactionId, lastFailure);
            }
            LockSupport.parkNanos(SETTLE_POLL_NANOS);
        }
    }

    /** The server's start time and WAL timeline (null on a standby), in one round trip. */
    private static String[] serverRun(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(dev.tusk.internal.ServerInstance.RUN_QUERY);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return new String[] {rows.getString(1), rows.getString(2)};
        }
    }

    /** The transaction's status. */
    private static String status(Connection connection, long transactionId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(STATUS)) {
            statement.setString(1, Long.toString(transactionId));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    /** The status a promoted server reports for the id, or null when it never saw the id (it is "in the future"). */
    private static String statusOnPromoted(Connection connection, long transactionId) throws SQLException {
        try {
            return status(connection, transactionId);
        } catch (SQLException e) {
            if (FUTURE_ID.equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The outcome on a server promoted since the transaction ran (another WAL timeline) is unknown whatever it says:
     * an id it never saw was never replicated to it, though the old primary may have committed it; "aborted" may be
     * a commit the old primary made and did not replicate; and "committed" or "in progress" may be another
     * transaction's, since the new primary hands out again ids the old one had used without replicating.
     */
    private static CommitOutcomeUnknownException promotedUnknown(CommitLost lost, long transactionId, String status,
                                                                 String timeline) {
        String says = status == null ? "has never seen that transaction id, so its commit was not replicated there"
                : "committed".equals(status) || "in progress".equals(status)
                ? "reports the id as " + status + ", but a promoted server gives out again ids that the old primary "
                        + "used without replicating them, so it may be another transaction's"
                : "reports it " + status + ", which is also what it shows for a commit the old primary made and had "
                        + "not replicated yet";
        LOG.warn("COMMIT of transaction {} lost its acknowledgement in a failover ({}); the new primary (timeline {}, "
                + "was {}) {}: reporting the outcome as unknown", transactionId, lost.failure().getMessage(), timeline,
                lost.serverTimeline(), says);
        return new CommitOutcomeUnknownException("COMMIT of transaction " + transactionId + " was sent but its "
                + "acknowledgement was lost (" + lost.failure().getMessage() + "), and the server that answers now was "
                + "promoted since (WAL timeline " + lost.serverTimeline() + " became " + timeline + "): it " + says
                + ". Whether the old primary committed it cannot be learned from the new one; check the work's own "
                + "effects before running it again", lost.failure(), transactionId);
    }

    private static CommitOutcomeUnknownException restartedUnknown(CommitLost lost, long transactionId) {
        return new CommitOutcomeUnknownException("COMMIT of transaction " + transactionId + " was sent but its "
                + "acknowledgement was lost (" + lost.failure().getMessage() + "), and the server restarted before it "
                + "could be asked: it reports the id as committed, but after a crash an id that never reached "
                + "durable storage can be given to another transaction, so Tusk cannot tell whether this one "
                + "committed; check the work's own effects before running it again", lost.failure(), transactionId);
    }

    private static void endOrphan(Connection connection, int backendPid, long transactionId) throws SQLException {
        // Only a backend still running this very transaction is ended: a reused pid runs another transaction.
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_terminate_backend(pid) FROM "
                + "pg_stat_activity WHERE pid = ? AND backend_xid::text = ?")) {
            statement.setInt(1, backendPid);
            statement.setString(2, Long.toString(transactionId & 0xFFFF_FFFFL));
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next()) {
                    LOG.info("Ended backend {}, left running transaction {} after its client's connection was lost",
                            backendPid, transactionId);
                }
            }
        }
    }

    private static CommitOutcomeUnknownException unknown(CommitLost lost, long transactionId, TuskException last) {
        CommitOutcomeUnknownException unknown = new CommitOutcomeUnknownException("COMMIT of transaction "
                + transactionId + " was sent but its acknowledgement was lost (" + lost.failure().getMessage()
                + "), and the server could not tell in time whether it committed; look it up with SELECT "
                + "pg_xact_status('" + transactionId + "'::xid8) before running the work again", lost.failure(),
                transactionId);
        if (last != lost.failure()) {
            unknown.addSuppressed(last);
        }
        return unknown;
    }
}
