package dev.tusk.listen.internal;

import dev.tusk.ClientClosedException;
import dev.tusk.ConnectionException;
import dev.tusk.ServerError;
import dev.tusk.config.TuskConfig;
import dev.tusk.internal.Errors;
import dev.tusk.listen.ListenOptions;
import dev.tusk.listen.NotificationListener;
import dev.tusk.listen.Subscription;
import org.postgresql.Driver;
import org.postgresql.PGConnection;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client's subscriptions and the one LISTEN connection, outside the pool, that serves them all. While any
 * subscription exists a {@link ListenSession} on a virtual thread owns the connection: it LISTENs on every channel some
 * subscription wants and UNLISTENs the rest, waits for notifications in {@link PGConnection#getNotifications(int)}
 * (a timed socket read under PgJDBC's {@code ReentrantLock}, so the virtual thread parks without pinning its carrier),
 * hands each to its subscriptions without waiting, and after a failure reconnects (at once, then with the retry
 * backoff), LISTENs again and reports the gap. It connects the way the pool does, from the config's JDBC URL and
 * properties, so after a failover it reaches whatever server that URL leads to then. The session ends, closing the
 * connection, once no subscription remains; the next {@code subscribe} starts another.
 */
public final class DedicatedListener implements AutoCloseable {

    /** The logger for reconnects, gaps, drops and listener failures. */
    public static final String LOGGER = "dev.tusk.listen";

    /**
     * How long one wait for notifications lasts: the most a new subscription or a closed one waits for its LISTEN or
     * UNLISTEN, since the connection is busy waiting until then.
     */
    static final Duration POLL = Duration.ofMillis(100);


    private final TuskConfig config;
    private final String name;
    private final String target;
    private final Duration probeInterval;
    private final Clock clock;
    private final Driver driver = new Driver();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, List<ChannelSubscription>> byChannel = new LinkedHashMap<>();
    private final AtomicLong reconnects = new AtomicLong();
    private Thread thread;
    /** The session started last, which close() waits for even when it is already ending on its own. */
    private Thread lastSession;
    private boolean closed;


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
                thread = Thread.ofVirtual().name("tusk-listen-" + name)
                        .start(new ListenSession(this, config, target, probeInterval, clock, driver));
                lastSession = thread;
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
            running = lastSession;
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

    /** The subscriptions by channel, or null (having marked the session's thread gone) when closed or none remain. */
    Map<String, List<ChannelSubscription>> wantedOrExit() {
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

    /** Waits {@code delay} unless the subscriptions change or the client closes first; false once closed. */
    boolean pause(Duration delay) {
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

    void reconnected() {
        reconnects.incrementAndGet();
    }

    static String describe(SQLException failure) {
        String state = failure.getSQLState() == null ? "no SQLSTATE" : "SQLSTATE " + failure.getSQLState();
        return state + ": " + failure.getMessage();
    }
}
