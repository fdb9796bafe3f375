package dev.tusk.listen.internal;

import dev.tusk.listen.Notification;
import dev.tusk.listen.NotificationListener;
import dev.tusk.listen.PossibleLoss;
import dev.tusk.listen.Subscription;
import dev.tusk.listen.SubscriptionStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A subscription: a bounded queue the listening connection offers to without ever waiting, and one virtual thread that
 * calls the listener. Losses are queued as markers in order with the notifications around them; a marker never counts
 * against the capacity, and consecutive losses of one kind merge into one marker, so markers are bounded too.
 */
final class ChannelSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(DedicatedListener.LOGGER);

    private final String channel;
    private final NotificationListener listener;
    private final int capacity;
    private final Duration closeTimeout;
    private final Consumer<ChannelSubscription> whenClosed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final Thread dispatcher;
    /** Completed once LISTEN is in effect for this subscription, or failed if the connection made for it failed. */
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    private int queuedNotifications;
    private boolean closed;
    private volatile boolean listening;

    /** Losses waiting in the queue; mutable so that a further loss of the same kind merges into it. */
    private static final class OverflowMarker {
        long dropped;
    }

    private static final class GapMarker {
        Instant from;
        Instant to;
        String cause;
    }

    ChannelSubscription(String channel, NotificationListener listener, int capacity, Duration closeTimeout,
                        String threadName, Consumer<ChannelSubscription> whenClosed) {
        this.channel = channel;
        this.listener = listener;
        this.capacity = capacity;
        this.closeTimeout = closeTimeout;
        this.whenClosed = whenClosed;
        this.dispatcher = Thread.ofVirtual().name(threadName).unstarted(this::dispatch);
    }

    void start() {
        dispatcher.start();
    }

    @Override
    public String channel() {
        return channel;
    }

    /** Records whether LISTEN is in effect; a closed subscription stays not listening whatever a late caller says. */
    void listening(boolean now) {
        lock.lock();
        try {
            listening = now && !closed;
        } finally {
            lock.unlock();
        }
    }

    boolean isListening() {
        return listening;
    }

    /** Queues {@code notification} unless the queue is full, in which case it is dropped and counted; never waits. */
    void offer(Notification notification) {
        received.incrementAndGet();
        boolean firstDropOfEpisode = false;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (queuedNotifications < capacity) {
                queue.addLast(notification);
                queuedNotifications++;
                notEmpty.signal();
                return;
            }
            dropped.incrementAndGet();
            OverflowMarker marker = trailing(OverflowMarker.class);
            if (marker == null) {
                marker = new OverflowMarker();
                queue.addLast(marker);
                firstDropOfEpisode = true;
            }
            marker.dropped++;
        } finally {
            lock.unlock();
        }
        if (firstDropOfEpisode) {
            LOG.warn("Subscription to channel \"{}\" has {} notifications queued, its queueCapacity: its listener is "
                    + "slower than they arrive. Dropping new ones until it catches up; its onPossibleLoss will hear how "
                    + "many.", channel, capacity);
        }
    }

    /** Queues a report that notifications committed between {@code from} and {@code to} were not heard. */
    void gap(Instant from, Instant to, String cause) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            gaps.incrementAndGet();
            GapMarker marker = trailing(GapMarker.class);
            if (marker == null) {
                marker = new GapMarker();
                marker.from = from;
                queue.addLast(marker);
            }
            marker.to = to;
            marker.cause = cause;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The marker of {@code kind} among those after the last queued notification, or null. */
    private <T> T trailing(Class<T> kind) {
        Iterator<Object> fromTail = queue.descendingIterator();
        while (fromTail.hasNext()) {
            Object item = fromTail.next();
            if (item instanceof Notification) {
                return null;
            }
            if (kind.isInstance(item)) {
                return kind.cast(item);
            }
        }
        return null;
    }

    private void dispatch() {
        while (true) {
            Object next;
            lock.lock();
            try {
                while (!closed && queue.isEmpty()) {
                    notEmpty.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                next = queue.pollFirst();
                if (next instanceof Notification) {
                    queuedNotifications--;
                }
            } finally {
                lock.unlock();
            }
            deliver(next);
            // An interrupt was meant for the call that just ended (close() sends one); the next call starts clean.
            Thread.interrupted();
        }
    }

    private void deliver(Object item) {
        try {
            switch (item) {
                case Notification notification -> {
                    try {
                        listener.onNotification(notification);
                    } finally {
                        delivered.incrementAndGet();
                    }
                }
                case OverflowMarker overflow -> {
                    LOG.warn("{} notifications to channel \"{}\" were dropped because its subscription's queue was full "
                            + "(queueCapacity {}); {} dropped in all", overflow.dropped, channel, capacity, dropped.get());
                    listener.onPossibleLoss(new PossibleLoss.QueueOverflow(channel, overflow.dropped));
                }
                case GapMarker gap -> listener.onPossibleLoss(new PossibleLoss.ConnectionGap(channel, gap.from, gap.to,
                        gap.cause));
                default -> throw new IllegalStateException("unexpected queue item " + item.getClass());
            }
        } catch (Exception e) {
            failures.incrementAndGet();
            if (!(e instanceof InterruptedException && isClosed())) {
                // The exception's own words only: the payload is the application's data and stays out of logs.
                LOG.warn("The listener of channel \"{}\" threw {} ({}); delivery goes on with the next notification",
                        channel, e.getClass().getName(), e.getMessage());
            }
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SubscriptionStats stats() {
        int queued;
        lock.lock();
        try {
            queued = queuedNotifications;
        } finally {
            lock.unlock();
        }
        return new SubscriptionStats(received.get(), delivered.get(), failures.get(), dropped.get(), queued, gaps.get(),
                listening);
    }

    @Override
    public void close() {
        if (stop()) {
            whenClosed.accept(this);
            awaitDispatcher(System.nanoTime() + closeTimeout.toNanos());
        }
    }

    /** Stops delivery without waiting; true if this call stopped it. */
    boolean stop() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            listening = false;
            queue.clear();
            queuedNotifications = 0;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        ready.cancel(false);
        return true;
    }

    /** Waits until the dispatcher has ended or {@code deadlineNanos} has passed, then interrupts a listener still running. */
    void awaitDispatcher(long deadlineNanos) {
        Thread.State state = dispatcher.getState();
        if (Thread.currentThread() == dispatcher || state == Thread.State.NEW || state == Thread.State.TERMINATED) {
            return;
        }
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0 && dispatcher.join(Duration.ofNanos(left))) {
                return;
            }
            LOG.warn("The listener of channel \"{}\" was still running when its subscription closed; interrupting it",
                    channel);
            dispatcher.interrupt();
            dispatcher.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean dispatcherAlive() {
        return dispatcher.isAlive();
    }

    @Override
    public String toString() {
        return "Subscription[channel=" + channel + ", " + stats() + "]";
    }
}
