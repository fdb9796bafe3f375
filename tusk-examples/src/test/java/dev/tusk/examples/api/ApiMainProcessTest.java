package dev.tusk.examples.api;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * ApiMain as a real service in a child JVM: SIGTERM (Process.destroy on Linux) while a slow request is in flight,
 * and the one-line refusals at start.
 * The slow request comes from TUSK_API_READ_DELAY, the documented test setting that makes every read pg_sleep first.
 */
@WithPostgres
class ApiMainProcessTest {

    private static final String SCHEMA = "codes";
    private static final Pattern SERVING = Pattern.compile("serving the read-only API on (http://\\S+/)");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TestDatabase database;

    @BeforeAll
    static void createSchema(PostgresServer postgres) {
        database = postgres.createDatabase("api_shutdown");
        try (TuskClient client = Tusk.connect(database.url())) {
            ApiSchema.migrate(client.dataSource(), SCHEMA);
            SampleData.load(client, SCHEMA);
        }
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    /** A running child service, whose output goes to a file: Process.destroy() closes the parent's pipes. */
    private record Service(Process process, Path output, URI uri) {

        String printed() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits for the process to exit; returns its exit status. */
        int awaitExit() throws InterruptedException {
            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(printed()).isTrue();
            return process.exitValue();
        }
    }

    private static Service start(Map<String, String> environment) throws Exception {
        Service service = launch(environment, "--port", "0");
        Process process = service.process();
        Path output = service.output();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() - deadline < 0 && process.isAlive()) {
            Matcher serving = SERVING.matcher(Files.readString(output, StandardCharsets.UTF_8));
            if (serving.find()) {
                return new Service(process, output, URI.create(serving.group(1)));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("the service did not start:\n" + Files.readString(output, StandardCharsets.UTF_8));
    }

    private static Service launch(Map<String, String> environment, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = Files.createTempFile("tusk-api-", ".log");
        output.toFile().deleteOnExit();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ApiMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        // Only what the test sets: the developer's own database variables must not reach the child.
        builder.environment().keySet().removeIf(name -> name.startsWith("PG") || name.startsWith("POSTGRES")
                || name.startsWith("DB_") || name.contains("DATABASE_URL") || name.startsWith("TUSK_"));
        builder.environment().putAll(environment);
        return new Service(builder.start(), output, null);
    }

    /** Sends GET {@code path}, waits until its read sleeps on the server, then sends SIGTERM; returns the answer to come. */
    private static CompletableFuture<HttpResponse<String>> sigtermDuringSlowRead(Service service, HttpClient http,
                                                                                 String path) throws InterruptedException {
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                HttpRequest.newBuilder(service.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        awaitSleepingRead(service);
        service.process().destroy();
        return slow;
    }

    private static void awaitSleepingRead(Service service) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String sleeping = "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database.name()
                + "' AND state = 'active' AND query LIKE 'SELECT pg_sleep%'";
        while (!"1".equals(database.server().queryString(sleeping))) {
            assertThat(System.nanoTime() - deadline).as("a read sleeping on the server\n" + service.printed()).isNegative();
            Thread.sleep(20);
        }
    }

    private static boolean refusesConnections(URI uri) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2_000);
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    @Test
    void shouldAnswerTheRequestInFlightRefuseNewConnectionsCloseThePoolAndExitZeroOnSigterm() throws Exception {
        Service service = start(Map.of("DATABASE_URL", database.url(), "TUSK_API_SCHEMA", SCHEMA,
                "TUSK_API_READ_DELAY", "5s", "TUSK_API_DRAIN_TIMEOUT", "60s"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            CompletableFuture<HttpResponse<String>> slow = sigtermDuringSlowRead(service, http, "/jurisdictions/us-ca");

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!refusesConnections(service.uri())) {
                assertThat(System.nanoTime() - deadline).as("new connections refused\n" + service.printed()).isNegative();
                Thread.sleep(20);
            }
            // Refused while the slow request still ran: the listener closed first, the request was not cut.
            assertThat(slow).as(service.printed()).isNotDone();
            HttpResponse<String> answered = slow.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).startsWith("{\"id\":\"us-ca\",\"name\":\"California\",");
        }
        assertThat(service.awaitExit()).as(service.printed()).isZero();
        assertThat(service.printed())
                .contains("shutdown requested: stopping the API server")
                .contains("API server: no longer accepting connections; waiting up to 60 s for 1 request(s) in flight")
                .containsPattern("API server: drained: the 1 request\\(s\\) in flight were answered; stopped after \\d+ ms")
                .contains("closing the Tusk client, pool (total=")
                .contains("Tusk client closed: pool closed, no connection left open")
                .contains("shutdown complete, exiting with status 0");
        // In this order: the drain before the client closed.
        String printed = service.printed();
        assertThat(printed.indexOf("drained:")).isLessThan(printed.indexOf("closing the Tusk client"));
    }

    @Test
    void shouldCutARequestStillRunningAtTheDrainBoundAndExitOne() throws Exception {
        Service service = start(Map.of("DATABASE_URL", database.url(), "TUSK_API_SCHEMA", SCHEMA,
                "TUSK_API_READ_DELAY", "8s", "TUSK_API_DRAIN_TIMEOUT", "1s"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            CompletableFuture<HttpResponse<String>> slow = sigtermDuringSlowRead(service, http, "/jurisdictions");

            Throwable cut = catchThrowable(() -> slow.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertThat(cut).as(service.printed()).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        }
        assertThat(service.awaitExit()).as(service.printed()).isEqualTo(1);
        assertThat(service.printed())
                .contains("API server: 1 request(s) still running after the 1 s drain bound; their connections were closed")
                .contains("Tusk client closed: pool closed, no connection left open")
                .contains("shutdown complete, exiting with status 1");
    }

    @Test
    void shouldExitTwoWithOneLineNamingABadSetting() throws Exception {
        Service service = launch(Map.of("DATABASE_URL", database.url(), "TUSK_API_DRAIN_TIMEOUT", "forever"));

        assertThat(service.awaitExit()).isEqualTo(2);
        assertThat(service.printed()).isEqualTo("tusk api: TUSK_API_DRAIN_TIMEOUT must be a duration: seconds, or a "
                + "number with ms, s or m (500ms, 10s, 1.5s, 2m), but was \"forever\"\n");
    }

    @Test
    void shouldExitOneWithOneLineWhenTheDatabaseCannotBeReachedShowingNoPassword() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Service service = launch(Map.of("DATABASE_URL", "postgresql://app:hunter2@127.0.0.1:" + closedPort + "/codes"));

        assertThat(service.awaitExit()).isEqualTo(1);
        assertThat(service.printed()).contains("tusk api: could not open the database client: ")
                .contains("127.0.0.1:" + closedPort).doesNotContain("hunter2").doesNotContain("\tat ");
    }

    @Test
    void shouldExitOneWithOneLineWhenThePortIsTaken() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Service service = launch(Map.of("DATABASE_URL", database.url(), "TUSK_API_SCHEMA", SCHEMA),
                    "--port", String.valueOf(taken.getLocalPort()));

            assertThat(service.awaitExit()).as(service.printed()).isEqualTo(1);
            assertThat(service.printed()).contains("tusk api: could not listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .doesNotContain("\tat ");
        }
    }
}
