package dev.tusk.testing.patroni;

import dev.tusk.testing.internal.InstanceDirectories;
import dev.tusk.testing.internal.LoopbackPorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real high-availability cluster on loopback: one etcd and {@code n} PostgreSQL members run by Patroni, from Debian's
 * {@code patroni}, {@code etcd-server} and PostgreSQL 15 packages; torn down on {@link #close()}, at JVM exit, or by
 * the next harness if this JVM was killed.
 *
 * <p>Patroni is tuned for fast failover on one machine: a leader lock TTL of {@value #DEFAULT_TTL_SECONDS} s, a loop
 * of {@value #DEFAULT_LOOP_WAIT_SECONDS} s and a DCS retry timeout of {@value #DEFAULT_RETRY_TIMEOUT_SECONDS} s, which
 * keeps Patroni's rule {@code loop_wait + 2 * retry_timeout <= ttl}. These are the smallest whole seconds that work:
 * Patroni 3.0.2's etcd3 client gives up taking the leader lock when less than 1 s of {@code retry_timeout} is left, so
 * with a retry timeout of 1 s no replica ever takes over. A killed leader is replaced once its lock expires, so a
 * failover takes about one TTL. Replication is asynchronous unless {@link Builder#synchronousMode(boolean)}: then
 * commits wait for one synchronous standby, and Patroni promotes only that standby, so no acknowledged commit is lost
 * in a failover, at the price of a commit round trip to the standby.
 */
public final class PatroniCluster implements AutoCloseable {

    /** Where Debian's {@code patroni} package installs the program. */
    public static final Path DEFAULT_PATRONI_BINARY = Path.of("/usr/bin/patroni");
    /** Where Debian's {@code etcd-server} package installs the program. */
    public static final Path DEFAULT_ETCD_BINARY = Path.of("/usr/bin/etcd");
    /** Debian's PostgreSQL 15 programs, which Patroni runs ({@code initdb}, {@code pg_basebackup}, {@code pg_rewind}, ...). */
    public static final Path DEFAULT_BIN_DIRECTORY = Path.of("/usr/lib/postgresql/15/bin");
    /** Members started when no number is given: a leader and two replicas. */
    public static final int DEFAULT_MEMBERS = 3;
    /** Seconds the leader lock lives without renewal; a killed leader is replaced after about this long. */
    public static final int DEFAULT_TTL_SECONDS = 5;
    /** Seconds between two runs of Patroni's HA loop; 1 is the smallest whole number Patroni takes. */
    public static final int DEFAULT_LOOP_WAIT_SECONDS = 1;
    /** Seconds Patroni retries etcd and PostgreSQL before it gives up on an operation (and a leader demotes itself). */
    public static final int DEFAULT_RETRY_TIMEOUT_SECONDS = 2;
    /** How long starting the cluster, or one member, may take. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    private static final Logger LOG = LoggerFactory.getLogger(PatroniCluster.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);
    private static final int MAX_MEMBERS = 9;

    private final Settings settings;
    private final Path instanceDirectory;
    private final RestApi rest = new RestApi();
    private final Etcd etcd;
    private final List<PatroniMember> members = new ArrayList<>();
    private final Object pidFileLock = new Object();
    private volatile Duration startupTime;
    private volatile PatroniMember killedLeader;
    private volatile long killedAtNanos;
    private volatile boolean closed;

    private PatroniCluster(Settings settings, Path instanceDirectory) {
        this.settings = settings;
        this.instanceDirectory = instanceDirectory;
        this.etcd = new Etcd(settings.etcdBinary(), instanceDirectory);
    }

    /** A builder for a cluster of {@value #DEFAULT_MEMBERS} members with the fast-failover timings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts {@code members} members; returns once one leads and all others stream from it. */
    public static PatroniCluster start(int members) {
        return builder().members(members).start();
    }

    /** Every member, in the order they were created, whatever their role now. */
    public List<PatroniMember> members() {
        return List.copyOf(members);
    }

    /** The member called {@code name}, such as {@code member1}. */
    public PatroniMember member(String name) {
        return members.stream().filter(member -> member.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member called '" + name + "'; the members are "
                        + members.stream().map(PatroniMember::name).toList()));
    }

    /**
     * The member whose Patroni answers 200 on {@code /leader} right now; fails when none does (during a failover) or
     * when more than one does, naming what each member answered.
     */
    public PatroniMember leader() {
        Map<PatroniMember, RestApi.Answer> answers = ask("/leader");
        List<PatroniMember> leaders = answers.entrySet().stream().filter(e -> e.getValue().ok()).map(Map.Entry::getKey).toList();
        if (leaders.size() != 1) {
            throw new IllegalStateException((leaders.isEmpty() ? "no member" : leaders.size() + " members")
                    + " of the Patroni cluster answer 200 on /leader: " + describe(answers));
        }
        return leaders.getFirst();
    }

    /** The members whose Patroni answers 200 on {@code /replica}: running replicas that follow a leader. */
    public List<PatroniMember> replicas() {
        return ask("/replica").entrySet().stream().filter(e -> e.getValue().ok()).map(Map.Entry::getKey).toList();
    }

    /** The cluster as Patroni's {@code /cluster} describes it, asked of the first member that answers. */
    public List<ClusterMember> clusterView() {
        for (PatroniMember member : members) {
            RestApi.Answer answer = rest.get(member.host(), member.restPort(), "/cluster");
            if (answer.ok()) {
                return parseCluster(answer.body());
            }
        }
        throw new IllegalStateException("no member of the Patroni cluster answers on /cluster: " + describe(ask("/cluster")));
    }

    /** {@code host:port} of every member's PostgreSQL, in member order. */
    public List<String> hostPorts() {
        return members.stream().map(PatroniMember::hostPort).toList();
    }

    /** A multi-host PgJDBC URL naming every member, without credentials; add {@code targetServerType} to choose. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + String.join(",", hostPorts()) + "/" + database;
    }

    /**
     * SIGKILLs the current leader's Patroni and PostgreSQL (see {@link PatroniMember#crash()}) and remembers when, for
     * {@link #waitForNewLeader(Duration)}; returns the killed member, which stays down until its {@code start()}.
     */
    public synchronized PatroniMember killLeader() {
        requireOpen();
        PatroniMember leader = leader();
        leader.crash();
        killedAtNanos = System.nanoTime();
        killedLeader = leader;
        LOG.info("Killed the Patroni leader {}", leader.name());
        return leader;
    }

    /**
     * Waits until another member answers 200 on {@code /leader} after {@link #killLeader()} and then accepts writes,
     * and returns it with both times since the kill; fails after {@code timeout} with what each member answered and
     * their log tails.
     */
    public Failover waitForNewLeader(Duration timeout) {
        requireOpen();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        }
        PatroniMember oldLeader = killedLeader;
        if (oldLeader == null) {
            throw new IllegalStateException("waitForNewLeader needs a leader killed by killLeader() first");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (PatroniMember member : members) {
                if (member != oldLeader && member.isRunning() && rest.get(member.host(), member.restPort(), "/leader").ok()) {
                    Duration leaderAfter = Duration.ofNanos(System.nanoTime() - killedAtNanos);
                    Duration writableAfter = awaitWritable(member, deadline);
                    LOG.info("Patroni made {} the leader {} ms after {} was killed; writable after {} ms", member.name(),
                            leaderAfter.toMillis(), oldLeader.name(), writableAfter.toMillis());
                    return new Failover(oldLeader, member, leaderAfter, writableAfter);
                }
            }
            pause(POLL_INTERVAL);
        }
        throw new IllegalStateException("no member took over from " + oldLeader.name() + " within " + timeout
                + " (ttl " + settings.ttlSeconds() + " s); /leader answers: " + describe(ask("/leader")) + logTails());
    }

    private Duration awaitWritable(PatroniMember member, long deadline) {
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try (Connection connection = member.connect(); Statement statement = connection.createStatement()) {
                while (System.nanoTime() < deadline) {
                    try (ResultSet rows = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                        rows.next();
                        if (!rows.getBoolean(1)) {
                            return Duration.ofNanos(System.nanoTime() - killedAtNanos);
                        }
                    }
                    last = "still in recovery";
                    pause(Duration.ofMillis(2));
                }
            } catch (SQLException e) {
                last = e.getMessage();
                pause(POLL_INTERVAL);
            }
        }
        throw new IllegalStateException("Patroni made " + member.name() + " the leader but it did not leave recovery in time ("
                + last + ")" + logTails());
    }

    /**
     * Waits until one member leads and every other running member streams from it, both in the leader's
     * {@code pg_stat_replication} and as a running replica on {@code /replica}, and in synchronous mode until one of
     * them is the synchronous standby; returns the leader. Use it after a killed member's {@code start()}.
     */
    public PatroniMember awaitReplication(Duration timeout) {
        requireOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no leader yet";
        while (System.nanoTime() < deadline) {
            for (PatroniMember member : members) {
                if (member.diedUnexpectedly()) {
                    throw new IllegalStateException("Patroni " + member.name() + " exited on its own\nLast lines of "
                            + member.logFile() + ":\n" + member.logTail(40));
                }
            }
            Map<PatroniMember, RestApi.Answer> leaders = ask("/leader");
            List<PatroniMember> leading = leaders.entrySet().stream().filter(e -> e.getValue().ok()).map(Map.Entry::getKey).toList();
            if (leading.size() == 1) {
                PatroniMember leader = leading.getFirst();
                Set<String> expected = members.stream().filter(m -> m != leader && m.isRunning())
                        .map(PatroniMember::name).collect(Collectors.toSet());
                Map<String, String> streaming = streamingFrom(leader);
                Set<String> replicas = replicas().stream().map(PatroniMember::name).collect(Collectors.toSet());
                // Both views must agree: PostgreSQL streams before Patroni marks the member a running replica.
                // In synchronous mode Patroni names the synchronous standby one loop after it streams.
                boolean synchronousSettled = !settings.synchronousMode() || expected.isEmpty()
                        || streaming.containsValue("sync");
                if (streaming.keySet().containsAll(expected) && replicas.containsAll(expected) && synchronousSettled) {
                    return leader;
                }
                last = "leader " + leader.name() + " streams to " + streaming + ", Patroni's running replicas are "
                        + replicas + ", waiting for " + expected + (synchronousSettled ? "" : " and a synchronous standby");
            } else {
                last = "/leader answers: " + describe(leaders);
            }
            pause(Duration.ofMillis(50));
        }
        throw new IllegalStateException("replication did not settle within " + timeout + ": " + last + logTails());
    }

    /** Every process the cluster runs right now: etcd, each Patroni, each postmaster and the processes under it. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        Process etcdProcess = etcd.process();
        if (etcdProcess != null && etcdProcess.isAlive()) {
            all.add(etcdProcess.toHandle());
        }
        for (PatroniMember member : members) {
            member.patroniProcess().ifPresent(all::add);
            member.postmasterProcess().ifPresent(postmaster -> {
                all.add(postmaster);
                all.addAll(postmaster.descendants().toList());
            });
        }
        return all;
    }

    /** How long {@link Builder#start()} took, from the first process to all replicas streaming. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The leader lock TTL in seconds. */
    public int ttlSeconds() {
        return settings.ttlSeconds();
    }

    /** Seconds between runs of Patroni's HA loop. */
    public int loopWaitSeconds() {
        return settings.loopWaitSeconds();
    }

    /** Seconds Patroni retries etcd and PostgreSQL operations. */
    public int retryTimeoutSeconds() {
        return settings.retryTimeoutSeconds();
    }

    /** Whether Patroni's {@code synchronous_mode} is on. */
    public boolean synchronousMode() {
        return settings.synchronousMode();
    }

    /** The folder holding etcd's data and every member's data, configuration and log. */
    public Path directory() {
        return instanceDirectory;
    }

    /** Kills every member (Patroni first, then PostgreSQL) and etcd, and removes the cluster's folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (PatroniMember member : members) {
                try {
                    member.crash();
                } catch (RuntimeException e) {
                    LOG.warn("Could not kill Patroni member {}: {}", member.name(), e.getMessage());
                }
            }
            etcd.kill();
            rest.close();
        } finally {
            InstanceDirectories.release(this, instanceDirectory);
        }
    }

    @Override
    public String toString() {
        return "PatroniCluster[" + members.stream().map(PatroniMember::name).toList() + " on " + hostPorts()
                + (closed ? ", closed" : "") + "]";
    }

    RestApi rest() {
        return rest;
    }

    Settings settings() {
        return settings;
    }

    String etcdAddress() {
        return etcd.clientAddress();
    }

    /** Writes the pids of etcd and every Patroni, for the next harness to kill if this JVM dies without closing. */
    void recordPids() {
        // Its own lock: a member calls this holding its monitor, and close() takes the cluster's before the members'.
        synchronized (pidFileLock) {
            writePidFile();
        }
    }

    private void writePidFile() {
        List<String> pids = new ArrayList<>();
        Process etcdProcess = etcd.process();
        if (etcdProcess != null && etcdProcess.isAlive()) {
            pids.add(String.valueOf(etcdProcess.pid()));
        }
        members.forEach(member -> member.patroniProcess().ifPresent(process -> pids.add(String.valueOf(process.pid()))));
        try {
            Files.writeString(instanceDirectory.resolve("process.pid"), String.join("\n", pids) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write into " + instanceDirectory, e);
        }
    }

    /** Waits until {@code member}'s Patroni reports its PostgreSQL running, failing early if Patroni exits. */
    void awaitMemberUp(PatroniMember member) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        RestApi.Answer last = null;
        while (System.nanoTime() < deadline) {
            if (member.diedUnexpectedly()) {
                throw new IllegalStateException("Patroni " + member.name() + " exited while starting\nLast lines of "
                        + member.logFile() + ":\n" + member.logTail(40));
            }
            last = rest.get(member.host(), member.restPort(), "/health");
            if (last.ok()) {
                return;
            }
            pause(Duration.ofMillis(20));
        }
        throw new IllegalStateException("Patroni " + member.name() + " did not report PostgreSQL running within "
                + settings.startTimeout() + " (last /health: " + last + ")\nLast lines of " + member.logFile() + ":\n"
                + member.logTail(40));
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Patroni cluster", e);
        }
    }

    private void startAll() {
        long started = System.nanoTime();
        etcd.start(rest, settings.startTimeout());
        recordPids();
        Set<Integer> taken = new HashSet<>();
        for (int i = 1; i <= settings.members(); i++) {
            String name = "member" + i;
            Path directory = instanceDirectory.resolve(name);
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create " + directory, e);
            }
            members.add(new PatroniMember(this, name, directory, freePort(taken), freePort(taken)));
        }
        // All at once: one wins the race to initialise, the others clone it with pg_basebackup as soon as it leads.
        members.forEach(PatroniMember::launch);
        PatroniMember leader = awaitReplication(settings.startTimeout());
        startupTime = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("Patroni cluster is up in {} ms: {} leads, {} stream from it", startupTime.toMillis(), leader.name(),
                members.stream().filter(m -> m != leader).map(PatroniMember::name).toList());
    }

    private static int freePort(Set<Integer> taken) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = LoopbackPorts.free();
            if (taken.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no distinct free loopback port after 20 attempts");
    }

    private Map<String, String> streamingFrom(PatroniMember leader) {
        Map<String, String> syncStateByName = new LinkedHashMap<>();
        try (Connection connection = leader.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT application_name, sync_state FROM pg_stat_replication WHERE state = 'streaming'")) {
            while (rows.next()) {
                syncStateByName.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            // A leader in the middle of promotion may refuse a moment longer; the caller polls again.
        }
        return syncStateByName;
    }

    private Map<PatroniMember, RestApi.Answer> ask(String path) {
        Map<PatroniMember, RestApi.Answer> answers = new LinkedHashMap<>();
        for (PatroniMember member : members) {
            answers.put(member, member.isRunning() ? rest.get(member.host(), member.restPort(), path)
                    : new RestApi.Answer(0, "", "not running"));
        }
        return answers;
    }

    private static String describe(Map<PatroniMember, RestApi.Answer> answers) {
        return answers.entrySet().stream().map(e -> e.getKey().name() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private String logTails() {
        StringBuilder tails = new StringBuilder();
        for (PatroniMember member : members) {
            tails.append("\n--- last lines of ").append(member.logFile()).append(" ---\n").append(member.logTail(15));
        }
        return tails.toString();
    }

    private static List<ClusterMember> parseCluster(String body) {
        Object document = JsonReader.parse(body);
        if (!(document instanceof Map<?, ?> root) || !(root.get("members") instanceof List<?> list)) {
            throw new IllegalStateException("Patroni's /cluster answer has no members list: " + body);
        }
        List<ClusterMember> result = new ArrayList<>();
        for (Object entry : list) {
            Map<?, ?> member = (Map<?, ?>) entry;
            result.add(new ClusterMember(text(member.get("name")), text(member.get("role")), text(member.get("state")),
                    text(member.get("host")), member.get("port") instanceof Number port ? port.intValue() : 0,
                    member.get("timeline") instanceof Number timeline ? timeline.longValue() : 0));
        }
        return result;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    /** The programs, timings and PostgreSQL parameters one cluster runs with. */
    record Settings(Path patroniBinary, Path etcdBinary, Path binDirectory, int members, int ttlSeconds,
                    int loopWaitSeconds, int retryTimeoutSeconds, boolean synchronousMode, Map<String, String> parameters,
                    Duration startTimeout) {
    }

    /** Chooses the programs, the number of members, Patroni's timings and PostgreSQL parameters of a cluster. */
    public static final class Builder {
        private Path patroniBinary = DEFAULT_PATRONI_BINARY;
        private Path etcdBinary = DEFAULT_ETCD_BINARY;
        private Path binDirectory = DEFAULT_BIN_DIRECTORY;
        private int members = DEFAULT_MEMBERS;
        private int ttlSeconds = DEFAULT_TTL_SECONDS;
        private int loopWaitSeconds = DEFAULT_LOOP_WAIT_SECONDS;
        private int retryTimeoutSeconds = DEFAULT_RETRY_TIMEOUT_SECONDS;
        private boolean synchronousMode;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private final Map<String, String> parameters = new LinkedHashMap<>();

        private Builder() {
        }

        /** How many members to run, 1 to 9; the default {@value #DEFAULT_MEMBERS} gives a leader and two replicas. */
        public Builder members(int count) {
            if (count < 1 || count > MAX_MEMBERS) {
                throw new IllegalArgumentException("members must be between 1 and " + MAX_MEMBERS + ", but was " + count);
            }
            this.members = count;
            return this;
        }

        /** The {@code patroni} program to run instead of {@link #DEFAULT_PATRONI_BINARY}. */
        public Builder patroniBinary(Path binary) {
            this.patroniBinary = requirePath(binary, "patroniBinary");
            return this;
        }

        /** The {@code etcd} program to run instead of {@link #DEFAULT_ETCD_BINARY}. */
        public Builder etcdBinary(Path binary) {
            this.etcdBinary = requirePath(binary, "etcdBinary");
            return this;
        }

        /** The folder of the PostgreSQL programs Patroni runs, instead of {@link #DEFAULT_BIN_DIRECTORY}. */
        public Builder binDirectory(Path directory) {
            this.binDirectory = requirePath(directory, "binDirectory");
            return this;
        }

        /**
         * Patroni's {@code ttl}, {@code loop_wait} and {@code retry_timeout} in seconds: loopWait at least 1,
         * retryTimeout at least 2 (see the class comment), and {@code loopWait + 2 * retryTimeout <= ttl} as Patroni's
         * documentation requires.
         */
        public Builder timings(int ttl, int loopWait, int retryTimeout) {
            if (loopWait < 1) {
                throw new IllegalArgumentException("loopWait must be at least 1 second, but was " + loopWait);
            }
            if (retryTimeout < 2) {
                throw new IllegalArgumentException("retryTimeout must be at least 2 seconds, but was " + retryTimeout
                        + ": with less, Patroni's etcd3 client never takes the leader lock and no failover happens");
            }
            if (loopWait + 2 * retryTimeout > ttl) {
                throw new IllegalArgumentException("Patroni needs loopWait + 2 * retryTimeout <= ttl, but " + loopWait
                        + " + 2 * " + retryTimeout + " > " + ttl);
            }
            this.ttlSeconds = ttl;
            this.loopWaitSeconds = loopWait;
            this.retryTimeoutSeconds = retryTimeout;
            return this;
        }

        /** Patroni's {@code synchronous_mode}: commits wait for one standby, and only it can be promoted. Off by default. */
        public Builder synchronousMode(boolean on) {
            this.synchronousMode = on;
            return this;
        }

        /** A PostgreSQL parameter for every member, written into Patroni's bootstrap configuration as is. */
        public Builder parameter(String name, String value) {
            if (name == null || !name.matches("[a-z_][a-z0-9_.]*")) {
                throw new IllegalArgumentException("parameter name must be a PostgreSQL setting name, but was " + name);
            }
            if (value == null || value.contains("\n") || value.contains("\r")) {
                throw new IllegalArgumentException("parameter " + name + " must have a one-line value, but was " + value);
            }
            parameters.put(name, value);
            return this;
        }

        /** How long starting the cluster, or restarting one member, may take; {@link #DEFAULT_START_TIMEOUT} unless set. */
        public Builder startTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, but was " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /** Starts etcd and every member; returns once one member leads and all others stream from it. */
        public PatroniCluster start() {
            requireExecutable(patroniBinary, "patroni", "apt-get install -y patroni");
            requireExecutable(etcdBinary, "etcd", "apt-get install -y etcd-server");
            requireExecutable(binDirectory.resolve("pg_ctl"), "PostgreSQL's pg_ctl", "apt-get install -y postgresql-15");
            Settings settings = new Settings(patroniBinary, etcdBinary, binDirectory, members, ttlSeconds,
                    loopWaitSeconds, retryTimeoutSeconds, synchronousMode, Map.copyOf(parameters), startTimeout);
            Path instance = InstanceDirectories.create("patroni");
            PatroniCluster cluster = new PatroniCluster(settings, instance);
            // Registered before any process starts, so the JVM-exit hook and orphan cleanup both cover it.
            InstanceDirectories.register(cluster, instance, binDirectory);
            try {
                cluster.startAll();
                return cluster;
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }

        private static Path requirePath(Path path, String what) {
            if (path == null) {
                throw new IllegalArgumentException(what + " must not be null");
            }
            return path;
        }

        private static void requireExecutable(Path program, String what, String install) {
            if (!Files.isExecutable(program)) {
                throw new IllegalStateException(what + " is not installed at " + program + "; install it with: " + install);
            }
        }
    }
}
