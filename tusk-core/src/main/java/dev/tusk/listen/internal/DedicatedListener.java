package dev.tusk.listen.internal;

import dev.tusk.ClientClosedException;
import dev.tusk.ConnectionException;
import dev.tusk.ServerError;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.internal.JdbcProperties;
import dev.tusk.internal.Errors;
import dev.tusk.listen.ListenOptions;
import dev.tusk.listen.Notification;
import dev.tusk.listen.NotificationListener;
import dev.tusk.listen.Subscription;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client's one LISTEN connection, outside the pool: one virtual thread owns it, LISTENs on every channel some
 * subscription wants and UNLISTENs the rest, waits for notifications in {@link PGConnection#getNotifications(int)}
 * (a timed socket read under PgJDBC's {@code ReentrantLock}, so the virtual thread parks without pinning its carrier)
 * and hands each to its subscriptions without waiting. When the connection fails it reconnects (at once, then with
 * the retry backoff), LISTENs again, and tells the subscriptions that were listening about the gap. It opens its
 * connection the way the pool does, from the config's JDBC URL and properties, so after a failover it reaches
 * whatever server that URL leads to now. The thread ends, closing the connection, once no subscription remains.
 */
public final class DedicatedListener implements AutoCloseable {

    /** The logger for reconnects, gaps, drops and listener failures. */
    public static final String LOGGER = "dev.tusk.listen";

    /**
     * How long one wait for notifications lasts: the most a new subscription or a closed one waits for its LISTEN or
     * UNLISTEN, since the connection is busy waiting until then.
     */
    static final Duration POLL = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final TuskConfig config;
    private final String name;
    private final String target;
    private final RetryPolicy backoff;
    private final Duration probeInterval;
    private final Clock clock;
    private final Driver driver = new Driver();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, List<ChannelSubscription>> byChannel = new LinkedHashMap<>();
    private final AtomicLong reconnects = new AtomicLong();
    private Thread thread;
    private boolean closed;

    // Owned by the listening thread.
    private Connection connection;
    private final Set<String> listening = new HashSet<>();
    private final Set<ChannelSubscription> cutOff = new LinkedHashSet<>();
    private Instant lostAt;
    private String lostCause;
    private Instant lastAliveAt;
    private Instant lastHeardAt;
    private long lastHeardNanos;

    /**
     * A listener for {@code config} whose thread is named after {@code name}, the client's pool; a connection quiet for
     * {@code keepaliveInterval} is probed.
     */
    public DedicatedListener(TuskConfig config, String name) {
        this(config, name, config.keepaliveInterval());
    }

    /** A listener that probes a connection quiet for {@code probeInterval}, or never when it is zero. */
    DedicatedListener(TuskConfig config, String name, Duration probeInterval) {
        this.config = config;
        this.name = name;
        this.target = config.jdbcUrl().replaceFirst("^jdbc:postgresql://", "");
        this.backoff = RetryPolicy.from(config);
        this.probeInterval = probeInterval;
        this.clock = Clock.systemUTC();
    }

    /**
     * Subscribes {@code listener} to {@code channel} and returns once LISTEN is in effect, so that a notification
     * committed after this returns reaches it.
     */
    public Subscription subscribe(String channel, NotificationListener listener, ListenOptions options) {
        Channels.checkChannel(channel);
        if (listener == null || options == null) {
            throw new IllegalArgumentException("listen(\"" + channel + "\"): listener and options must not be null");
        }
        if (config.pgbouncer()) {
            throw new IllegalStateException("listen(\"" + channel + "\") needs a session of its own, and this client "
                    + "goes through PgBouncer in transaction mode (pgbouncer=true), which gives each transaction "
                    + "whichever server session is free, so LISTEN would register on a session that never hears the "
                    + "notifications. Listen with a second client whose URL reaches PostgreSQL directly, or a PgBouncer "
                    + "pool in session mode, with pgbouncer=false; notify() works through this one.");
        }
        ChannelSubscription subscription = new ChannelSubscription(channel, listener, options.queueCapacity(),
                config.shutdownGracePeriod(), "tusk-listen-" + name + "-" + channel, this::unsubscribe);
        lock.lock();
        try {
            if (closed) {
                throw new ClientClosedException("listen(\"" + channel + "\"): the client is closed");
            }
            byChannel.computeIfAbsent(channel, key -> new ArrayList<>()).add(subscription);
            subscription.start();
            if (thread == null) {
                thread = Thread.ofVirtual().name("tusk-listen-" + name).start(this::run);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        awaitReady(subscription);
        return subscription;
    }

    private void awaitReady(ChannelSubscription subscription) {
        // Long enough for a connection attempt and the LISTEN after it.
        Duration limit = config.connectTimeout().plus(POLL.multipliedBy(3));
        try {
            subscription.ready.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            subscription.close();
            if (e.getCause() instanceof SQLException failure) {
                throw Errors.translateWithMessage(failure, "listen(\"" + subscription.channel() + "\"): could not LISTEN "
                        + "on " + target + ": " + describe(failure), Errors.Phase.CONNECT);
            }
            throw new ConnectionException("listen(\"" + subscription.channel() + "\") failed: " + e.getCause(),
                    e.getCause(), ServerError.NONE, false);
        } catch (TimeoutException e) {
            subscription.close();
            throw new ConnectionException("listen(\"" + subscription.channel() + "\"): LISTEN was not in effect on "
                    + target + " within " + limit + " (connectTimeout plus " + POLL.multipliedBy(3) + ")", null,
                    ServerError.NONE, false);
        } catch (InterruptedException e) {
            subscription.close();
            Thread.currentThread().interrupt();
            throw new ConnectionException("listen(\"" + subscription.channel() + "\") was interrupted", e,
                    ServerError.NONE, false);
        } catch (CancellationException e) {
            throw new ClientClosedException("listen(\"" + subscription.channel() + "\"): the client closed meanwhile");
        }
    }

    private void unsubscribe(ChannelSubscription subscription) {
        lock.lock();
        try {
            List<ChannelSubscription> subscribers = byChannel.get(subscription.channel());
            if (subscribers != null && subscribers.remove(subscription) && subscribers.isEmpty()) {
                byChannel.remove(subscription.channel());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Times the connection was lost and restored since the client started. */
    public long reconnects() {
        return reconnects.get();
    }

    /**
     * Closes every subscription (waiting up to {@code shutdownGracePeriod} in all for listeners still running, then
     * interrupting them) and the connection, and ends the listening thread.
     */
    @Override
    public void close() {
        List<ChannelSubscription> all = new ArrayList<>();
        Thread running;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            byChannel.values().forEach(all::addAll);
            byChannel.clear();
            running = thread;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        all.forEach(ChannelSubscription::stop);
        long deadline = System.nanoTime() + config.shutdownGracePeriod().toNanos();
        all.forEach(subscription -> subscription.awaitDispatcher(deadline));
        if (running != null) {
            try {
                if (!running.join(POLL.multipliedBy(3))) {
                    // Mid-connect: an interrupt closes the socket of a virtual thread at once.
                    running.interrupt();
                    running.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        // Failures since the connection last waited for notifications successfully: the reconnect after a healthy
        // connection drops is immediate, later attempts back off as retries do, so a server that keeps refusing (or a
        // connection that keeps dropping right after LISTEN) is not hammered.
        int failures = 0;
        try {
            while (true) {
                Map<String, List<ChannelSubscription>> wanted = wantedOrExit();
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
                } catch (SQLException e) {
                    boolean healthyDropped = failures == 0 && connection != null;
                    lost(e, wanted);
                    failures++;
                    if (!healthyDropped && !pause(backoff.delayBefore(failures, ThreadLocalRandom.current()))) {
                        return;
                    }
                }
            }
        } finally {
            closeConnection();
        }
    }

    /** The subscriptions by channel, or null (having marked the thread gone) when closed or none remain. */
    private Map<String, List<ChannelSubscription>> wantedOrExit() {
        lock.lock();
        try {
            if (closed || byChannel.isEmpty()) {
                thread = null;
                return null;
            }
            Map<String, List<ChannelSubscription>> copy = new LinkedHashMap<>();
            byChannel.forEach((channel, subscribers) -> copy.put(channel, List.copyOf(subscribers)));
            return copy;
        } finally {
            lock.unlock();
        }
    }

    private void connect() throws SQLException {
        Connection opened = driver.connect(config.jdbcUrl(), JdbcProperties.of(config));
        if (opened == null) {
            throw new SQLException("PgJDBC does not accept the URL " + config.jdbcUrl(), "08001");
        }
        connection = opened;
        listening.clear();
        heard();
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
        PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications((int) POLL.toMillis());
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
        String cause = describe(failure);
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
            LOG.warn("LISTEN connection to {} could not be opened: {}", target, cause);
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
        reconnects.incrementAndGet();
        LOG.warn("LISTEN connection to {} restored after {} ms, at connection attempt {}; listening again on {}; "
                        + "notifications sent in that gap were lost, and the subscriptions' onPossibleLoss was told.",
                target, Duration.between(lostAt, now).toMillis(), failures, channels);
        cutOff.clear();
        lostAt = null;
        lostCause = null;
    }

    /** Waits {@code delay} unless the subscriptions change or the client closes first; false once closed. */
    private boolean pause(Duration delay) {
        lock.lock();
        try {
            if (!closed) {
                changed.awaitNanos(delay.toNanos());
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
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

    private static String describe(SQLException failure) {
        String state = failure.getSQLState() == null ? "no SQLSTATE" : "SQLSTATE " + failure.getSQLState();
        return state + ": " + failure.getMessage();
    }
}
