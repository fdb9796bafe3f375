package dev.tusk.security.internal;

import dev.tusk.AuthenticationException;
import dev.tusk.TuskException;
import dev.tusk.resilience.CircuitState;
import dev.tusk.trace.TuskTracer;
import dev.tusk.security.AuditLog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns what the client hears into audit events: connection, TLS and authentication failures, the breaker opening and
 * closing. Only the error's class and SQLSTATE go into the details, never its message, so nothing the server or the
 * driver echoes (a user name in a URL, a value) can reach the audit table.
 */
final class AuditTracer implements TuskTracer {

    /** The SQLSTATE Tusk gives every TLS refusal (no TLS offered, unknown CA, host name mismatch, expired certificate). */
    private static final String TLS_REFUSED_STATE = "08004";

    private final AuditLog audit;
    private final String principal;

    AuditTracer(AuditLog audit, String principal) {
        this.audit = audit;
        this.principal = principal;
    }

    @Override
    public void connectionFailed(Throwable failure, long waitNanos) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("error", failure.getClass().getSimpleName());
        if (failure instanceof TuskException tusk && tusk.sqlState() != null) {
            details.put("sqlState", tusk.sqlState());
        }
        details.put("waitedMs", Long.toString(TimeUnit.NANOSECONDS.toMillis(waitNanos)));
        String type = isAuthentication(failure) ? "auth.failure"
                : TLS_REFUSED_STATE.equals(details.get("sqlState")) ? "tls.refused" : "connection.failure";
        audit.record(type, principal, false, details);
    }

    @Override
    public void breakerStateChanged(CircuitState from, CircuitState to) {
        if (to == CircuitState.OPEN) {
            audit.record("breaker.opened", principal, false, Map.of("from", from.name()));
        } else if (to == CircuitState.CLOSED) {
            audit.record("breaker.closed", principal, true, Map.of("from", from.name()));
        }
    }

    private static boolean isAuthentication(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException) {
                return true;
            }
        }
        return false;
    }
}
