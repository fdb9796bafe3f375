package dev.tusk.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.health.HealthReport;
import dev.tusk.health.HealthStatus;
import dev.tusk.http.internal.BoundedExecutor;
import dev.tusk.http.internal.Documents;
import dev.tusk.http.internal.MetricsPage;
import dev.tusk.http.internal.PoolHistory;
import dev.tusk.http.internal.PrometheusText;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Serves a client's figures over HTTP for operators and scrapers: {@code /} (a live dashboard page that needs no
 * network beyond this server), {@code /metrics} (Prometheus text), {@code /pool}, {@code /resilience},
 * {@code /statements} and {@code /health} (JSON, 503 when unhealthy).
 * It reads counters and the background health report the client keeps, so a scrape never takes a connection from the
 * application while the background check keeps up (else see {@link #HEALTH_MAX_AGE}), and it shows
 * host, port and database but never a user's password. Binds to loopback unless given another address.
 */
public final class TuskHttpServer implements AutoCloseable {

    /** Requests served at once; more are refused (the connection closed) rather than queued without bound. */
    public static final int MAX_CONCURRENT_REQUESTS = 16;

    /** How often the pool is sampled for the dashboard's utilisation chart. */
    public static final Duration SAMPLE_PERIOD = Duration.ofSeconds(1);

    /** Samples kept for the chart: five minutes at the sample period. */
    public static final int HISTORY_SAMPLES = 300;

    /** Statements listed by {@code /statements}, the costliest in total time first. */
    public static final int TOP_STATEMENTS = 50;

    /** How old a health report {@code /health} serves when the client runs no background check. */
    public static final Duration HEALTH_MAX_AGE = Duration.ofSeconds(5);

    private static final String DASHBOARD = "dashboard.html";
    // The page may talk to this server only: no CDN, no fonts, no beacons, so it works offline and leaks nothing.
    private static final String DASHBOARD_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:";

    private final TuskClient client;
    private final HttpServer server;
    private final ScheduledExecutorService sampler;
    private final PoolHistory history;
    private final String poolName;
    private final Duration healthMaxAge;
    private final byte[] dashboard;

    private TuskHttpServer(TuskClient client, HttpServer server) {
        this.client = client;
        this.server = server;
        this.poolName = poolName(client.config());
        this.healthMaxAge = healthMaxAge(client.config());
        this.dashboard = resource(DASHBOARD);
        this.history = new PoolHistory(client::poolStats, Clock.systemUTC(), HISTORY_SAMPLES);
        this.sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("tusk-http-sampler").factory());
    }

    /** Starts serving {@code client} on loopback at a free port; {@link #uri()} says where. */
    public static TuskHttpServer start(TuskClient client) {
        return start(client, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Starts serving {@code client} at {@code address} (port 0: any free port); close it to stop. */
    public static TuskHttpServer start(TuskClient client, InetSocketAddress address) {
        Objects.requireNonNull(client, "client must not be null");
        Objects.requireNonNull(address, "address must not be null");
        HttpServer http;
        try {
            http = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on " + address + ": " + e.getMessage(), e);
        }
        TuskHttpServer server = new TuskHttpServer(client, http);
        http.setExecutor(new BoundedExecutor("tusk-http", MAX_CONCURRENT_REQUESTS));
        http.createContext("/", server::handle);
        server.sampler.scheduleAtFixedRate(server.history::sample, 0, SAMPLE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        http.start();
        return server;
    }

    /** The address the server listens on, with the port it was given when asked for port 0. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The dashboard's URL, for instance {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort() + "/");
    }

    /** Stops listening at once (exchanges in flight are cut) and stops sampling; the client stays open. */
    @Override
    public void close() {
        sampler.shutdownNow();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
                return;
            }
            try {
                route(exchange);
            } catch (RuntimeException e) {
                // Most often the client was closed; Tusk's messages name host and database but never a password.
                send(exchange, 503, "application/json", Documents.error(e) + "\n");
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        switch (exchange.getRequestURI().getPath()) {
            case "/" -> {
                exchange.getResponseHeaders().set("Content-Security-Policy", DASHBOARD_POLICY);
                send(exchange, 200, "text/html; charset=utf-8", dashboard);
            }
            case "/metrics" -> send(exchange, 200, PrometheusText.CONTENT_TYPE, MetricsPage.render(poolName,
                    client.poolStats(), client.circuitBreaker(), client.resilienceStats(), client.statementCacheStats(),
                    client.statementStats(), client.audit().stats()));
            case "/pool" -> send(exchange, 200, "application/json",
                    Documents.pool(poolName, client.poolStats(), history.samples()) + "\n");
            case "/resilience" -> send(exchange, 200, "application/json",
                    Documents.resilience(client.circuitBreaker(), client.resilienceStats()) + "\n");
            case "/health" -> {
                HealthReport report = client.health(healthMaxAge);
                send(exchange, report.status() == HealthStatus.UNHEALTHY ? 503 : 200, "application/json",
                        report.toJson() + "\n");
            }
            case "/statements" -> send(exchange, 200, "application/json",
                    Documents.statements(client.statementStats(), TOP_STATEMENTS) + "\n");
            default -> send(exchange, 404, "text/plain; charset=utf-8",
                    "not found: try /, /health, /metrics, /pool, /resilience or /statements\n");
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // Figures are live: a cached page or document would show a pool that no longer exists.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * The oldest health report {@code /health} serves before checking afresh: with a background check, its interval
     * plus time for a check in flight, so that the background's report is always served and a scrape takes no
     * connection; without one, {@link #HEALTH_MAX_AGE}, so that scrapes check at most once in that time.
     */
    static Duration healthMaxAge(TuskConfig config) {
        Duration interval = config.healthCheckInterval();
        return interval.isZero() ? HEALTH_MAX_AGE : interval.plus(HealthReport.CHECK_TIMEOUT.multipliedBy(2));
    }

    /** The pool's name in OpenTelemetry's sense: where it connects, without user or password. */
    private static String poolName(TuskConfig config) {
        return config.serverList() + "/" + config.database();
    }

    private static byte[] resource(String name) {
        try (InputStream in = TuskHttpServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard page " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the dashboard page " + name, e);
        }
    }

    @Override
    public String toString() {
        return "TuskHttpServer[" + uri() + " for " + poolName + "]";
    }
}
