package dev.tusk.pool;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.tusk.pool.PoolTestSupport.smallPool;
import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class PoolVirtualThreadsTest {

    private static final int THREADS = 5_000;
    private static final int WARM_UP_THREADS = 200;
    private static final int POOL_SIZE = 4;
    private static final String PINNED = "jdk.VirtualThreadPinned";
    private static final String ENDED = "jdk.VirtualThreadEnd";
    private static final List<String> OUR_CODE = List.of("dev.tusk.", "com.zaxxer.hikari.", "org.postgresql.");

    /**
     * Thousands of virtual threads share four connections. Carrier threads would be pinned where a virtual thread
     * blocks inside {@code synchronized} or native code; PgJDBC 42.7 and HikariCP 7 lock with ReentrantLock, and since
     * JDK 24 (JEP 491; this build runs on JDK 25) {@code synchronized} no longer pins either, but the JFR check stays
     * so that a pinning lock or native call in Tusk, HikariCP or PgJDBC shows up here rather than in production.
     *
     * <p>JEP 491 still pins while the VM loads or initializes a class (e.g. HikariCP's generated statement proxy, or
     * {@code sun.nio.ch.Poller} on the first virtual-thread socket read), because a native frame is on the stack. That
     * happens once per class per JVM, whatever library code sits below it, so a burst of virtual threads runs before
     * the recording starts, and any class-initialization wait left over is not counted against the pool.
     */
    @Test
    void shouldServeThousandsOfVirtualThreadsFromSmallPoolWithoutPinningCarriers(TestDatabase database) throws Exception {
        TuskConfig config = smallPool(database).poolMinSize(POOL_SIZE).poolMaxSize(POOL_SIZE)
                .acquireTimeout(Duration.ofSeconds(60)).leakDetectionThreshold(Duration.ofSeconds(60)).build();
        Path recordingFile = Files.createTempFile("tusk-pinning", ".jfr");
        try (TuskClient client = Tusk.connect(config); Recording recording = new Recording()) {
            runOnVirtualThreads(client, WARM_UP_THREADS);
            recording.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
            recording.enable(ENDED);
            recording.start();

            runOnVirtualThreads(client, THREADS);
            recording.stop();
            recording.dump(recordingFile);

            PoolStats stats = client.poolStats();
            assertThat(stats.acquires()).isEqualTo(WARM_UP_THREADS + THREADS);
            assertThat(stats.size()).isLessThanOrEqualTo(POOL_SIZE);
            assertThat(stats.acquireTimeouts()).isZero();

            List<RecordedEvent> events = RecordingFile.readAllEvents(recordingFile);
            assertThat(events.stream().filter(event -> event.getEventType().getName().equals(ENDED)).count())
                    .as("the recording saw the virtual threads run")
                    // The executor reports a thread done a moment before JFR commits its end event, so the last few
                    // can fall after stop(); what matters is that the recording covered the run, not the last event.
                    .isGreaterThanOrEqualTo(THREADS * 99L / 100);
            List<String> pinnedInOurCode = events.stream()
                    .filter(event -> event.getEventType().getName().equals(PINNED))
                    .filter(event -> !isClassInitializationWait(event))
                    .filter(PoolVirtualThreadsTest::inOurCode)
                    .map(RecordedEvent::toString)
                    .toList();
            assertThat(pinnedInOurCode).as("carrier threads pinned in Tusk, HikariCP or PgJDBC").isEmpty();
        } finally {
            Files.deleteIfExists(recordingFile);
        }
    }

    /** Runs one query on each of {@code count} virtual threads and checks every result. */
    private static void runOnVirtualThreads(TuskClient client, int count) throws Exception {
        List<Future<Integer>> results = new ArrayList<>(count);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < count; i++) {
            int value = i;
            results.add(executor.submit(() -> client.queryValue("SELECT ?::int", Integer.class, value)));
        }
        executor.shutdown();
        assertThat(executor.awaitTermination(2, TimeUnit.MINUTES)).as("every virtual thread finished").isTrue();
        for (int i = 0; i < count; i++) {
            assertThat(results.get(i).get()).isEqualTo(i);
        }
    }

    private static boolean isClassInitializationWait(RecordedEvent event) {
        return event.hasField("pinnedReason") && String.valueOf(event.getString("pinnedReason"))
                .startsWith("Waited for initialization of");
    }

    private static boolean inOurCode(RecordedEvent event) {
        if (event.getStackTrace() == null) {
            return false;
        }
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (OUR_CODE.stream().anyMatch(type::startsWith)) {
                return true;
            }
        }
        return false;
    }
}
