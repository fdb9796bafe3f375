package dev.tusk.testing.patroni;

import dev.tusk.testing.internal.LoopbackPorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A single-node etcd on two free loopback ports, the store Patroni keeps its leader lock in.
 *
 * <p>etcd runs as whoever runs the JVM (it does not refuse root). Its Raft timings are cut to a tenth of the defaults:
 * with one node there is no network to wait for, and etcd refuses leases shorter than 1.5 election timeouts, which
 * would otherwise round a short Patroni TTL up.
 */
final class Etcd {

    private static final Logger LOG = LoggerFactory.getLogger(Etcd.class);
    private static final int START_ATTEMPTS = 3;
    private static final String HEARTBEAT_MILLIS = "20";
    private static final String ELECTION_TIMEOUT_MILLIS = "200";

    private final Path binary;
    private final Path directory;
    private final Path logFile;
    private volatile int clientPort;
    private volatile Process process;

    Etcd(Path binary, Path directory) {
        this.binary = binary;
        this.directory = directory;
        this.logFile = directory.resolve("etcd.log");
    }

    /** The {@code host:port} Patroni's {@code etcd3.hosts} points at. */
    String clientAddress() {
        return "127.0.0.1:" + clientPort;
    }

    /** The etcd process, or null before {@link #start}. */
    Process process() {
        return process;
    }

    /** Starts etcd and returns once it reports itself healthy; retries on another port when one was taken. */
    void start(RestApi rest, Duration timeout) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            clientPort = LoopbackPorts.free();
            int peerPort = LoopbackPorts.free();
            try {
                launch(peerPort);
                awaitHealthy(rest, timeout);
                return;
            } catch (IllegalStateException e) {
                last = e;
                kill();
                if (!logTail(20).contains("address already in use")) {
                    break;
                }
                LOG.info("A port of etcd was taken before it could bind it; trying others");
            }
        }
        throw last;
    }

    /** SIGKILLs etcd; it keeps nothing that the cluster's folder removal does not take care of. */
    void kill() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroyForcibly();
            try {
                running.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("etcd (pid {}) did not exit after SIGKILL: {}", running.pid(), e.getMessage());
            }
        }
    }

    /** The last {@code lines} lines of etcd's log, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    private void launch(int peerPort) {
        String clientUrl = "http://127.0.0.1:" + clientPort;
        String peerUrl = "http://127.0.0.1:" + peerPort;
        Path data = directory.resolve("etcd-data-" + clientPort);
        List<String> command = List.of(binary.toString(),
                "--name", "tusk",
                "--data-dir", data.toString(),
                "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "tusk=" + peerUrl,
                "--heartbeat-interval", HEARTBEAT_MILLIS, "--election-timeout", ELECTION_TIMEOUT_MILLIS);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        }
    }

    private void awaitHealthy(RestApi rest, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RestApi.Answer last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with code " + process.exitValue() + " on port " + clientPort
                        + "\nLast lines of " + logFile + ":\n" + logTail(30));
            }
            last = rest.get("127.0.0.1", clientPort, "/health");
            if (last.ok() && last.body().contains("\"true\"")) {
                LOG.info("etcd is up on 127.0.0.1:{}", clientPort);
                return;
            }
            PatroniCluster.pause(Duration.ofMillis(20));
        }
        throw new IllegalStateException("etcd on port " + clientPort + " was not healthy within " + timeout + " (last: "
                + last + ")\nLast lines of " + logFile + ":\n" + logTail(30));
    }
}
