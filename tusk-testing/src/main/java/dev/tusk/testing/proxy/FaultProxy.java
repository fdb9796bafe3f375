package dev.tusk.testing.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process TCP proxy on a free loopback port that forwards to one target and injects faults on demand.
 *
 * <p>Every fault can be switched at any time and applies at once to open connections as well as new ones. Faults
 * combine until {@link #heal()} lifts them all. Data is forwarded in chunks of whatever each read returns, one pump
 * thread per direction, so a chunk is the unit that faults act on.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final int ACCEPT_BACKLOG = 50;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final int port;
    private final FaultState state = new FaultState();
    private final Workers workers = new Workers();
    private final AtomicLong bytesForwarded = new AtomicLong();
    private final AtomicLong linkCount = new AtomicLong();

    private FaultProxy(InetSocketAddress target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
        this.port = listener.getLocalPort();
    }

    /** Starts a clean proxy on a free 127.0.0.1 port that forwards every connection to {@code targetHost:targetPort}. */
    public static FaultProxy start(String targetHost, int targetPort) {
        if (targetHost == null || targetHost.isBlank()) {
            throw new IllegalArgumentException("targetHost must not be blank, but was '" + targetHost + "'");
        }
        if (targetPort < 1 || targetPort > 65_535) {
            throw new IllegalArgumentException("targetPort must be between 1 and 65535, but was " + targetPort);
        }
        InetSocketAddress target = new InetSocketAddress(targetHost, targetPort);
        if (target.isUnresolved()) {
            throw new IllegalArgumentException("targetHost must resolve to an address, but " + targetHost + " did not");
        }
        ServerSocket listener;
        try {
            listener = new ServerSocket(0, ACCEPT_BACKLOG, InetAddress.getByName(LOOPBACK));
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on a free port of " + LOOPBACK, e);
        }
        FaultProxy proxy = new FaultProxy(target, listener);
        proxy.workers.start("fault-proxy-" + proxy.port + "-accept", proxy::acceptConnections);
        return proxy;
    }

    /** The host clients connect to: always {@code 127.0.0.1}. */
    public String host() {
        return LOOPBACK;
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /** A PgJDBC URL for {@code database} through this proxy, without credentials. */
    public String jdbcUrl(String database) {
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("database must not be blank, but was '" + database + "'");
        }
        return "jdbc:postgresql://" + LOOPBACK + ":" + port + "/" + database;
    }

    /**
     * Holds every chunk, in both directions, for {@code latency} after it arrives; {@link Duration#ZERO} removes the delay.
     *
     * <p>A request and its answer are each delayed, so a round trip takes at least twice {@code latency}. Chunks already
     * waiting are held to the new latency, so lowering it releases them early.
     */
    public void latency(Duration latency) {
        if (latency == null) {
            throw new IllegalArgumentException("latency must not be null; use Duration.ZERO for none");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, but was " + latency);
        }
        requireOpen("latency");
        state.latency(latency);
    }

    /**
     * Swallows everything from now on: connections are still accepted and read, but nothing is forwarded, answered or
     * closed, on open connections as well as new ones, as in a network partition.
     *
     * <p>What is read meanwhile is discarded, not delayed, so a connection that lived through a blackhole has usually
     * lost protocol messages; after {@link #heal()}, open new connections. A connection whose peer hung up during the
     * blackhole is closed on the other side only when it is lifted.
     */
    public void blackhole() {
        requireOpen("blackhole");
        state.blackhole();
    }

    /** Resets every open connection now, with a TCP RST to both client and server; new connections are still accepted. */
    public void resetAll() {
        requireOpen("resetAll");
        state.openLinks().forEach(link -> link.close(true));
    }

    /**
     * Closes each connection once {@code byteBudget} bytes, counted in both directions together, have passed through it.
     *
     * <p>A new connection may pass {@code byteBudget} bytes in all; an open one may pass {@code byteBudget} bytes more
     * from now, whatever it passed before, so that a test can let a handshake through and then cut the next query. The
     * chunk that reaches the budget is forwarded only up to it, then both sides are closed (FIN, not RST). Zero closes
     * open connections now and new ones as soon as they are accepted. Bytes swallowed by a blackhole do not count.
     */
    public void closeAfterBytes(long byteBudget) {
        if (byteBudget < 0) {
            throw new IllegalArgumentException("byteBudget must not be negative, but was " + byteBudget);
        }
        requireOpen("closeAfterBytes");
        state.closeAfterBytes(byteBudget).forEach(link -> link.close(false));
    }

    /** Lifts every fault: no latency, no blackhole and no byte budget, for open connections as well as new ones. */
    public void heal() {
        requireOpen("heal");
        state.heal();
    }

    /** How many client connections are open through the proxy now. */
    public int openConnections() {
        return state.openCount();
    }

    /** How many bytes the proxy has forwarded, in both directions and over all connections, since it started. */
    public long bytesForwarded() {
        return bytesForwarded.get();
    }

    /** Stops listening, closes every connection and waits for the proxy's threads to end; later calls do nothing. */
    @Override
    public void close() {
        List<Link> open = state.close();
        if (open == null) {
            return;
        }
        closeQuietly(listener);
        open.forEach(link -> link.close(false));
        List<String> stuck;
        try {
            stuck = workers.awaitAll(CLOSE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(this + " was interrupted while waiting for its threads to end", e);
        }
        if (!stuck.isEmpty()) {
            throw new IllegalStateException(this + " still has threads running " + CLOSE_TIMEOUT + " after close: " + stuck);
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + LOOPBACK + ":" + port + " -> " + target.getHostString() + ":" + target.getPort() + ", "
                + state.describe() + "]";
    }

    /** How many of the proxy's threads are running; zero once {@link #close()} has returned. */
    int liveThreads() {
        return workers.liveCount();
    }

    private void acceptConnections() {
        while (true) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warn("{} stopped accepting connections: {}", this, e.toString());
                }
                return;
            }
            Link link = new Link("fault-proxy-" + port + "-" + linkCount.incrementAndGet(), client, target, state,
                    workers, bytesForwarded);
            if (state.register(link)) {
                link.start();
            } else {
                link.close(false);
            }
        }
    }

    private void requireOpen(String operation) {
        if (state.isClosed()) {
            throw new IllegalStateException("cannot " + operation + ": " + this + " is closed");
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing the listener failed: {}", e.toString());
        }
    }
}
