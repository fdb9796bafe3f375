package dev.tusk.bench.pointselect;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.metrics.TuskMetrics;
import dev.tusk.pool.PoolHooks;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Point-select through Tusk's one-liner, {@link TuskClient#queryValue}, as an application would write it. */
public final class TuskPointSelect implements PointSelectClient {

    /** The {@code application_name} of this client's sessions, to tell them apart on the server. */
    public static final String APPLICATION_NAME = "tusk-bench-tusk";

    /** The {@code application_name} of the sessions of the client with retry and the breaker off. */
    public static final String BARE_APPLICATION_NAME = "tusk-bench-tusk-bare";

    /** The {@code application_name} of the sessions of the client with metrics on. */
    public static final String METRICS_APPLICATION_NAME = "tusk-bench-tusk-metrics";

    private final TuskClient client;
    private final String name;

    /** Opens a Tusk client for {@code config} with a fixed pool of {@code poolSize} connections and its defaults. */
    public TuskPointSelect(TuskConfig config, int poolSize) {
        this(config, poolSize, true);
    }

    /**
     * Opens a Tusk client for {@code config} with a fixed pool of {@code poolSize} connections; with {@code resilience}
     * false it is {@code tusk-bare}: {@code maxRetries=0} and {@code circuitBreakerThreshold=0}, the settings that turn
     * retry and the circuit breaker off, and otherwise the same.
     */
    public TuskPointSelect(TuskConfig config, int poolSize, boolean resilience) {
        // tusk is the baseline tusk-metrics is measured against, so its metrics are off, as the bar states it.
        this(Tusk.connect(resilience ? configure(config, poolSize, true).toBuilder().metricsEnabled(false).build()
                        : configure(config, poolSize, false)),
                resilience ? PointSelectOptions.TUSK : PointSelectOptions.TUSK_BARE);
    }

    private TuskPointSelect(TuskClient client, String name) {
        this.client = client;
        this.name = name;
    }

    /** {@code tusk-metrics}: the {@code tusk} client with metrics on, bound to a Prometheus registry. */
    public static TuskPointSelect withMetrics(TuskConfig config, int poolSize) {
        TuskConfig configured = configure(config, poolSize, true).toBuilder().applicationName(METRICS_APPLICATION_NAME)
                .metricsEnabled(true).build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new TuskPointSelect(TuskMetrics.connect(configured, PoolHooks.NONE, registry),
                PointSelectOptions.TUSK_METRICS);
    }

    /** The config both Tusk benchmark clients use: a fixed pool, and retry and the breaker on or off. */
    public static TuskConfig configure(TuskConfig config, int poolSize, boolean resilience) {
        var builder = config.toBuilder()
                .applicationName(resilience ? APPLICATION_NAME : BARE_APPLICATION_NAME)
                .poolMinSize(poolSize)
                .poolMaxSize(poolSize);
        if (!resilience) {
            builder.maxRetries(0).circuitBreakerThreshold(0);
        }
        return builder.build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int select(int aid) {
        Integer balance = client.queryValue(SQL, Integer.class, aid);
        if (balance == null) {
            throw new IllegalStateException("account " + aid + " not found (or its balance is NULL)");
        }
        return balance;
    }

    @Override
    public void close() {
        client.close();
    }
}
