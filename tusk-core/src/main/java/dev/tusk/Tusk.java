package dev.tusk;

import dev.tusk.config.TuskConfig;

/** Where Tusk starts: opens clients. */
public final class Tusk {

    private Tusk() {
    }

    /** Opens a client for {@code config}; connections are opened by the pool as needed. */
    public static TuskClient connect(TuskConfig config) {
        return new TuskClient(config);
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
