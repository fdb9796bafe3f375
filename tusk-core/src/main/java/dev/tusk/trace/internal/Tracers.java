package dev.tusk.trace.internal;

import dev.tusk.resilience.CircuitState;
import dev.tusk.trace.TuskTracer;
import dev.tusk.tx.TransactionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Several tracers as one, each call guarded so that a tracer that throws is logged (once per tracer and method kind
 * every minute at most) and cannot break the caller's work. Contexts are kept per tracer in an array.
 */
public final class Tracers implements TuskTracer {

    private static final Logger LOG = LoggerFactory.getLogger(TuskTracer.class);

    private final TuskTracer[] tracers;
    // The tracers that override the per-call events, so that a statement or a lease pays only for those who listen:
    // the built-in slow-statement log and audit tracer hear neither statementStarted nor the connection events.
    private final int[] hearStatementStarted;
    private final TuskTracer[] hearConnectionAcquired;
    private final TuskTracer[] hearConnectionReleased;

    private Tracers(TuskTracer[] tracers) {
        this.tracers = tracers;
        this.hearStatementStarted = java.util.stream.IntStream.range(0, tracers.length)
                .filter(i -> overrides(tracers[i], "statementStarted", String.class, boolean.class)).toArray();
        this.hearConnectionAcquired = java.util.Arrays.stream(tracers)
                .filter(tracer -> overrides(tracer, "connectionAcquired", long.class)).toArray(TuskTracer[]::new);
        this.hearConnectionReleased = java.util.Arrays.stream(tracers)
                .filter(tracer -> overrides(tracer, "connectionReleased")).toArray(TuskTracer[]::new);
    }

    /** Whether {@code tracer} has its own {@code method}, not the no-op default; when it cannot be told, it has. */
    static boolean overrides(TuskTracer tracer, String method, Class<?>... parameters) {
        try {
            return tracer.getClass().getMethod(method, parameters).getDeclaringClass() != TuskTracer.class;
        } catch (NoSuchMethodException | SecurityException e) {
            return true;
        }
    }

    /** {@code tracers} as one: {@link TuskTracer#NONE} when there are none, the tracer itself when there is one. */
    public static TuskTracer compose(TuskTracer... tracers) {
        List<TuskTracer> kept = new ArrayList<>();
        for (TuskTracer tracer : tracers) {
            Objects.requireNonNull(tracer, "tracers must not hold null; use TuskTracer.NONE");
            if (tracer == NONE) {
                continue;
            }
            if (tracer instanceof Tracers many) {
                kept.addAll(List.of(many.tracers));
            } else {
                kept.add(tracer);
            }
        }
        if (kept.isEmpty()) {
            return NONE;
        }
        return new Tracers(kept.toArray(TuskTracer[]::new));
    }

    private static Object contextOf(Object[] contexts, int i) {
        return contexts == null ? null : contexts[i];
    }

    private static void failed(TuskTracer tracer, String event, RuntimeException e) {
        LOG.warn("Tracer {} failed on {} and was skipped for that event: {}", tracer.getClass().getName(), event,
                e.toString());
    }

    @Override
    public Object statementStarted(String sql, boolean inTransaction) {
        // Allocated only when some tracer returns a context: the built-in ones never do.
        Object[] contexts = null;
        for (int i : hearStatementStarted) {
            try {
                Object context = tracers[i].statementStarted(sql, inTransaction);
                if (context != null) {
                    if (contexts == null) {
                        contexts = new Object[tracers.length];
                    }
                    contexts[i] = context;
                }
            } catch (RuntimeException e) {
                failed(tracers[i], "statementStarted", e);
            }
        }
        return contexts;
    }

    @Override
    public void statementSucceeded(String sql, Object context, long rows, long nanos) {
        Object[] contexts = (Object[]) context;
        for (int i = 0; i < tracers.length; i++) {
            try {
                tracers[i].statementSucceeded(sql, contextOf(contexts, i), rows, nanos);
            } catch (RuntimeException e) {
                failed(tracers[i], "statementSucceeded", e);
            }
        }
    }

    @Override
    public void statementFailed(String sql, Object context, Throwable failure, long nanos) {
        Object[] contexts = (Object[]) context;
        for (int i = 0; i < tracers.length; i++) {
            try {
                tracers[i].statementFailed(sql, contextOf(contexts, i), failure, nanos);
            } catch (RuntimeException e) {
                failed(tracers[i], "statementFailed", e);
            }
        }
    }

    @Override
    public void connectionAcquired(long waitNanos) {
        for (TuskTracer tracer : hearConnectionAcquired) {
            try {
                tracer.connectionAcquired(waitNanos);
            } catch (RuntimeException e) {
                failed(tracer, "connectionAcquired", e);
            }
        }
    }

    @Override
    public void connectionFailed(Throwable failure, long waitNanos) {
        for (TuskTracer tracer : tracers) {
            try {
                tracer.connectionFailed(failure, waitNanos);
            } catch (RuntimeException e) {
                failed(tracer, "connectionFailed", e);
            }
        }
    }

    @Override
    public void connectionReleased() {
        for (TuskTracer tracer : hearConnectionReleased) {
            try {
                tracer.connectionReleased();
            } catch (RuntimeException e) {
                failed(tracer, "connectionReleased", e);
            }
        }
    }

    @Override
    public Object transactionStarted(TransactionOptions options) {
        // Allocated only when some tracer returns a context: the built-in ones never do.
        Object[] contexts = null;
        for (int i = 0; i < tracers.length; i++) {
            try {
                Object context = tracers[i].transactionStarted(options);
                if (context != null) {
                    if (contexts == null) {
                        contexts = new Object[tracers.length];
                    }
                    contexts[i] = context;
                }
            } catch (RuntimeException e) {
                failed(tracers[i], "transactionStarted", e);
            }
        }
        return contexts;
    }

    @Override
    public void transactionCommitted(Object context, long nanos) {
        Object[] contexts = (Object[]) context;
        for (int i = 0; i < tracers.length; i++) {
            try {
                tracers[i].transactionCommitted(contextOf(contexts, i), nanos);
            } catch (RuntimeException e) {
                failed(tracers[i], "transactionCommitted", e);
            }
        }
    }

    @Override
    public void transactionRolledBack(Object context, Throwable failure, long nanos) {
        Object[] contexts = (Object[]) context;
        for (int i = 0; i < tracers.length; i++) {
            try {
                tracers[i].transactionRolledBack(contextOf(contexts, i), failure, nanos);
            } catch (RuntimeException e) {
                failed(tracers[i], "transactionRolledBack", e);
            }
        }
    }

    @Override
    public void transactionRerun(int run, Throwable failure) {
        for (TuskTracer tracer : tracers) {
            try {
                tracer.transactionRerun(run, failure);
            } catch (RuntimeException e) {
                failed(tracer, "transactionRerun", e);
            }
        }
    }

    @Override
    public void statementRetried(int retry, Throwable failure) {
        for (TuskTracer tracer : tracers) {
            try {
                tracer.statementRetried(retry, failure);
            } catch (RuntimeException e) {
                failed(tracer, "statementRetried", e);
            }
        }
    }

    @Override
    public void breakerStateChanged(CircuitState from, CircuitState to) {
        for (TuskTracer tracer : tracers) {
            try {
                tracer.breakerStateChanged(from, to);
            } catch (RuntimeException e) {
                failed(tracer, "breakerStateChanged", e);
            }
        }
    }

    @Override
    public void copyFinished(String target, boolean in, long rows, long bytes, long nanos, Throwable failure) {
        for (TuskTracer tracer : tracers) {
            try {
                tracer.copyFinished(target, in, rows, bytes, nanos, failure);
            } catch (RuntimeException e) {
                failed(tracer, "copyFinished", e);
            }
        }
    }

    @Override
    public void batchFinished(long items, long failedItems, long nanos) {
        for (TuskTracer tracer : tracers) {
            try {
                tracer.batchFinished(items, failedItems, nanos);
            } catch (RuntimeException e) {
                failed(tracer, "batchFinished", e);
            }
        }
    }
}
