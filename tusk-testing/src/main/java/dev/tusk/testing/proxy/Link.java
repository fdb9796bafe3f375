package dev.tusk.testing.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One accepted client connection and its connection to the target, with a pump thread for each direction. */
final class Link {

    private static final Logger LOG = LoggerFactory.getLogger(Link.class);
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int CHUNK_BYTES = 16 * 1024;

    private final String name;
    private final Socket client;
    private final Socket upstream = new Socket();
    private final InetSocketAddress target;
    private final FaultState state;
    private final Workers workers;
    private final AtomicLong bytesForwarded;
    private final AtomicBoolean closed = new AtomicBoolean();

    Link(String name, Socket client, InetSocketAddress target, FaultState state, Workers workers,
         AtomicLong bytesForwarded) {
        this.name = name;
        this.client = client;
        this.target = target;
        this.state = state;
        this.workers = workers;
        this.bytesForwarded = bytesForwarded;
    }

    /** Connects to the target and starts pumping, on threads of its own so that the accept loop never waits. */
    void start() {
        workers.start(name + "-to-server", this::connectAndPump);
    }

    /** Closes both sockets, with a TCP reset when {@code reset} is true; later calls do nothing. */
    void close(boolean reset) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Forgotten first, so that once a peer sees the connection end, openConnections() no longer counts it.
        state.unregister(this);
        if (reset) {
            lingerZero(client);
            lingerZero(upstream);
        }
        closeQuietly(client);
        closeQuietly(upstream);
    }

    @Override
    public String toString() {
        return name;
    }

    private void connectAndPump() {
        try {
            client.setTcpNoDelay(true);
            // If the link was closed before this point, the socket is closed too and connect fails at once.
            upstream.connect(target, CONNECT_TIMEOUT_MS);
            upstream.setTcpNoDelay(true);
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("{} could not reach {}: {}", name, target, e.toString());
            }
            end();
            return;
        }
        workers.start(name + "-to-client", () -> pump(upstream, client));
        pump(client, upstream);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[CHUNK_BYTES];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                FaultState.Passage passage = state.admit(this, read, System.nanoTime());
                if (passage.bytes() > 0) {
                    // Counted before the write, so that a peer that has received the bytes always sees them counted.
                    bytesForwarded.addAndGet(passage.bytes());
                    out.write(buffer, 0, passage.bytes());
                }
                if (passage.budgetSpent()) {
                    close(false);
                    return;
                }
            }
        } catch (IOException e) {
            // An end of stream, a reset, or a close by the other pump or by the proxy: the link ends either way.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(false);
            return;
        }
        end();
    }

    private void end() {
        try {
            // A blackhole swallows the end of a connection too: the peer learns of it only once the fault is lifted.
            state.awaitUnblocked(this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close(false);
    }

    private static void lingerZero(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // Already closed: there is nothing left to reset.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort; the pumps notice either way.
        }
    }
}
