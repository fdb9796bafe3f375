package dev.tusk;

import dev.tusk.config.TuskConfig;
import dev.tusk.pool.PoolHooks;
import dev.tusk.trace.TuskTracer;
import dev.tusk.tx.AmbientTransaction;

/** Where Tusk starts: opens clients. */
public final class Tusk {

    private Tusk() {
    }

    /** Opens a client for {@code config}; with {@code warmUp} on, returns once the pool's minimum connections are open. */
    public static TuskClient connect(TuskConfig config) {
        return connect(config, PoolHooks.NONE);
    }

    /** Opens a client for {@code config} whose pool runs {@code hooks} on its connections. */
    public static TuskClient connect(TuskConfig config, PoolHooks hooks) {
        return connect(config, hooks, TuskTracer.NONE);
    }

    /**
     * Opens a client for {@code config} whose pool runs {@code hooks} and whose work {@code tracer} hears (combine
     * several with {@link TuskTracer#of}).
     */
    public static TuskClient connect(TuskConfig config, PoolHooks hooks, TuskTracer tracer) {
        return connect(config, hooks, tracer, AmbientTransaction.NONE);
    }

    /**
     * Opens a client as {@link #connect(TuskConfig, PoolHooks, TuskTracer)} does, whose top-level
     * {@code inTransaction} joins the transaction {@code ambient} reports open on the calling thread (a framework's,
     * such as Spring's) instead of opening a second one; see {@link AmbientTransaction}.
     */
    public static TuskClient connect(TuskConfig config, PoolHooks hooks, TuskTracer tracer, AmbientTransaction ambient) {
        java.util.Objects.requireNonNull(tracer, "tracer must not be null; use TuskTracer.NONE");
        java.util.Objects.requireNonNull(ambient, "ambient must not be null; use AmbientTransaction.NONE");
        // Composed even when alone, so that a tracer that throws is logged instead of failing the caller's work.
        return new TuskClient(config, hooks, TuskTracer.of(tracer), ambient);
    }

    /**
     * Opens a client configured from the environment: {@code DATABASE_URL}, the {@code POSTGRES_*},
     * {@code POSTGRESQL_*}, {@code DB_*} and {@code PG*} variables, {@code ~/.pgpass}, and the profile chosen by
     * {@code TUSK_ENV}, with the precedence documented in {@code docs/configuration.md}.
     */
    public static TuskClient fromEnvironment() {
        return connect(TuskConfig.fromEnvironment());
    }

    /** Opens a client for a {@code postgresql://user:password@host:port/database} URL. */
    public static TuskClient connect(String url) {
        return connect(TuskConfig.fromUrl(url));
    }
}
