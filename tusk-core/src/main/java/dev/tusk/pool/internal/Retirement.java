package dev.tusk.pool.internal;

/** Why a physical connection was closed, as far as Tusk can tell; see {@link ConnectionLedger#classify}. */
enum Retirement {
    /** It reached its maximum lifetime. */
    LIFETIME,
    /** It ran {@code maxQueriesPerConnection} statements. */
    MAX_USES,
    /** It failed validation, broke in use, or a hook failed on it. */
    BROKEN,
    /** It sat idle above the minimum size for {@code idleTimeout}. */
    IDLE,
    /** The pool was closing; not a retirement, and not counted. */
    SHUTDOWN
}
