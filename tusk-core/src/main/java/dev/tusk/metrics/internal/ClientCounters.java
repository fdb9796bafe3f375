package dev.tusk.metrics.internal;

import dev.tusk.trace.TuskTracer;
import dev.tusk.tx.TransactionOptions;

import java.util.concurrent.atomic.LongAdder;

/** The tracer behind {@code PoolStats}' {@code queries}, {@code transactions} and {@code errors}: three adders. */
public final class ClientCounters implements TuskTracer {

    private final LongAdder queries = new LongAdder();
    private final LongAdder transactions = new LongAdder();
    private final LongAdder errors = new LongAdder();

    @Override
    public Object statementStarted(String sql, boolean inTransaction) {
        queries.increment();
        return null;
    }

    @Override
    public void statementFailed(String sql, Object context, Throwable failure, long nanos) {
        errors.increment();
    }

    @Override
    public Object transactionStarted(TransactionOptions options) {
        transactions.increment();
        return null;
    }

    @Override
    public void transactionRolledBack(Object context, Throwable failure, long nanos) {
        errors.increment();
    }

    /** Statements started. */
    public long queries() {
        return queries.sum();
    }

    /** Transactions begun; a re-run is the same transaction. */
    public long transactions() {
        return transactions.sum();
    }

    /** Statements failed plus transactions rolled back. */
    public long errors() {
        return errors.sum();
    }
}
