package dev.tusk.testing.pgbouncer;

import java.util.Locale;

/** When PgBouncer hands a server connection back to the pool, as set by its {@code pool_mode}. */
public enum PoolMode {
    /** After the client disconnects. */
    SESSION,
    /** After each transaction; session state such as named prepared statements does not carry over. */
    TRANSACTION,
    /** After each statement; multi-statement transactions are refused. */
    STATEMENT;

    /** The value PgBouncer's {@code pool_mode} setting and {@code SHOW POOLS} use, such as {@code transaction}. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
