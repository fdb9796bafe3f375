package dev.tusk.opentelemetry;

import dev.tusk.config.TuskConfig;
import dev.tusk.opentelemetry.internal.SpanTracer;
import dev.tusk.trace.TuskTracer;
import io.opentelemetry.api.OpenTelemetry;

import java.util.Objects;

/**
 * Spans for a Tusk client, following OpenTelemetry's database semantic conventions: one client span per statement,
 * named by its operation and first table ({@code SELECT orders}), and one {@code TRANSACTION} span per transaction,
 * the parent of the statements run inside it. Immutable; each {@code withX} returns a copy.
 *
 * <pre>{@code
 * TuskTracer tracer = TuskOpenTelemetry.create(openTelemetry).tracerFor(config);
 * TuskClient client = Tusk.connect(config, PoolHooks.NONE, tracer);
 * }</pre>
 *
 * <p>Parameter values never reach a span, nor do error messages (PostgreSQL quotes row values in them). The SQL text
 * ({@code db.query.text}) is left out unless {@link #withQueryText} allows it, since Tusk's SQL may hold literals.
 */
public final class TuskOpenTelemetry {

    /** The instrumentation scope name the spans are created under. */
    public static final String INSTRUMENTATION_NAME = "dev.tusk.opentelemetry";

    /** Whether spans carry the SQL text unless told otherwise: no, as literals in it may be personal data. */
    public static final boolean DEFAULT_QUERY_TEXT = false;

    private final OpenTelemetry openTelemetry;
    private final boolean queryText;

    private TuskOpenTelemetry(OpenTelemetry openTelemetry, boolean queryText) {
        this.openTelemetry = openTelemetry;
        this.queryText = queryText;
    }

    /** Spans created through {@code openTelemetry} (an SDK, {@code GlobalOpenTelemetry.get()} or an agent's). */
    public static TuskOpenTelemetry create(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry must not be null; use OpenTelemetry.noop() for none");
        return new TuskOpenTelemetry(openTelemetry, DEFAULT_QUERY_TEXT);
    }

    /**
     * A copy that records each statement's SQL as {@code db.query.text} when {@code queryText} is true. Parameters
     * stay out ({@code $1}, {@code ?}), but literals written into the SQL go in: turn it on only if they are safe to
     * ship to the tracing backend.
     */
    public TuskOpenTelemetry withQueryText(boolean queryText) {
        return new TuskOpenTelemetry(openTelemetry, queryText);
    }

    /** Whether spans carry the SQL text. */
    public boolean queryText() {
        return queryText;
    }

    /** A tracer for the client opened with {@code config}, whose server and database its spans name. */
    public TuskTracer tracerFor(TuskConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        return new SpanTracer(openTelemetry.getTracer(INSTRUMENTATION_NAME), config, queryText);
    }

    @Override
    public String toString() {
        return "TuskOpenTelemetry[queryText=" + queryText + "]";
    }
}
