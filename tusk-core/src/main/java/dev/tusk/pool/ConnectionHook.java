package dev.tusk.pool;

import java.sql.Connection;

/** User code the pool runs on a connection at one point of its life; see {@link PoolHooks} for when and what a failure does. */
@FunctionalInterface
public interface ConnectionHook {

    /** The hook that does nothing, which the pool skips without calling. */
    ConnectionHook NONE = connection -> {
    };

    /** Runs on {@code connection}; throwing makes the pool discard the connection. */
    void apply(Connection connection) throws Exception;
}
