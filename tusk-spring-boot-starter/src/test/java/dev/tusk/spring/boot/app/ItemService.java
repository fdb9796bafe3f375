package dev.tusk.spring.boot.app;

import dev.tusk.TuskClient;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Spring-managed transactions that mix JdbcClient and Tusk's client, as an application would. */
@Service
public class ItemService {

    private final JdbcClient jdbc;
    private final TuskClient client;

    /** A service writing through both {@code jdbc} and {@code client}. */
    public ItemService(JdbcClient jdbc, TuskClient client) {
        this.jdbc = jdbc;
        this.client = client;
    }

    /** Adds an item through JdbcClient in a Spring transaction. */
    @Transactional
    public void add(int id) {
        jdbc.sql("INSERT INTO item (id, note) VALUES (?, 'spring')").param(id).update();
    }

    /**
     * Adds {@code springId} through JdbcClient and {@code tuskId} through {@code client.inTransaction}, then fails when
     * {@code fail}; returns the backend pids each ran on.
     */
    @Transactional
    public int[] addThroughBoth(int springId, int tuskId, boolean fail) {
        jdbc.sql("INSERT INTO item (id, note) VALUES (?, 'spring')").param(springId).update();
        int springPid = jdbc.sql("SELECT pg_backend_pid()").query(Integer.class).single();
        int tuskPid = client.inTransaction(tx -> {
            tx.execute("INSERT INTO item (id, note) VALUES (?, 'tusk')", tuskId);
            return tx.queryValue("SELECT pg_backend_pid()", Integer.class);
        });
        if (fail) {
            throw new IllegalStateException("the Spring transaction fails on purpose");
        }
        return new int[] {springPid, tuskPid};
    }

    /** Adds {@code springId}, then a Tusk transaction that adds {@code tuskId} and throws, caught here; commits. */
    @Transactional
    public void addThenFailInTusk(int springId, int tuskId) {
        jdbc.sql("INSERT INTO item (id, note) VALUES (?, 'spring')").param(springId).update();
        try {
            client.useTransaction(tx -> {
                tx.execute("INSERT INTO item (id, note) VALUES (?, 'tusk')", tuskId);
                throw new IllegalStateException("the Tusk transaction fails on purpose");
            });
        } catch (IllegalStateException expected) {
            // Only the Tusk part (its savepoint) is undone; the Spring transaction goes on and commits.
        }
    }
}
