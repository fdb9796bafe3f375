package dev.tusk.examples.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tusk.CircuitOpenException;
import dev.tusk.ClientClosedException;
import dev.tusk.ConnectionException;
import dev.tusk.PoolExhaustedException;
import dev.tusk.QueryTimeoutException;
import dev.tusk.TuskClient;
import dev.tusk.UndefinedTableException;
import dev.tusk.health.HealthReport;
import dev.tusk.health.HealthStatus;
import dev.tusk.pool.PoolStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The read-only HTTP API over jurisdictions and code adoptions, on the JDK's HTTP server with one virtual thread per
 * request. Reads go through {@code client.readOnly()}, so to a read replica when the client has one that takes reads.
 * It does not own the client: {@link #shutdown(Duration)} stops serving and leaves closing the client to the caller.
 */
public final class ApiServer {

    /** How {@link #shutdown(Duration)} went: requests in flight when it began and how many were still running at its end. */
    public record DrainResult(int inFlightAtStart, int stillRunning, Duration elapsed) {

        /** Whether every request in flight was answered before the bound. */
        public boolean drained() {
            return stillRunning == 0;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final List<String> TYPES = List.of("state", "county", "city");
    private static final Pattern CODE_FAMILY = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,31}");
    private static final Pattern EDITION = Pattern.compile("\\d{4}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final int MAX_LIMIT = 500;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_OFFSET = 1_000_000;
    private static final String JURISDICTION = "/jurisdictions/";

    private final TuskClient client;
    private final JurisdictionQueries queries;
    private final String schema;
    private final HttpServer http;
    private final ExecutorService executor;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();

    private ApiServer(TuskClient client, JurisdictionQueries queries, String schema, HttpServer http,
                      ExecutorService executor, Clock clock) {
        this.client = client;
        this.queries = queries;
        this.schema = schema;
        this.http = http;
        this.executor = executor;
        this.clock = clock;
    }

    /** Starts serving {@code client}'s data in {@code settings.schema()} at {@code settings.host()}:{@code port()}. */
    public static ApiServer start(TuskClient client, ApiSettings settings) {
        JurisdictionQueries queries = new JurisdictionQueries(client.readOnly(), settings.schema(), settings.readDelay());
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("could not listen on " + settings.host() + ":" + settings.port()
                    + ": the host name does not resolve to an address");
        }
        HttpServer http;
        try {
            http = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
        // A virtual thread per request: a request waiting on the database holds no platform thread.
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tusk-api-", 0).factory());
        ApiServer server = new ApiServer(client, queries, settings.schema(), http, executor, Clock.systemUTC());
        http.setExecutor(executor);
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    /** The address the server listens on, with the port it got when asked for port 0. */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** The server's base URL, for instance {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    /**
     * Stops accepting connections, waits up to {@code drainTimeout} (rounded up to whole seconds, the JDK server's unit)
     * for the requests in flight to be answered, then closes every connection; logs each step. Calling it again
     * returns at once.
     */
    public DrainResult shutdown(Duration drainTimeout) {
        long started = System.nanoTime();
        if (!stopping.compareAndSet(false, true)) {
            return new DrainResult(0, inFlight.get(), Duration.ZERO);
        }
        int atStart = inFlight.get();
        int seconds = (int) Math.min(Integer.MAX_VALUE, (drainTimeout.toMillis() + 999) / 1000);
        LOG.info("API server: no longer accepting connections; waiting up to {} s for {} request(s) in flight",
                seconds, atStart);
        // HttpServer.stop closes the listening socket first (new connections are refused), then waits for exchanges.
        http.stop(seconds);
        executor.shutdown();
        int stillRunning = inFlight.get();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (stillRunning == 0) {
            LOG.info("API server: drained: the {} request(s) in flight were answered; stopped after {} ms", atStart,
                    elapsed.toMillis());
        } else {
            LOG.warn("API server: {} request(s) still running after the {} s drain bound; their connections were closed",
                    stillRunning, seconds);
        }
        return new DrainResult(atStart, stillRunning, elapsed);
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        boolean counted = true;
        try (exchange) {
            Reply reply = reply(exchange);
            byte[] body = (JsonText.of(reply.body()) + "\n").getBytes(StandardCharsets.UTF_8);
            // The answer is ready: from here only bytes go out, which HttpServer.stop itself waits for. Counting the
            // request as done before they go also keeps a caller that already has its answer from seeing it in flight.
            inFlight.decrementAndGet();
            counted = false;
            send(exchange, reply.status(), body);
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
        }
    }

    /** A status and a body to encode as JSON. */
    private record Reply(int status, Object body) {
    }

    private Reply reply(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            return new Reply(405, Map.of("error", "method " + method + " is not allowed: this API is read-only; use GET"));
        }
        return respond(exchange);
    }

    private Reply respond(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        // Decoded: the JDK server has refused a malformed URI with 400 before any handler runs.
        String path = uri.getPath();
        try {
            return switch (path) {
                case "/jurisdictions" -> jurisdictions(uri);
                case "/adoptions" -> adoptions(uri);
                case "/health" -> {
                    QueryParameters.parse(uri.getRawQuery(), Set.of());
                    yield health();
                }
                case "/diagnostics/read-server" -> {
                    QueryParameters.parse(uri.getRawQuery(), Set.of());
                    yield readServer();
                }
                default -> {
                    if (path.startsWith(JURISDICTION) && path.indexOf('/', JURISDICTION.length()) < 0) {
                        QueryParameters.parse(uri.getRawQuery(), Set.of());
                        yield jurisdiction(path.substring(JURISDICTION.length()));
                    }
                    yield new Reply(404, Map.of("error", "no such endpoint " + QueryParameters.quote(path) + "; try "
                            + "/jurisdictions, /jurisdictions/{id}, /adoptions?code_family=IBC, /health or "
                            + "/diagnostics/read-server"));
                }
            };
        } catch (BadRequestException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.put("parameter", e.parameter());
            body.put("value", e.value() == null ? null : QueryParameters.cut(e.value()));
            return new Reply(400, body);
        } catch (ConnectionException | CircuitOpenException | PoolExhaustedException | QueryTimeoutException
                 | ClientClosedException e) {
            // The database is out of reach or too busy now: a retry later may succeed. Tusk's messages carry no password.
            return new Reply(503, Map.of("error", "the database cannot answer now: " + e.getMessage()));
        } catch (UndefinedTableException e) {
            // A deployment mistake rather than a bug: say what to do about it.
            LOG.error("API server: {} {} failed: the tables are missing in schema {}", exchange.getRequestMethod(), path,
                    schema, e);
            return new Reply(500, Map.of("error", "the API's tables are missing in schema " + schema + ": apply the "
                    + "migrations in db/api (ApiSchema.migrate) first"));
        } catch (RuntimeException e) {
            LOG.error("API server: {} {} failed", exchange.getRequestMethod(), path, e);
            return new Reply(500, Map.of("error", "internal error while answering " + path + "; the server log has the details"));
        }
    }

    private Reply jurisdictions(URI uri) {
        QueryParameters query = QueryParameters.parse(uri.getRawQuery(), Set.of("type", "name", "limit", "offset"));
        return new Reply(200, queries.jurisdictions(query.oneOf("type", TYPES), query.text("name"),
                query.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT), query.integer("offset", 0, MAX_OFFSET, 0)));
    }

    private Reply jurisdiction(String id) {
        if (!ID.matcher(id).matches()) {
            throw new BadRequestException("id", id, "jurisdiction id must be 1 to 100 letters, digits, '.', '_' or '-', "
                    + "but was " + QueryParameters.quote(id));
        }
        return queries.jurisdiction(id).map(found -> new Reply(200, found))
                .orElseGet(() -> new Reply(404, Map.of("error", "no jurisdiction with id " + QueryParameters.quote(id))));
    }

    private Reply adoptions(URI uri) {
        QueryParameters query = QueryParameters.parse(uri.getRawQuery(), Set.of("code_family", "edition", "as_of"));
        query.required("code_family", "IBC");
        String family = query.matching("code_family", CODE_FAMILY, "a code family such as IBC or IECC (a letter, "
                + "then up to 31 letters, digits or -)");
        String edition = query.matching("edition", EDITION, "a four-digit edition year such as 2021");
        LocalDate asOf = query.date("as_of", LocalDate.now(clock));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("codeFamily", family);
        body.put("edition", edition);
        body.put("asOf", asOf);
        body.put("adoptions", queries.adoptionsInForce(family, edition, asOf));
        return new Reply(200, body);
    }

    private Reply readServer() {
        JurisdictionQueries.ReadServer server = queries.readServer();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", server.inRecovery() ? "replica" : "primary");
        body.put("inRecovery", server.inRecovery());
        body.put("serverPort", server.serverPort());
        body.put("serverVersion", server.serverVersion());
        return new Reply(200, body);
    }

    private Reply health() {
        HealthReport report = client.health();
        PoolStats pool = client.poolStats();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("size", pool.size());
        stats.put("active", pool.active());
        stats.put("idle", pool.idle());
        stats.put("waiting", pool.waiting());
        stats.put("maximum", pool.maximum());
        stats.put("utilizationPercent", pool.utilizationPercent());
        stats.put("acquires", pool.acquires());
        stats.put("acquireTimeP50Millis", pool.acquireTimeP50().toNanos() / 1e6);
        stats.put("acquireTimeP99Millis", pool.acquireTimeP99().toNanos() / 1e6);
        stats.put("acquireTimeouts", pool.acquireTimeouts());
        stats.put("potentialLeaks", pool.potentialLeaks());
        stats.put("created", pool.created());
        stats.put("queries", pool.queries());
        stats.put("transactions", pool.transactions());
        stats.put("errors", pool.errors());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status().name());
        body.put("poolStats", stats);
        body.put("health", new JsonText.Raw(report.toJson()));
        // Degraded still serves (slower, or reads on the primary): only unhealthy asks a load balancer to look elsewhere.
        return new Reply(report.status() == HealthStatus.UNHEALTHY ? 503 : 200, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public String toString() {
        return "ApiServer[" + uri() + "]";
    }
}
