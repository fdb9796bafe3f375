package dev.tusk.testing.patroni;

import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.internal.ServerProcesses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One member of a {@link PatroniCluster}: a Patroni process and the PostgreSQL server it runs, on their own loopback
 * ports. Which member leads is Patroni's choice; ask the cluster, or {@link #role()}.
 *
 * <p>{@link #crash()} SIGKILLs Patroni and then every PostgreSQL process of the member, as a machine that loses power;
 * {@link #stop()} asks Patroni to shut down, which stops PostgreSQL and hands leadership over at once; {@link #start()}
 * runs Patroni again on the same data, which rejoins as a replica (rewound with {@code pg_rewind} when it was a leader
 * that wrote WAL its successor never got).
 */
public final class PatroniMember implements PostgresServer {

    /** The superuser Patroni bootstraps; loopback logins are trusted. */
    public static final String SUPERUSER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(PatroniMember.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final PatroniCluster cluster;
    private final String name;
    private final Path directory;
    private final Path dataDirectory;
    private final Path logFile;
    private final int port;
    private final int restPort;
    private volatile Path configFile;
    private volatile Process patroni;
    private volatile boolean meantToRun;

    PatroniMember(PatroniCluster cluster, String name, Path directory, int port, int restPort) {
        this.cluster = cluster;
        this.name = name;
        this.directory = directory;
        this.dataDirectory = directory.resolve("data");
        this.logFile = directory.resolve("patroni.log");
        this.port = port;
        this.restPort = restPort;
    }

    /** The member's name in Patroni, also the {@code application_name} it streams under. */
    public String name() {
        return name;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    /** The port of this member's Patroni REST API ({@code /leader}, {@code /replica}, {@code /patroni}, ...). */
    public int restPort() {
        return restPort;
    }

    /** {@code host:port} of this member's PostgreSQL, as written in a multi-host URL. */
    public String hostPort() {
        return host() + ":" + port;
    }

    @Override
    public String superuser() {
        return SUPERUSER;
    }

    @Override
    public String superuserPassword() {
        return null;
    }

    /** The PostgreSQL data directory Patroni manages. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The file Patroni and its PostgreSQL write their output to. */
    public Path logFile() {
        return logFile;
    }

    /**
     * The role this member's Patroni reports for itself on {@code /patroni}: {@code master} (Patroni 3.0's word for
     * the leader), {@code replica}, or {@code unreachable} when its REST API does not answer.
     */
    public String role() {
        RestApi.Answer answer = cluster.rest().get(host(), restPort, "/patroni");
        if (answer.status() == 0) {
            return "unreachable";
        }
        Object role = ((Map<?, ?>) JsonReader.parse(answer.body())).get("role");
        return role == null ? "unknown" : role.toString();
    }

    /** Whether the Patroni process of this member is alive. */
    @Override
    public boolean isRunning() {
        Process running = patroni;
        return running != null && running.isAlive();
    }

    /** This member's postmaster, when one is running. */
    public Optional<ProcessHandle> postmasterProcess() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            long pid = Long.parseLong(lines.getFirst().strip());
            // A postmaster.pid left by a killed server may name a pid the system has since given to another program.
            // A killed one may linger as a zombie until init reaps it: it runs nothing, so it is not running.
            return ProcessHandle.of(pid).filter(handle -> !isGone(handle))
                    .filter(handle -> handle.info().command().map(command -> command.endsWith("/postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** This member's Patroni process, when it is running. */
    public Optional<ProcessHandle> patroniProcess() {
        Process running = patroni;
        return running != null && running.isAlive() ? Optional.of(running.toHandle()) : Optional.empty();
    }

    /** Runs Patroni again after {@link #stop()} or {@link #crash()}; returns once its PostgreSQL accepts connections. */
    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        launch();
        cluster.awaitMemberUp(this);
    }

    /**
     * Stops Patroni with SIGTERM: it shuts PostgreSQL down and, when this member leads, gives up the leader lock so
     * another member takes over without waiting for the TTL.
     */
    @Override
    public synchronized void stop() {
        meantToRun = false;
        Process running = patroni;
        if (running != null && running.isAlive()) {
            running.destroy();
            try {
                if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("Patroni {} (pid {}) ignored SIGTERM for {}; killing it", name, running.pid(), STOP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        crash();
    }

    /**
     * SIGKILLs Patroni, then the postmaster and every process under it, as a crash of the whole machine would; Patroni
     * goes first so that it cannot restart PostgreSQL in between.
     */
    @Override
    public synchronized void crash() {
        meantToRun = false;
        Process running = patroni;
        if (running != null) {
            awaitDeath(List.of(running.toHandle()), "Patroni " + name);
        }
        postmasterProcess().ifPresent(postmaster -> {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(postmaster);
            all.addAll(postmaster.descendants().toList());
            awaitDeath(all, "PostgreSQL of " + name);
        });
    }

    /** Kills this member like {@link #crash()}; its folder is removed when the cluster closes. */
    @Override
    public void close() {
        crash();
    }

    /** The last {@code lines} lines of Patroni's and PostgreSQL's output, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    @Override
    public String toString() {
        return "PatroniMember[" + name + ", postgres " + hostPort() + ", rest " + restPort
                + (isRunning() ? ", running" : ", stopped") + "]";
    }

    Path directory() {
        return directory;
    }

    /** Starts the Patroni process without waiting for it. */
    synchronized void launch() {
        if (configFile == null) {
            configFile = PatroniFiles.write(this, cluster.settings(), cluster.etcdAddress());
        }
        ProcessBuilder builder = new ProcessBuilder(ServerProcesses.command(cluster.settings().patroniBinary(),
                List.of(configFile.toString())))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            // unshare execs Patroni in place, so this pid is Patroni's; PostgreSQL inherits its user namespace.
            patroni = builder.start();
            meantToRun = true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Patroni " + name + " with " + configFile, e);
        }
        cluster.recordPids();
    }

    /** Whether Patroni exited although nobody stopped or killed it. */
    boolean diedUnexpectedly() {
        Process running = patroni;
        return meantToRun && running != null && !running.isAlive();
    }

    private static void awaitDeath(List<ProcessHandle> processes, String what) {
        processes.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
        for (ProcessHandle process : processes) {
            while (!isGone(process)) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("{} (pid {}) was still alive {} after SIGKILL", what, process.pid(), KILL_TIMEOUT);
                    return;
                }
                PatroniCluster.pause(Duration.ofMillis(5));
            }
        }
    }

    /**
     * Whether {@code process} has exited. A killed postmaster and its children are orphans that init reaps when it gets
     * round to it (a second or more in some containers); until then they are zombies, which Java counts as alive but
     * which hold no socket and run no code.
     */
    static boolean isGone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return !process.isAlive();
        }
    }
}
