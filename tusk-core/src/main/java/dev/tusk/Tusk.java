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

    /** Opens a client for a {@code postgresql://user:password@host:port/database} URL. */
    public static TuskClient connect(String url) {
        return connect(TuskConfig.fromUrl(url));
    }
}
