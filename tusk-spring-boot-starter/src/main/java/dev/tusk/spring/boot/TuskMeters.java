package dev.tusk.spring.boot;

import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.metrics.TuskMetrics;
import dev.tusk.trace.TuskTracer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Puts Tusk's meters ({@link TuskMetrics}) in the application's {@link MeterRegistry} when it has one: the tracer
 * that records connection waits, statements and transactions is given to the client when it opens, and the meters
 * read from its statistics are bound once it is open. Loaded only when Micrometer is on the class path.
 */
public final class TuskMeters {

    private final ObjectProvider<MeterRegistry> registries;

    /** Meters in the registry {@code registries} yields, if any (the primary one when there are several). */
    public TuskMeters(ObjectProvider<MeterRegistry> registries) {
        this.registries = registries;
    }

    /** The tracer recording into the registry for a client opened with {@code config}; NONE without a registry. */
    TuskTracer tracer(TuskConfig config) {
        MeterRegistry registry = registries.getIfAvailable();
        return registry == null ? TuskTracer.NONE : TuskMetrics.tracer(config, registry);
    }

    /** Registers the meters read from {@code client}'s statistics in the registry, if there is one. */
    void bind(TuskClient client) {
        MeterRegistry registry = registries.getIfAvailable();
        if (registry != null) {
            TuskMetrics.bind(client, registry);
        }
    }
}
