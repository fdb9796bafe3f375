package dev.tusk.bench.failover;

import dev.tusk.bench.MachineInfo;
import dev.tusk.testing.patroni.Failover;
import dev.tusk.testing.patroni.PatroniCluster;
import dev.tusk.testing.patroni.PatroniMember;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast a client can find the new leader after Patroni replaces a SIGKILLed one: by asking Patroni's REST API
 * ({@code /leader} on each member), by probing each member with {@code SELECT pg_is_in_recovery()} on a connection
 * held open, or on a fresh connection per probe. Each round kills the leader, runs the three finders side by side
 * from the moment of the kill, then restarts the killed member and waits until it streams again.
 */
public final class LeaderDiscoveryBenchmark {

    private static final Duration POLL_PAUSE = Duration.ofMillis(5);
    private static final Duration FIND_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> FINDERS = List.of("rest /leader", "sql held connection", "sql fresh connection",
            "pgjdbc multi-host insert");

    private LeaderDiscoveryBenchmark() {
    }

    /**
     * Runs {@code --rounds N} failovers (10) with Patroni's {@code --ttl}, {@code --loop-wait} and
     * {@code --retry-timeout} (the harness defaults) and prints each round and the median and max per finder.
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        PatroniCluster.Builder builder = PatroniCluster.builder().members(3)
                .timings(options.ttl(), options.loopWait(), options.retryTimeout()).synchronousMode(options.synchronous());
        int rounds = options.rounds();
        System.out.println("machine: " + MachineInfo.machine() + "; " + MachineInfo.jdk());
        Map<String, List<Long>> millis = new HashMap<>();
        List<Long> patroni = new ArrayList<>();
        List<Long> lost = new ArrayList<>();
        List<Long> acknowledged = new ArrayList<>();
        try (PatroniCluster cluster = builder.start();
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofMillis(500)).build()) {
            cluster.leader().execute("CREATE TABLE leader_discovery_writes (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())");
            cluster.leader().execute("CREATE TABLE leader_discovery_acked (id bigint PRIMARY KEY)");
            System.out.printf(Locale.ROOT, "cluster of 3 started in %d ms; ttl %d s, loop_wait %d s, retry_timeout %d s, "
                            + "synchronous_mode %s%n", cluster.startupTime().toMillis(), cluster.ttlSeconds(),
                    cluster.loopWaitSeconds(), cluster.retryTimeoutSeconds(), cluster.synchronousMode());
            for (int round = 1; round <= rounds; round++) {
                Map<String, Long> found = failOverOnce(cluster, http, patroni, round, lost, acknowledged);
                found.forEach((finder, ms) -> millis.computeIfAbsent(finder, f -> new ArrayList<>()).add(ms));
                System.out.printf(Locale.ROOT, "round %d (load %.1f): patroni %d ms; %s; acknowledged writes lost %d of %d%n",
                        round, MachineInfo.loadAverage(), patroni.getLast(), found, lost.getLast(), acknowledged.getLast());
            }
        }
        System.out.printf(Locale.ROOT, "%-24s %8s %8s %8s%n", "kill -> leader found by", "median", "max", "min");
        System.out.printf(Locale.ROOT, "%-24s %8d %8d %8d%n", "(waitForNewLeader)", median(patroni), max(patroni), min(patroni));
        for (String finder : FINDERS) {
            List<Long> values = millis.getOrDefault(finder, List.of());
            System.out.printf(Locale.ROOT, "%-24s %8d %8d %8d%n", finder, median(values), max(values), min(values));
        }
        // REST answers 200 once Patroni holds the lock and has asked for promotion; SQL sees the end of recovery.
        printDifference(millis, "rest ahead of sql held", FINDERS.get(1), FINDERS.get(0));
        printDifference(millis, "rest -> first insert", FINDERS.get(3), FINDERS.get(0));
        System.out.printf(Locale.ROOT, "acknowledged writes lost: %d of %d over %d failovers (synchronous_mode %s)%n",
                lost.stream().mapToLong(Long::longValue).sum(), acknowledged.stream().mapToLong(Long::longValue).sum(),
                rounds, options.synchronous());
    }

    private static void printDifference(Map<String, List<Long>> millis, String label, String later, String earlier) {
        List<Long> differences = new ArrayList<>();
        for (int i = 0; i < millis.getOrDefault(earlier, List.of()).size(); i++) {
            differences.add(millis.get(later).get(i) - millis.get(earlier).get(i));
        }
        System.out.printf(Locale.ROOT, "%-24s %8d %8d %8d%n", label, median(differences), max(differences), min(differences));
    }

    private static Map<String, Long> failOverOnce(PatroniCluster cluster, HttpClient http, List<Long> patroni, int round,
                                                  List<Long> lost, List<Long> acknowledged) throws Exception {
        PatroniMember leader = cluster.leader();
        // One session writing on the leader up to the kill: its commits land in WAL order, so the new leader must hold
        // every acknowledged id up to the last; any beyond its maximum were acknowledged and lost.
        long base = round * 10_000_000L;
        AtomicLong lastAcknowledged = new AtomicLong(base);
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            try (Connection connection = leader.connect();
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO leader_discovery_acked VALUES (?)")) {
                for (long id = base + 1; ; id++) {
                    insert.setLong(1, id);
                    insert.executeUpdate();
                    lastAcknowledged.set(id);
                }
            } catch (SQLException killed) {
                // The leader died under it: the last insert's outcome is unknown and not counted.
            }
        });
        Thread.sleep(500);
        List<PatroniMember> others = cluster.members().stream().filter(m -> m != leader).toList();
        Map<PatroniMember, Connection> held = new HashMap<>();
        for (PatroniMember member : others) {
            held.put(member, open(member));
        }
        long killedAt;
        CompletableFuture<Long> rest;
        CompletableFuture<Long> sqlHeld;
        CompletableFuture<Long> sqlFresh;
        CompletableFuture<Long> write;
        // What an application sees: PgJDBC's own primary search over every member, then an INSERT.
        String writeUrl = cluster.jdbcUrl("postgres") + "?targetServerType=primary&hostRecheckSeconds=0&user=postgres"
                + "&connectTimeout=1&socketTimeout=2&ApplicationName=leader-discovery";
        try {
            cluster.killLeader();
            killedAt = System.nanoTime();
            rest = find(killedAt, others, member -> restSaysLeader(http, member));
            sqlHeld = find(killedAt, others, member -> notInRecovery(held.get(member)));
            sqlFresh = find(killedAt, others, member -> {
                try (Connection connection = open(member)) {
                    return notInRecovery(connection);
                } catch (SQLException e) {
                    return false;
                }
            });
            write = find(killedAt, others.subList(0, 1), ignored -> {
                try (Connection connection = DriverManager.getConnection(writeUrl);
                     Statement statement = connection.createStatement()) {
                    return statement.executeUpdate("INSERT INTO leader_discovery_writes DEFAULT VALUES") == 1;
                } catch (SQLException e) {
                    return false;
                }
            });
            Failover failover = cluster.waitForNewLeader(FIND_TIMEOUT);
            patroni.add(failover.leaderAfter().toMillis());
            writer.join(Duration.ofSeconds(10));
            String stored = failover.newLeader().queryString(
                    "SELECT coalesce(max(id), " + base + ") FROM leader_discovery_acked WHERE id > " + base);
            acknowledged.add(lastAcknowledged.get() - base);
            lost.add(Math.max(0, lastAcknowledged.get() - Long.parseLong(stored)));
            CompletableFuture.allOf(rest, sqlHeld, sqlFresh, write).get(FIND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            for (Connection connection : held.values()) {
                connection.close();
            }
        }
        Map<String, Long> found = new java.util.LinkedHashMap<>();
        found.put(FINDERS.get(0), rest.get());
        found.put(FINDERS.get(1), sqlHeld.get());
        found.put(FINDERS.get(2), sqlFresh.get());
        found.put(FINDERS.get(3), write.get());
        leader.start();
        cluster.awaitReplication(Duration.ofSeconds(120));
        return found;
    }

    /** The flags of a run: failovers, Patroni's timings in seconds, and whether Patroni runs in synchronous mode. */
    record Options(int rounds, int ttl, int loopWait, int retryTimeout, boolean synchronous) {

        /**
         * Parses {@code --rounds N}, {@code --ttl S}, {@code --loop-wait S}, {@code --retry-timeout S} and
         * {@code --synchronous} over the defaults.
         */
        static Options parse(String[] args) {
            int rounds = 10;
            int ttl = PatroniCluster.DEFAULT_TTL_SECONDS;
            int loopWait = PatroniCluster.DEFAULT_LOOP_WAIT_SECONDS;
            int retryTimeout = PatroniCluster.DEFAULT_RETRY_TIMEOUT_SECONDS;
            boolean synchronous = false;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--synchronous")) {
                    synchronous = true;
                    continue;
                }
                if (i + 1 >= args.length || !List.of("--rounds", "--ttl", "--loop-wait", "--retry-timeout").contains(flag)) {
                    throw new IllegalArgumentException("unknown or incomplete argument " + flag + "; patroni-failover takes "
                            + "--rounds N, --ttl S, --loop-wait S, --retry-timeout S, --synchronous");
                }
                int value;
                try {
                    value = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(flag + " needs a whole number, but was '" + args[i] + "'");
                }
                switch (flag) {
                    case "--rounds" -> rounds = value;
                    case "--ttl" -> ttl = value;
                    case "--loop-wait" -> loopWait = value;
                    default -> retryTimeout = value;
                }
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds must be at least 1, but was " + rounds);
            }
            // The harness checks the timings against what Patroni accepts, before any process starts.
            PatroniCluster.builder().timings(ttl, loopWait, retryTimeout);
            return new Options(rounds, ttl, loopWait, retryTimeout, synchronous);
        }
    }

    private interface Probe {
        boolean isLeader(PatroniMember member);
    }

    private static CompletableFuture<Long> find(long killedAt, List<PatroniMember> candidates, Probe probe) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            long deadline = killedAt + FIND_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (PatroniMember member : candidates) {
                    if (probe.isLeader(member)) {
                        result.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
                        return;
                    }
                }
                try {
                    Thread.sleep(POLL_PAUSE);
                } catch (InterruptedException e) {
                    result.completeExceptionally(e);
                    return;
                }
            }
            result.completeExceptionally(new IllegalStateException("no leader found within " + FIND_TIMEOUT));
        });
        return result;
    }

    private static boolean restSaysLeader(HttpClient http, PatroniMember member) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + member.host() + ":" + member.restPort() + "/leader"))
                .timeout(Duration.ofSeconds(1)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean notInRecovery(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_is_in_recovery()")) {
            return rows.next() && !rows.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private static Connection open(PatroniMember member) throws SQLException {
        return DriverManager.getConnection(member.jdbcUrl("postgres")
                + "?user=postgres&connectTimeout=1&socketTimeout=2&ApplicationName=leader-discovery");
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElse(-1);
    }
}
