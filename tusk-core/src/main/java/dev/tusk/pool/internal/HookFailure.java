package dev.tusk.pool.internal;

import java.sql.SQLException;

/**
 * A hook failed on a new connection. A {@link SQLException} so that HikariCP records it as the last connection
 * failure, from where the acquire path recognises it and reports the hook rather than the server.
 */
final class HookFailure extends SQLException {

    private static final long serialVersionUID = 1L;

    HookFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
