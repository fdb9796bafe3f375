package dev.tusk.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The point-select part of {@code tusk bench}: workers running {@code SELECT abalance … WHERE aid = ?} back to back
 * through one client until a deadline, as tusk-bench's point-select harness does, with its own small histogram.
 */
final class PointSelectBench {

    /** The threads the workers run on. */
    enum Threads {
        /** One platform thread per worker. */
        PLATFORM,
        /** One virtual thread per worker. */
        VIRTUAL
    }

    /** One way of running the point-select; shared by every worker, so thread-safe. */
    interface Client extends AutoCloseable {

        /** The short name printed beside its figures. */
        String name();

        /** Reads the balance of account {@code aid}; throws when it does not exist. */
        int select(int aid) throws Exception;

        @Override
        void close();
    }

    /** What one client did in one timed round. */
    record Round(String client, long operations, double seconds, LatencyHistogram latencies) {

        /** Operations per second over the round. */
        double opsPerSecond() {
            return operations / seconds;
        }
    }

    private final int workers;
    private final Threads threads;
    private final int accounts;
    private final BooleanSupplier stop;

    /**
     * Runs {@code workers} workers on {@code threads}, choosing accounts uniformly from 1 to {@code accounts}; a round
     * ends early once {@code stop} says so.
     */
    PointSelectBench(int workers, Threads threads, int accounts, BooleanSupplier stop) {
        this.workers = workers;
        this.threads = threads;
        this.accounts = accounts;
        this.stop = stop;
    }

    /** Tusk with its defaults and a fixed pool of {@code poolSize} connections, through {@code queryValue}. */
    static Client tusk(TuskConfig config, String sql, int poolSize) {
        TuskClient client = Tusk.connect(config.toBuilder().applicationName("tusk-bench-tusk")
                .poolMinSize(poolSize).poolMaxSize(poolSize).build());
        return new Client() {
            @Override
            public String name() {
                return "tusk";
            }

            @Override
            public int select(int aid) {
                Integer balance = client.queryValue(sql, Integer.class, aid);
                if (balance == null) {
                    throw new IllegalStateException("account " + aid + " not found");
                }
                return balance;
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    /**
     * HikariCP + PgJDBC written the idiomatic raw way, with a fixed pool of {@code poolSize} connections that send
     * exactly the PgJDBC properties Tusk sends for {@code config} (credentials, TLS mode, the {@code statement_timeout}
     * session option, keep-alive…) and Tusk's acquire timeout, as tusk-bench's raw peer does: only the code between
     * the application and the pool differs.
     */
    static Client raw(TuskConfig config, String sql, int poolSize) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("tusk-bench-raw");
        hikari.setJdbcUrl(config.jdbcUrl());
        // The properties hold the password: they go to the driver only, never to output.
        hikari.setDataSourceProperties(config.toBuilder().applicationName("tusk-bench-raw").build().jdbcProperties());
        hikari.setMinimumIdle(poolSize);
        hikari.setMaximumPoolSize(poolSize);
        hikari.setConnectionTimeout(config.acquireTimeout().toMillis());
        HikariDataSource pool = new HikariDataSource(hikari);
        return new Client() {
            @Override
            public String name() {
                return "raw";
            }

            @Override
            public int select(int aid) throws Exception {
                try (Connection connection = pool.getConnection();
                     PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setInt(1, aid);
                    try (ResultSet rows = statement.executeQuery()) {
                        if (!rows.next()) {
                            throw new IllegalStateException("account " + aid + " not found");
                        }
                        return rows.getInt(1);
                    }
                }
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }

    /** Runs {@code client} for {@code duration} and returns what it did; fails on the first error, naming the client. */
    Round run(Client client, long seed, Duration duration) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] startNanos = new long[1];
        List<Worker> tasks = new ArrayList<>(workers);
        List<Thread> running = new ArrayList<>(workers);
        Thread.Builder builder = threads == Threads.VIRTUAL
                ? Thread.ofVirtual().name("bench-" + client.name() + "-", 0)
                : Thread.ofPlatform().name("bench-" + client.name() + "-", 0);
        for (int i = 0; i < workers; i++) {
            Worker worker = new Worker(client, accounts, new SplittableRandom(seed * 31 + i), start, startNanos,
                    duration.toNanos(), failure, stop);
            tasks.add(worker);
            running.add(builder.start(worker));
        }
        // The threads exist before the clock starts, so their start-up is not counted.
        startNanos[0] = System.nanoTime();
        start.countDown();
        for (Thread thread : running) {
            thread.join();
        }
        double seconds = (System.nanoTime() - startNanos[0]) / 1e9;
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("point-select through " + client.name() + " failed: " + error.getMessage(),
                    error);
        }
        LatencyHistogram merged = new LatencyHistogram();
        long operations = 0;
        for (Worker worker : tasks) {
            merged.add(worker.latencies);
            operations += worker.operations;
        }
        return new Round(client.name(), operations, seconds, merged);
    }

    /** One worker, with its own histogram and counter, so the hot loop shares nothing with the others. */
    private static final class Worker implements Runnable {
        private final Client client;
        private final int accounts;
        private final SplittableRandom random;
        private final CountDownLatch start;
        private final long[] startNanos;
        private final long durationNanos;
        private final AtomicReference<Throwable> failure;
        private final BooleanSupplier stop;
        private final LatencyHistogram latencies = new LatencyHistogram();
        private long operations;

        Worker(Client client, int accounts, SplittableRandom random, CountDownLatch start, long[] startNanos,
               long durationNanos, AtomicReference<Throwable> failure, BooleanSupplier stop) {
            this.client = client;
            this.accounts = accounts;
            this.random = random;
            this.start = start;
            this.startNanos = startNanos;
            this.durationNanos = durationNanos;
            this.failure = failure;
            this.stop = stop;
        }

        @Override
        public void run() {
            try {
                start.await();
                // The latch publishes startNanos: it was written before countDown().
                long deadline = startNanos[0] + durationNanos;
                long now = System.nanoTime();
                while (now < deadline && failure.get() == null && !stop.getAsBoolean()) {
                    int aid = random.nextInt(1, accounts + 1);
                    long began = now;
                    client.select(aid);
                    now = System.nanoTime();
                    latencies.record(now - began);
                    operations++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            } catch (Exception | Error e) {
                failure.compareAndSet(null, e);
            }
        }
    }
}
