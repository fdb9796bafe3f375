package dev.tusk;

import dev.tusk.config.TuskConfig;
import dev.tusk.pool.PoolHooks;

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
        return new TuskClient(config, hooks);
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
