package dev.tusk.listen.internal;

import dev.tusk.config.Credentials;
import dev.tusk.config.TargetSessionAttrs;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.internal.JdbcProperties;
import dev.tusk.listen.Notification;
import dev.tusk.resilience.RetryPolicy;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of the listening thread, from the first subscription to the last: it owns the connection and everything
 * known about it, so a run that is ending can never touch the connection of the next one.
 */
final class ListenSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DedicatedListener.LOGGER);
    /** The pause between reconnect attempts in the first connectTimeout after a healthy connection dropped. */
    static final Duration FAST_RETRY = Duration.ofMillis(50);

    private final DedicatedListener owner;
    private final TuskConfig config;
    private final String target;
    private final RetryPolicy backoff;
    private final Duration probeInterval;
    private final Clock clock;
    private final Driver driver;
    private final Set<String> listening = new HashSet<>();
    private final Set<ChannelSubscription> cutOff = new LinkedHashSet<>();
    private Connection connection;
    private Instant lostAt;
    private String lostCause;
    private Instant lastAliveAt;
    private Instant lastHeardAt;
    private long lastHeardNanos;

    ListenSession(DedicatedListener owner, TuskConfig config, String target, Duration probeInterval, Clock clock,
                  Driver driver) {
        this.owner = owner;
        this.config = config;
        this.target = target;
        this.backoff = RetryPolicy.from(config);
        this.probeInterval = probeInterval;
        this.clock = clock;
        this.driver = driver;
    }

    @Override
    public void run() {
        // Failures since the connection last waited for notifications successfully: the reconnect after a healthy
        // connection drops is immediate, and so are attempts every FAST_RETRY for connectTimeout after it, as the pool
        // does, because a failover (the old primary gone, a standby about to be promoted) is over in about that time
        // and a backoff grown to seconds would keep LISTEN away long after the promotion. Later attempts back off as
        // retries do, so a server that keeps refusing (or a connection that keeps dropping right after LISTEN) is not
        // hammered.
        int failures = 0;
        int fastAttempts = 0;
        boolean afterDrop = false;
        long droppedAtNanos = 0;
        try {
            while (true) {
                Map<String, List<ChannelSubscription>> wanted = owner.wantedOrExit();
                if (wanted == null) {
                    return;
                }
                try {
                    if (connection == null) {
                        connect();
                    }
                    reconcile(wanted);
                    if (lostAt != null) {
                        restored(failures);
                    }
                    receive(wanted);
                    failures = 0;
                    afterDrop = false;
                } catch (SQLException e) {
                    boolean healthyDropped = failures == 0 && connection != null;
                    lost(e, wanted);
                    failures++;
                    if (healthyDropped) {
                        afterDrop = true;
                        droppedAtNanos = System.nanoTime();
                        fastAttempts = 0;
                        continue;
                    }
                    Duration pause;
                    if (afterDrop && System.nanoTime() - droppedAtNanos < config.connectTimeout().toNanos()) {
                        fastAttempts++;
                        pause = FAST_RETRY;
                    } else {
                        pause = backoff.delayBefore(failures - fastAttempts, ThreadLocalRandom.current());
                    }
                    if (!owner.pause(pause)) {
                        return;
                    }
                }
            }
        } finally {
            closeConnection();
        }
    }

    private void connect() throws SQLException {
        Properties login = login();
        // PostgreSQL refuses LISTEN during recovery (25006) and does not replicate notifications, so a standby could
        // never hear one: whatever targetSessionAttrs the pool uses, the LISTEN connection goes to the primary among
        // the listed servers, and after a failover to the promoted one.
        login.setProperty("targetServerType", TargetSessionAttrs.PRIMARY.pgjdbcTargetServerType());
        Connection opened;
        try {
            opened = driver.connect(config.jdbcUrl(), login);
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("targetServerType")) {
                throw new SQLException("none of the listed servers is a writable primary, and LISTEN needs one: "
                        + "PostgreSQL refuses LISTEN on a standby and does not replicate notifications (" + e.getMessage()
                        + ")", e.getSQLState(), e);
            }
            throw e;
        }
        if (opened == null) {
            throw new SQLException("PgJDBC does not accept the URL " + config.jdbcUrl(), "08001");
        }
        connection = opened;
        listening.clear();
        heard();
    }

    /** The configured login, or what the credentials provider hands out now, as the pool asks it for every attempt. */
    private Properties login() throws SQLException {
        Properties properties = JdbcProperties.of(config);
        if (config.credentials() == null) {
            return properties;
        }
        Credentials given;
        try {
            given = config.credentials().credentials();
        } catch (Exception | LinkageError e) {
            throw new SQLException("the LISTEN connection could not log in: the credentials provider threw "
                    + e.getClass().getName() + " (its message is kept on this exception's cause, not shown here)",
                    "08004", e);
        }
        if (given == null) {
            throw new SQLException("the LISTEN connection could not log in: the credentials provider returned null",
                    "08004");
        }
        return JdbcProperties.withLogin(properties, given);
    }

    /** The server has just proven the connection alive: it answered or sent something. */
    private void heard() {
        lastHeardAt = clock.instant();
        lastAliveAt = lastHeardAt;
        lastHeardNanos = System.nanoTime();
    }

    /** LISTENs on channels newly wanted and UNLISTENs those no longer wanted, then marks the subscriptions ready. */
    private void reconcile(Map<String, List<ChannelSubscription>> wanted) throws SQLException {
        List<String> toListen = wanted.keySet().stream().filter(channel -> !listening.contains(channel)).toList();
        List<String> toUnlisten = listening.stream().filter(channel -> !wanted.containsKey(channel)).toList();
        if (!toListen.isEmpty() || !toUnlisten.isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                for (String channel : toListen) {
                    statement.execute(Channels.listen(channel));
                    listening.add(channel);
                }
                for (String channel : toUnlisten) {
                    statement.execute(Channels.unlisten(channel));
                    listening.remove(channel);
                }
            }
        }
        wanted.values().forEach(subscribers -> subscribers.forEach(subscription -> {
            subscription.listening(true);
            subscription.ready.complete(null);
        }));
    }

    private void receive(Map<String, List<ChannelSubscription>> wanted) throws SQLException {
        PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications((int) DedicatedListener.POLL.toMillis());
        // A wait that ended quietly proves nothing on its own, but a failure that ends the next one (a FATAL, a
        // reset, an end of stream) comes after everything the server sent before it.
        lastAliveAt = clock.instant();
        if (received != null && received.length > 0) {
            heard();
            deliver(received, wanted);
        } else if (probeDue()) {
            probe();
        }
    }

    private void deliver(PGNotification[] received, Map<String, List<ChannelSubscription>> wanted) {
        for (PGNotification notification : received) {
            List<ChannelSubscription> subscribers = wanted.get(notification.getName());
            if (subscribers == null) {
                // Sent before an UNLISTEN took effect; nobody wants it any more.
                continue;
            }
            String payload = notification.getParameter() == null ? "" : notification.getParameter();
            Notification delivered = new Notification(notification.getName(), payload, notification.getPID());
            subscribers.forEach(subscription -> subscription.offer(delivered));
        }
    }

    private boolean probeDue() {
        return !probeInterval.isZero() && System.nanoTime() - lastHeardNanos >= probeInterval.toNanos();
    }

    /** A quiet connection may be dead without a word (a lost network path), which only a round trip can tell. */
    private void probe() throws SQLException {
        int seconds = (int) Math.max(1, (config.connectTimeout().toMillis() + 999) / 1000);
        if (!connection.isValid(seconds)) {
            // Quiet waits went on ending normally while the peer was gone, so only the last word from it counts.
            lastAliveAt = lastHeardAt;
            throw new SQLException("the LISTEN connection did not answer a probe within " + seconds + "s", "08006");
        }
        heard();
    }

    private void lost(SQLException failure, Map<String, List<ChannelSubscription>> wanted) {
        boolean wasConnected = connection != null;
        if (wasConnected) {
            salvage(wanted);
        }
        closeConnection();
        String cause = DedicatedListener.describe(failure);
        Set<String> cutChannels = new LinkedHashSet<>();
        wanted.values().forEach(subscribers -> subscribers.forEach(subscription -> {
            if (subscription.isListening()) {
                subscription.listening(false);
                cutOff.add(subscription);
                cutChannels.add(subscription.channel());
            }
            // A listen() still waiting hears why, rather than waiting out its timeout.
            subscription.ready.completeExceptionally(failure);
        }));
        if (!cutChannels.isEmpty() && lostAt == null) {
            lostAt = lastAliveAt;
            lostCause = cause;
            LOG.warn("LISTEN connection to {} lost ({}); reconnecting. Notifications sent to {} until it is back are "
                    + "lost, and each subscription's onPossibleLoss will hear of the gap.", target, cause, cutChannels);
        } else if (lostAt != null) {
            LOG.debug("LISTEN connection to {} still down: {}", target, cause);
        } else {
            LOG.warn("LISTEN on {} failed before any channel was listening: {}", target, cause);
        }
    }

    /** Hands on what the driver read before the connection failed, such as notifications just ahead of a FATAL. */
    private void salvage(Map<String, List<ChannelSubscription>> wanted) {
        try {
            PGNotification[] pending = connection.unwrap(BaseConnection.class).getQueryExecutor().getNotifications();
            if (pending != null && pending.length > 0) {
                deliver(pending, wanted);
            }
        } catch (SQLException | RuntimeException ignored) {
            // Nothing could be read back; the gap report covers it.
        }
    }

    private void restored(int failures) {
        Instant now = clock.instant();
        Set<String> channels = new LinkedHashSet<>();
        for (ChannelSubscription subscription : cutOff) {
            subscription.gap(lostAt, now, lostCause);
            channels.add(subscription.channel());
        }
        owner.reconnected();
        LOG.warn("LISTEN connection to {} restored after {} ms, at connection attempt {}; listening again on {}; "
                        + "notifications sent in that gap were lost, and the subscriptions' onPossibleLoss was told.",
                target, Duration.between(lostAt, now).toMillis(), failures, channels);
        cutOff.clear();
        lostAt = null;
        lostCause = null;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException ignored) {
                // Already broken; a new one replaces it.
            }
            connection = null;
            listening.clear();
        }
    }
}
