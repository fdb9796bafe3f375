package dev.tusk.testing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds free loopback ports for the servers the harness starts. */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /**
     * A port free on 127.0.0.1 right now. Another process may take it before the server binds it, so callers retry
     * on "address already in use".
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
