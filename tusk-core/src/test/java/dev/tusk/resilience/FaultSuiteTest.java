package dev.tusk.resilience;

import dev.tusk.PoolExhaustedException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.TuskConfigBuilder;
import dev.tusk.resilience.TransferJournal.Call;
import dev.tusk.resilience.TransferJournal.Outcome;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.proxy.FaultProxy;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fault suite of the resilience work: concurrent transfers through {@code inTransaction} while the server or the
 * network fails in one way per scenario, then a reconciliation of what callers were told against what the server holds.
 * Each scenario collects every violation before it fails, and its figures go to {@code target/fault-suite.md}.
 */
class FaultSuiteTest {

    private static final int POOL_MAX_SIZE = 8;
    private static final int WORKERS = 8;
    private static final Duration FAULT_AT = Duration.ofMillis(2500);
    private static final Duration RUN_AFTER_FAULT = Duration.ofMillis(2000);
    private static final Duration EXHAUSTION_ACQUIRE_TIMEOUT = Duration.ofSeconds(1);
    // Scheduling noise on a shared two-core machine; a call this much past its configured bound is left hanging.
    private static final Duration CALLER_GRACE = Duration.ofSeconds(1);
    private static final Duration ACQUIRE_GRACE = Duration.ofMillis(500);
    private static final Duration RECOVERY_BOUND = Duration.ofMillis(500);
    private static final Duration WORKER_SETTLE = Duration.ofMillis(200);
    private static final Duration UNSTICK_WAIT = Duration.ofSeconds(5);
    private static final Duration SLOW_COMMIT = Duration.ofMillis(10);
    private static final Path REPORT = Path.of("target", "fault-suite.md");

    private static final Map<FaultKind, FaultFigures> FIGURES = new EnumMap<>(FaultKind.class);
    private static ManagedPostgres server;
    private static FaultProxy proxy;
    private static FaultInjector injector;

    @BeforeAll
    static void startServerAndProxy() {
        server = ManagedPostgres.builder().label("faults").start();
        proxy = FaultProxy.start(server.host(), server.port());
        injector = new FaultInjector(server, proxy);
    }

    @AfterAll
    static void writeReportAndStop() throws IOException {
        try {
            String table = FaultFigures.TABLE_HEADER + "\n" + FIGURES.values().stream()
                    .map(FaultFigures::tableRow).collect(Collectors.joining("\n"));
            String report = "Fault suite run of " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    + " on " + codeRevision() + ", PostgreSQL " + server.version() + ", " + WORKERS + " workers, poolMaxSize " + POOL_MAX_SIZE
                    + "\n\n" + table + "\n";
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, report);
            System.out.println(report);
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    /** The commit the suite ran on, with a note when the tree had changes, so figures say which code they measure. */
    private static String codeRevision() {
        try {
            Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String revision = new String(git.getInputStream().readAllBytes()).strip();
            return git.waitFor() == 0 ? "commit " + revision : "an unknown commit";
        } catch (IOException e) {
            return "an unknown commit";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "an unknown commit";
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FaultKind.class)
    void shouldApplyEveryTransferAtMostOnceAndTellCallersTheTruth(FaultKind kind) throws Exception {
        Scenario scenario = run(kind);
        FaultFigures figures = scenario.figures();
        FIGURES.put(kind, figures);
        System.out.println(FaultFigures.TABLE_HEADER + "\n" + figures.tableRow());

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(figures.acked()).as("%s: acknowledged transfers (did the workload run at all?)", kind).isPositive();
        softly.assertThat(scenario.appliedTwice()).as("%s: transfers applied more than once", kind).isEmpty();
        softly.assertThat(scenario.ackedButMissing()).as("%s: calls that returned normally for a transfer that is not "
                + "in the database", kind).isEmpty();
        softly.assertThat(scenario.failedButCommitted()).as("%s: calls that threw a plain failure for a transfer that "
                + "committed; the lost acknowledgement should have been resolved or raised as "
                + "CommitOutcomeUnknownException", kind).isEmpty();
        softly.assertThat(scenario.unknownTransfers()).as("%s: logged transfers no call made", kind).isEmpty();
        softly.assertThat(figures.unbalancedAccounts()).as("%s: accounts whose balance disagrees with the logged "
                + "transfers (half-applied work)", kind).isZero();
        softly.assertThat(scenario.hung()).as("%s: calls that ran past the caller bound of %s ms", kind,
                scenario.callerBound().toMillis()).isEmpty();
        softly.assertThat(figures.leasesAfterIdle()).as("%s: connections still lent out once every call returned", kind)
                .isZero();
        softly.assertThat(figures.sessionsAfterIdle()).as("%s: server sessions of the idle client", kind)
                .isLessThanOrEqualTo(POOL_MAX_SIZE);
        if (kind.recoveryBounded()) {
            softly.assertThat(figures.recoveryMillis()).as("%s: ms from the fault's end to the first acknowledged call "
                    + "started after it (-1: none)", kind).isBetween(0L, RECOVERY_BOUND.toMillis() - 1);
        }
        if (kind == FaultKind.TERMINATE_MID_COMMIT || kind == FaultKind.RESET_ALL) {
            softly.assertThat(scenario.injection().landedInCommit()).as("%s: faults that landed inside COMMIT", kind)
                    .isPositive();
        }
        if (kind == FaultKind.POOL_EXHAUSTION) {
            assertExhaustionFailsFast(softly, scenario);
        }
        softly.assertAll();
    }

    private static void assertExhaustionFailsFast(SoftAssertions softly, Scenario scenario) {
        List<Call> failed = scenario.journal().withOutcome(Outcome.FAILED);
        softly.assertThat(failed).as("calls that found the pool exhausted").isNotEmpty();
        softly.assertThat(failed).as("failures while the pool was exhausted should all be PoolExhaustedException")
                .allSatisfy(call -> softly.assertThat(call.failure()).isInstanceOf(PoolExhaustedException.class));
        Duration bound = EXHAUSTION_ACQUIRE_TIMEOUT.plus(ACQUIRE_GRACE);
        softly.assertThat(failed.stream().filter(call -> call.latency(0).compareTo(bound) > 0).map(Call::failureSummary))
                .as("calls that failed later than acquireTimeout + %s ms", ACQUIRE_GRACE.toMillis()).isEmpty();
    }

    private Scenario run(FaultKind kind) throws Exception {
        String applicationName = "fault-" + kind.name().toLowerCase().replace('_', '-');
        try (TestDatabase database = server.createDatabase("fault_" + kind.name())) {
            TransferWorkload.createSchema(database, kind == FaultKind.TERMINATE_MID_COMMIT ? SLOW_COMMIT : Duration.ZERO);
            TuskConfig config = config(kind, database, applicationName);
            // The longest a call may take by Tusk's own rules: a wait for a connection, then (past the retry deadline,
            // which is only checked before a new attempt) one last attempt whose statement runs its whole
            // statementTimeout and, against a silent peer, the connectTimeout the socket waits beyond it.
            Duration callerBound = config.acquireTimeout().plus(config.retryDeadline()).plus(config.statementTimeout())
                    .plus(config.connectTimeout()).plus(CALLER_GRACE);
            TransferJournal journal = new TransferJournal();
            try (TuskClient client = Tusk.connect(config)) {
                TransferWorkload workload = new TransferWorkload(client, journal, WORKERS);
                long startedNanos = System.nanoTime();
                workload.start();
                Thread.sleep(FAULT_AT);
                FaultInjector.Injection injection = injector.inject(kind, applicationName, client, POOL_MAX_SIZE);
                Thread.sleep(RUN_AFTER_FAULT);
                workload.stop();

                // Wait for each call still running until its own bound has passed; beyond that it hangs.
                long deadline = journal.calls().stream().filter(call -> !call.returned())
                        .mapToLong(call -> call.startedNanos() + callerBound.toNanos()).max().orElse(System.nanoTime());
                // The floor lets a worker finish the short pause it takes after a failure.
                boolean ended = workload.awaitWorkers(Math.max(deadline, System.nanoTime() + WORKER_SETTLE.toNanos()));
                long judgedAtNanos = System.nanoTime();
                List<Call> hung = journal.calls().stream()
                        .filter(call -> !call.returned() || call.hung(callerBound, judgedAtNanos)).toList();
                if (!ended) {
                    System.out.println(kind + ": " + hung.size() + " call(s) still blocked after "
                            + callerBound.toMillis() + " ms; cutting their connections to end the scenario");
                    unstick(kind, applicationName);
                    workload.awaitWorkers(System.nanoTime() + UNSTICK_WAIT.toNanos());
                }
                int leasesAfterIdle = client.poolStats().active();
                TransferLedger ledger = TransferLedger.read(database, applicationName);
                return Scenario.reconcile(kind, journal, ledger, hung, leasesAfterIdle, injection, callerBound,
                        startedNanos);
            }
        }
    }

    /** Frees callers that hang, so that the scenario can end: their connections are cut under them. */
    private static void unstick(FaultKind kind, String applicationName) {
        if (kind.throughProxy()) {
            proxy.resetAll();
        } else {
            server.terminateBackends(applicationName);
        }
    }

    private static TuskConfig config(FaultKind kind, TestDatabase database, String applicationName) {
        TuskConfigBuilder builder = TuskConfig.fromUrl(database.url()).toBuilder()
                .applicationName(applicationName)
                .poolMinSize(2)
                .poolMaxSize(POOL_MAX_SIZE)
                // Everything else is Tusk's default (development profile): acquireTimeout 30 s, connectTimeout 10 s,
                // statementTimeout 30 s, 3 retries from 1 s doubling to 5 s within 30 s, a breaker of 5 for 30 s.
                // The figures and bounds hold for what users get out of the box; only the exhaustion scenario waits
                // less, so that its callers give up within the scenario.
                .shutdownGracePeriod(Duration.ZERO);
        if (kind == FaultKind.POOL_EXHAUSTION) {
            builder.acquireTimeout(EXHAUSTION_ACQUIRE_TIMEOUT);
        }
        if (kind.throughProxy()) {
            builder.host(proxy.host()).port(proxy.port());
        }
        return builder.build();
    }

    /** One scenario's journal reconciled with the server's ledger. */
    private record Scenario(FaultFigures figures, TransferJournal journal, FaultInjector.Injection injection,
                            Duration callerBound, List<String> appliedTwice, List<String> ackedButMissing,
                            List<String> failedButCommitted, Set<UUID> unknownTransfers, List<String> hung) {

        static Scenario reconcile(FaultKind kind, TransferJournal journal, TransferLedger ledger, List<Call> hungCalls,
                                  int leasesAfterIdle, FaultInjector.Injection injection, Duration callerBound,
                                  long startedNanos) {
            List<Call> calls = journal.calls();
            Map<UUID, Call> byId = calls.stream().collect(Collectors.toMap(Call::transferId, Function.identity()));
            Function<Call, String> describe = call -> call.transferId() + " " + call.outcome() + " at +"
                    + Duration.ofNanos(call.startedNanos() - startedNanos).toMillis() + " ms after "
                    + call.latency(System.nanoTime()).toMillis() + " ms " + call.failureSummary();
            List<String> appliedTwice = ledger.rowsPerTransfer().entrySet().stream().filter(entry -> entry.getValue() > 1)
                    .map(entry -> entry.getValue() + " rows for " + (byId.containsKey(entry.getKey())
                            ? describe.apply(byId.get(entry.getKey())) : entry.getKey().toString()))
                    .toList();
            List<String> ackedButMissing = journal.withOutcome(Outcome.ACKED).stream()
                    .filter(call -> ledger.rows(call.transferId()) == 0).map(describe).toList();
            List<String> failedButCommitted = journal.withOutcome(Outcome.FAILED).stream()
                    .filter(call -> ledger.rows(call.transferId()) > 0).map(describe).toList();
            Set<UUID> unknown = ledger.rowsPerTransfer().keySet().stream().filter(id -> !byId.containsKey(id))
                    .collect(Collectors.toSet());
            List<Call> ambiguous = journal.withOutcome(Outcome.AMBIGUOUS);
            Map<String, Long> errors = new TreeMap<>(calls.stream().filter(call -> call.failure() != null)
                    .collect(Collectors.groupingBy(call -> call.failure().getClass().getSimpleName(), Collectors.counting())));
            long recoveryMillis = journal.firstAckedStartedAfter(injection.clearedAtNanos())
                    .map(call -> Duration.ofNanos(call.endedNanos() - injection.clearedAtNanos()).toMillis())
                    .orElse(-1L);
            FaultFigures figures = new FaultFigures(kind, calls.size(), journal.withOutcome(Outcome.ACKED).size(),
                    journal.withOutcome(Outcome.FAILED).size(), ambiguous.size(),
                    (int) ambiguous.stream().filter(call -> ledger.rows(call.transferId()) > 0).count(),
                    hungCalls.size(), appliedTwice.size(), failedButCommitted.size(), ackedButMissing.size(),
                    ledger.unbalancedAccounts(), leasesAfterIdle, ledger.sessions(), recoveryMillis, errors,
                    injection.note());
            return new Scenario(figures, journal, injection, callerBound, appliedTwice, ackedButMissing,
                    failedButCommitted, unknown, hungCalls.stream().map(describe).toList());
        }
    }
}
