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

    /** Opens a client for a {@code postgresql://user:password@host:port/database} URL. */
    public static TuskClient connect(String url) {
        return connect(TuskConfig.fromUrl(url));
    }
}
