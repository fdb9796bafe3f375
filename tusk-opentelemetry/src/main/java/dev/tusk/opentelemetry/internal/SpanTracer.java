package dev.tusk.opentelemetry.internal;

import dev.tusk.TuskException;
import dev.tusk.config.TuskConfig;
import dev.tusk.trace.TuskTracer;
import dev.tusk.tx.TransactionOptions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.Set;

/**
 * A {@link TuskTracer} that turns statements and transactions into client spans. A statement's span is a child of
 * whatever span is current on the calling thread, which inside {@code inTransaction} is the transaction's span.
 */
public final class SpanTracer implements TuskTracer {

    /** The span name of a transaction. */
    public static final String TRANSACTION = "TRANSACTION";

    private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");

    private final Tracer tracer;
    private final boolean queryText;
    private final Attributes common;
    private final String fallbackName;

    /** A tracer whose spans come from {@code tracer} and name the server and database of {@code config}. */
    public SpanTracer(Tracer tracer, TuskConfig config, boolean queryText) {
        this.tracer = tracer;
        this.queryText = queryText;
        var attributes = Attributes.builder().put(DbKeys.SYSTEM_NAME, "postgresql")
                .put(DbKeys.NAMESPACE, config.database());
        var servers = config.servers();
        if (servers.size() == 1) {
            attributes.put(DbKeys.SERVER_ADDRESS, servers.getFirst().host())
                    .put(DbKeys.SERVER_PORT, servers.getFirst().port());
        } else {
            // Which listed server a span's connection went to is not known here: name them all, with their ports.
            attributes.put(DbKeys.SERVER_ADDRESS, config.serverList());
        }
        this.common = attributes.build();
        this.fallbackName = config.database();
    }

    /** What a statement's end needs from its start. */
    private record StatementSpan(Span span, boolean reportsRows) {
    }

    /** A transaction's span and the scope that makes it current on the thread running the callback. */
    private record TransactionSpan(Span span, Scope scope) {
    }

    @Override
    public Object statementStarted(String sql, boolean inTransaction) {
        SqlSummary summary = SqlSummary.of(sql);
        SpanBuilder builder = tracer.spanBuilder(spanName(summary)).setSpanKind(SpanKind.CLIENT)
                .setParent(Context.current()).setAllAttributes(common);
        if (summary.operation() != null) {
            builder.setAttribute(DbKeys.OPERATION_NAME, summary.operation());
        }
        if (summary.collection() != null) {
            builder.setAttribute(DbKeys.COLLECTION_NAME, summary.collection());
        }
        if (queryText) {
            builder.setAttribute(DbKeys.QUERY_TEXT, sql);
        }
        // The SPI's row count is an update count for writes; only rows that came back are "returned rows".
        boolean reportsRows = summary.operation() != null
                && (!WRITES.contains(summary.operation()) || summary.returning());
        return new StatementSpan(builder.startSpan(), reportsRows);
    }

    @Override
    public void statementSucceeded(String sql, Object context, long rows, long nanos) {
        if (context instanceof StatementSpan statement) {
            if (rows >= 0 && statement.reportsRows()) {
                statement.span().setAttribute(DbKeys.RETURNED_ROWS, rows);
            }
            statement.span().end();
        }
    }

    @Override
    public void statementFailed(String sql, Object context, Throwable failure, long nanos) {
        if (context instanceof StatementSpan statement) {
            fail(statement.span(), failure);
            statement.span().end();
        }
    }

    @Override
    public Object transactionStarted(TransactionOptions options) {
        Span span = tracer.spanBuilder(TRANSACTION).setSpanKind(SpanKind.CLIENT).setParent(Context.current())
                .setAllAttributes(common).setAttribute(DbKeys.ISOLATION_LEVEL, options.isolation().sql())
                .setAttribute(DbKeys.READ_ONLY, options.readOnly())
                .setAttribute(DbKeys.DEFERRABLE, options.deferrable()).startSpan();
        // Tusk runs the callback on this thread and ends the transaction on it too, so the scope closes where it opened.
        return new TransactionSpan(span, span.makeCurrent());
    }

    @Override
    public void transactionCommitted(Object context, long nanos) {
        if (context instanceof TransactionSpan transaction) {
            end(transaction);
        }
    }

    @Override
    public void transactionRolledBack(Object context, Throwable failure, long nanos) {
        if (context instanceof TransactionSpan transaction) {
            fail(transaction.span(), failure);
            end(transaction);
        }
    }

    @Override
    public void transactionRerun(int run, Throwable failure) {
        Span.current().addEvent(DbKeys.RERUN_EVENT, Attributes.of(DbKeys.RUN, (long) run, DbKeys.ERROR_TYPE,
                errorType(failure)));
    }

    @Override
    public void statementRetried(int retry, Throwable failure) {
        Span.current().addEvent(DbKeys.RETRY_EVENT, Attributes.of(DbKeys.RETRY, (long) retry, DbKeys.ERROR_TYPE,
                errorType(failure)));
    }

    private static void end(TransactionSpan transaction) {
        try {
            transaction.scope().close();
        } finally {
            transaction.span().end();
        }
    }

    /** The span name the conventions ask for: {@code operation table}, the operation, or the database. */
    private String spanName(SqlSummary summary) {
        if (summary.operation() == null) {
            return fallbackName;
        }
        return summary.collection() == null ? summary.operation() : summary.operation() + " " + summary.collection();
    }

    /**
     * Marks {@code span} failed by SQLSTATE or exception class. The message is left out on purpose: PostgreSQL puts
     * row values in it ({@code Key (email)=(…) already exists}), and those are parameter values.
     */
    private static void fail(Span span, Throwable failure) {
        AttributesBuilder attributes = Attributes.builder().put(DbKeys.ERROR_TYPE, errorType(failure));
        if (failure instanceof TuskException tusk && tusk.sqlState() != null) {
            attributes.put(DbKeys.RESPONSE_STATUS_CODE, tusk.sqlState());
        }
        span.setAllAttributes(attributes.build());
        span.setStatus(StatusCode.ERROR);
    }

    /** A bounded description of {@code failure}: its SQLSTATE when the server sent one, else its class. */
    static String errorType(Throwable failure) {
        if (failure instanceof TuskException tusk && tusk.sqlState() != null) {
            return tusk.sqlState();
        }
        return failure.getClass().getName();
    }

    /** Attribute keys of OpenTelemetry's database conventions, and Tusk's own for what those do not cover. */
    static final class DbKeys {
        static final AttributeKey<String> SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
        static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
        static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
        static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
        static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
        static final AttributeKey<String> COLLECTION_NAME = AttributeKey.stringKey("db.collection.name");
        static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
        static final AttributeKey<Long> RETURNED_ROWS = AttributeKey.longKey("db.response.returned_rows");
        static final AttributeKey<String> RESPONSE_STATUS_CODE = AttributeKey.stringKey("db.response.status_code");
        static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
        static final AttributeKey<String> ISOLATION_LEVEL = AttributeKey.stringKey("tusk.transaction.isolation_level");
        static final AttributeKey<Boolean> READ_ONLY = AttributeKey.booleanKey("tusk.transaction.read_only");
        static final AttributeKey<Boolean> DEFERRABLE = AttributeKey.booleanKey("tusk.transaction.deferrable");
        static final AttributeKey<Long> RUN = AttributeKey.longKey("tusk.transaction.run");
        static final AttributeKey<Long> RETRY = AttributeKey.longKey("tusk.retry");
        static final String RERUN_EVENT = "tusk.transaction.rerun";
        static final String RETRY_EVENT = "tusk.statement.retry";

        private DbKeys() {
        }
    }
}
