package dev.tusk.listen;

import dev.tusk.ClientClosedException;
import dev.tusk.ConnectionException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.pgbouncer.PgBouncer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LISTEN/NOTIFY on a real server: delivery, channels, slow listeners, bad input, PgBouncer and shutdown. */
class ListenNotifyTest {

    private static ManagedPostgres server;

    @BeforeAll
    static void startServer() {
        server = ManagedPostgres.builder().label("listen").start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static TuskConfig config(String applicationName) {
        return TuskConfig.fromUrl(server.url(ManagedPostgres.ADMIN_DATABASE)).toBuilder()
                .applicationName(applicationName).poolMinSize(0).poolMaxSize(4)
                .shutdownGracePeriod(Duration.ofSeconds(1)).build();
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The backends of {@code applicationName} whose last statement was a LISTEN or UNLISTEN. */
    private static int listeningBackends(String applicationName) {
        return Integer.parseInt(server.queryString("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                + applicationName + "' AND (query LIKE 'LISTEN %' OR query LIKE 'UNLISTEN %')"));
    }

    @Test
    void shouldDeliverNotificationsInOrderWithTheirPayloads() {
        try (TuskClient client = Tusk.connect(config(uniqueName("order")))) {
            Recorder recorder = new Recorder();
            try (Subscription subscription = client.listen("orders", recorder)) {
                IntStream.range(0, 200).forEach(i -> client.notify("orders", "order " + i));
                client.notify("orders", null);
                // NOTIFY from plain SQL folds an unquoted name to lower case, as LISTEN orders would.
                client.execute("NOTIFY ORDERS, 'from sql'");
                recorder.awaitNotifications(202);

                List<String> expected = new java.util.ArrayList<>(IntStream.range(0, 200).mapToObj(i -> "order " + i).toList());
                expected.add("");
                expected.add("from sql");
                assertThat(recorder.payloads()).isEqualTo(expected);
                assertThat(recorder.notifications()).allSatisfy(notification -> {
                    assertThat(notification.channel()).isEqualTo("orders");
                    assertThat(notification.senderPid()).isPositive();
                });
                assertThat(recorder.losses()).isEmpty();
                assertThat(subscription.stats()).isEqualTo(new SubscriptionStats(202, 202, 0, 0, 0, 0, true));
                assertThat(subscription.channel()).isEqualTo("orders");
            }
        }
    }

    @Test
    void shouldTakeAnyChannelNameExactlyAsGivenQuotingItForListen() {
        try (TuskClient client = Tusk.connect(config(uniqueName("names")))) {
            String quoted = "Mixed Case \"quoted\"; DROP TABLE x --";
            String longest = "é".repeat(31) + "x";
            Recorder quotedRecorder = new Recorder();
            Recorder lowerRecorder = new Recorder();
            Recorder longestRecorder = new Recorder();
            try (Subscription ignoredQuoted = client.listen(quoted, quotedRecorder);
                 Subscription ignoredLower = client.listen(quoted.toLowerCase(), lowerRecorder);
                 Subscription ignoredLongest = client.listen(longest, longestRecorder)) {
                client.notify(quoted, "exact");
                client.notify(longest, "x".repeat(7999));
                quotedRecorder.awaitNotifications(1);
                longestRecorder.awaitNotifications(1);

                assertThat(quotedRecorder.notifications().getFirst().channel()).isEqualTo(quoted);
                assertThat(longest.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(63);
                assertThat(longestRecorder.payloads()).containsExactly("x".repeat(7999));
                assertThat(lowerRecorder.events).as("channel names are case-sensitive").isEmpty();
            }
        }
    }

    @Test
    void shouldServeSeveralChannelsOnOneConnectionAndUnlistenWhatIsClosed() {
        String applicationName = uniqueName("channels");
        try (TuskClient client = Tusk.connect(config(applicationName))) {
            Recorder red = new Recorder();
            Recorder green = new Recorder();
            Recorder greenToo = new Recorder();
            Subscription redSubscription = client.listen("red", red);
            Subscription greenSubscription = client.listen("green", green);
            Subscription greenTooSubscription = client.listen("green", greenToo);
            client.notify("red", "r1");
            client.notify("green", "g1");
            client.notify("blue", "b1");
            red.awaitNotifications(1);
            green.awaitNotifications(1);
            greenToo.awaitNotifications(1);
            assertThat(listeningBackends(applicationName)).as("one connection listens for every channel").isEqualTo(1);

            redSubscription.close();
            greenSubscription.close();
            client.notify("red", "r2");
            client.notify("green", "g2");
            greenToo.awaitNotifications(2);
            assertThat(red.payloads()).containsExactly("r1");
            assertThat(green.payloads()).containsExactly("g1");
            assertThat(greenToo.payloads()).containsExactly("g1", "g2");
            assertThat(server.queryString("SELECT query FROM pg_stat_activity WHERE application_name = '"
                    + applicationName + "' AND query LIKE '%LISTEN %'")).isEqualTo("UNLISTEN \"red\"");

            greenTooSubscription.close();
            greenTooSubscription.close();
            awaitNoListeningBackend(applicationName);
            assertThat(greenTooSubscription.stats().listening()).isFalse();

            // A new subscription opens a new connection.
            Recorder again = new Recorder();
            try (Subscription ignored = client.listen("red", again)) {
                client.notify("red", "r3");
                again.awaitNotifications(1);
                assertThat(again.payloads()).containsExactly("r3");
            }
        }
    }

    private static void awaitNoListeningBackend(String applicationName) {
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        while (listeningBackends(applicationName) != 0) {
            assertThat(System.nanoTime()).as("the LISTEN connection closes once no subscription remains")
                    .isLessThan(deadline);
            Recorder.sleep(20);
        }
    }

    @Test
    void shouldKeepASlowListenerFromHoldingUpOthersAndDropBeyondItsQueue() throws Exception {
        try (StderrCapture log = new StderrCapture(); TuskClient client = Tusk.connect(config(uniqueName("slow")))) {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Recorder slow = new Recorder() {
                @Override
                public void onNotification(Notification notification) {
                    super.onNotification(notification);
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            Recorder sameChannel = new Recorder();
            Recorder otherChannel = new Recorder();
            try (Subscription slowSubscription = client.listen("jobs", slow, ListenOptions.DEFAULT.withQueueCapacity(5));
                 Subscription ignoredSame = client.listen("jobs", sameChannel);
                 Subscription ignoredOther = client.listen("mail", otherChannel)) {
                client.notify("jobs", "0");
                assertThat(entered.await(15, TimeUnit.SECONDS)).isTrue();
                for (int i = 1; i < 20; i++) {
                    client.notify("jobs", String.valueOf(i));
                    client.notify("mail", String.valueOf(i));
                }
                sameChannel.awaitNotifications(20);
                otherChannel.awaitNotifications(19);
                assertThat(sameChannel.losses()).isEmpty();
                // 1 in the listener, 5 queued, 14 dropped.
                awaitStats(slowSubscription, stats -> stats.received() == 20);
                assertThat(slowSubscription.stats()).isEqualTo(new SubscriptionStats(20, 0, 0, 14, 5, 0, true));

                release.countDown();
                client.notify("jobs", "20");
                slow.awaitNotifications(7);
                assertThat(slow.events).containsExactly(
                        new Notification("jobs", "0", pidOf(slow, 0)), notificationAt(slow, 1), notificationAt(slow, 2),
                        notificationAt(slow, 3), notificationAt(slow, 4), notificationAt(slow, 5),
                        new PossibleLoss.QueueOverflow("jobs", 14), notificationAt(slow, 7));
                assertThat(slow.payloads()).containsExactly("0", "1", "2", "3", "4", "5", "20");
                awaitStats(slowSubscription, stats -> stats.delivered() == 7);
                assertThat(slowSubscription.stats()).isEqualTo(new SubscriptionStats(21, 7, 0, 14, 0, 0, true));
                assertThat(log.warnings("dev.tusk.listen")).containsExactly(
                        "Subscription to channel \"jobs\" has 5 notifications queued, its queueCapacity: its listener is "
                                + "slower than they arrive. Dropping new ones until it catches up; its onPossibleLoss "
                                + "will hear how many.",
                        "14 notifications to channel \"jobs\" were dropped because its subscription's queue was full "
                                + "(queueCapacity 5); 14 dropped in all");
            }
        }
    }

    private static int pidOf(Recorder recorder, int index) {
        return ((Notification) recorder.events.get(index)).senderPid();
    }

    private static Object notificationAt(Recorder recorder, int index) {
        return recorder.events.get(index);
    }

    private static void awaitStats(Subscription subscription, java.util.function.Predicate<SubscriptionStats> condition) {
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        while (!condition.test(subscription.stats())) {
            assertThat(System.nanoTime()).as("stats " + subscription.stats()).isLessThan(deadline);
            Recorder.sleep(10);
        }
    }

    @Test
    void shouldWaitForNotificationsWithoutPinningACarrierThread() throws Exception {
        String applicationName = uniqueName("pinning");
        Path recorded = Files.createTempFile("tusk-listen-pinning", ".jfr");
        try (TuskClient client = Tusk.connect(config(applicationName)); Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            Recorder recorder = new Recorder();
            try (Subscription ignored = client.listen("pinning", recorder)) {
                // Several timed waits in getNotifications, then a delivery.
                Recorder.sleep(500);
                client.notify("pinning", "awake");
                recorder.awaitNotifications(1);
            }
            recording.stop();
            recording.dump(recorded);
            List<RecordedEvent> pinned = RecordingFile.readAllEvents(recorded).stream()
                    .filter(event -> event.getThread() != null && event.getThread().getJavaName() != null
                            && event.getThread().getJavaName().startsWith("tusk-listen-" + applicationName))
                    .toList();
            assertThat(pinned).as("PgJDBC waits under a ReentrantLock, so the virtual thread parks off its carrier")
                    .isEmpty();
        } finally {
            Files.deleteIfExists(recorded);
        }
    }

    @Test
    void shouldCountAListenerThatThrowsAndGoOnDelivering() {
        String payload = "iban-DE89370400440532013000";
        try (StderrCapture log = new StderrCapture(); TuskClient client = Tusk.connect(config(uniqueName("throws")))) {
            Recorder recorder = new Recorder() {
                @Override
                public void onNotification(Notification notification) {
                    super.onNotification(notification);
                    if (notification.payload().equals(payload)) {
                        throw new IllegalStateException("listener failed on purpose");
                    }
                }
            };
            try (Subscription subscription = client.listen("events", recorder)) {
                client.notify("events", payload);
                client.notify("events", "good");
                recorder.awaitNotifications(2);
                awaitStats(subscription, stats -> stats.delivered() == 2);
                assertThat(recorder.payloads()).containsExactly(payload, "good");
                assertThat(subscription.stats().listenerFailures()).isEqualTo(1);
                assertThat(log.warnings("dev.tusk.listen")).containsExactly("The listener of channel \"events\" threw "
                        + "java.lang.IllegalStateException (listener failed on purpose); delivery goes on with the next "
                        + "notification");
                assertThat(recorder.notifications().getFirst().toString()).doesNotContain(payload)
                        .isEqualTo("Notification[channel=events, senderPid=" + recorder.notifications().getFirst().senderPid()
                                + ", payload=27 chars]");
            }
        }
    }

    @Test
    void shouldLetAListenerCloseItsOwnSubscription() {
        try (TuskClient client = Tusk.connect(config(uniqueName("self-close")))) {
            java.util.concurrent.atomic.AtomicReference<Subscription> self = new java.util.concurrent.atomic.AtomicReference<>();
            Recorder recorder = new Recorder() {
                @Override
                public void onNotification(Notification notification) {
                    super.onNotification(notification);
                    self.get().close();
                }
            };
            Recorder witness = new Recorder();
            try (Subscription ignored = client.listen("once", witness)) {
                self.set(client.listen("once", recorder));
                client.notify("once", "first");
                client.notify("once", "second");
                witness.awaitNotifications(2);
                awaitStats(self.get(), stats -> stats.delivered() == 1);
                assertThat(recorder.payloads()).containsExactly("first");
                assertThat(self.get().stats().listening()).isFalse();
            }
        }
    }

    @Test
    void shouldRefuseBadChannelNamesAndPayloadsBeforeSending() {
        String applicationName = uniqueName("refuse");
        try (TuskClient client = Tusk.connect(config(applicationName))) {
            Recorder recorder = new Recorder();
            assertThatThrownBy(() -> client.notify("", "x")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("channel name must not be empty");
            assertThatThrownBy(() -> client.notify(null, "x")).hasMessage("channel name must not be null");
            assertThatThrownBy(() -> client.listen("a\0b", recorder)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("channel name \"a\\0b\" has a NUL character at position 2, which PostgreSQL "
                            + "identifiers cannot hold");
            String tooLong = "é".repeat(32);
            assertThatThrownBy(() -> client.listen(tooLong, recorder)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("channel name \"" + tooLong + "\" is 64 bytes in UTF-8, but PostgreSQL channel names "
                            + "are identifiers of at most 63 bytes");
            assertThatThrownBy(() -> client.notify(tooLong, "x")).hasMessageContaining("is 64 bytes in UTF-8");

            String secret = "card-4111-1111-1111-1111 ";
            String oversized = secret.repeat(8000 / secret.length() + 1);
            assertThatThrownBy(() -> client.notify("payments", oversized)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("notify(\"payments\"): the payload is " + oversized.length() + " bytes in UTF-8, but "
                            + "PostgreSQL accepts at most 7999 (shorter than 8000); send a key and keep the data in a table")
                    .message().doesNotContain("card");
            assertThatThrownBy(() -> client.notify("payments", "x".repeat(8000))).hasMessageContaining("8000 bytes");
            assertThatThrownBy(() -> client.notify("payments", "é".repeat(4000)))
                    .hasMessageContaining("the payload is 8000 bytes");
            assertThatThrownBy(() -> client.notify("payments", "ab\0c")).hasMessage("notify(\"payments\"): the payload "
                    + "has a NUL character at position 3, which PostgreSQL text cannot hold");
            assertThatThrownBy(() -> client.listen("ok", null)).hasMessageContaining("listener and options must not be null");
            assertThatThrownBy(() -> ListenOptions.DEFAULT.withQueueCapacity(0))
                    .hasMessage("queueCapacity must be at least 1, but was 0");
            assertThat(client.statementStats().statements()).as("nothing refused reached the server").isEmpty();
            assertThat(listeningBackends(applicationName)).isZero();
        }
    }

    @Test
    void shouldRefuseListenBehindPgBouncerInTransactionModeWhileNotifyWorksThroughIt() {
        try (PgBouncer bouncer = PgBouncer.start(server);
             TuskClient direct = Tusk.connect(config(uniqueName("direct")));
             TuskClient pooled = Tusk.connect(TuskConfig.fromUrl("postgresql://" + server.superuser() + "@"
                     + bouncer.host() + ":" + bouncer.port() + "/" + ManagedPostgres.ADMIN_DATABASE).toBuilder()
                     .pgbouncer(true).poolMinSize(0).shutdownGracePeriod(Duration.ofSeconds(1)).build())) {
            Recorder recorder = new Recorder();
            assertThatThrownBy(() -> pooled.listen("orders", recorder)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("listen(\"orders\") needs a session of its own")
                    .hasMessageContaining("pgbouncer=true")
                    .hasMessageContaining("Listen with a second client whose URL reaches PostgreSQL directly");
            try (Subscription ignored = direct.listen("orders", recorder)) {
                pooled.notify("orders", "through pgbouncer");
                recorder.awaitNotifications(1);
                assertThat(recorder.payloads()).containsExactly("through pgbouncer");
            }
        }
    }

    @Test
    void shouldFailListenClearlyWhenTheServerCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TuskConfig unreachable = config(uniqueName("unreachable")).toBuilder().port(closedPort)
                .connectTimeout(Duration.ofSeconds(2)).build();
        try (TuskClient client = Tusk.connect(unreachable)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.listen("orders", new Recorder())).isInstanceOf(ConnectionException.class)
                    .hasMessageStartingWith("listen(\"orders\"): could not LISTEN on 127.0.0.1:" + closedPort + "/postgres")
                    .hasMessageContaining("SQLSTATE 08001");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            awaitNoListenThread(client);
        }
    }

    @Test
    void shouldStopEveryThreadAndTheConnectionOnClose() throws Exception {
        String applicationName = uniqueName("close");
        TuskClient client = Tusk.connect(config(applicationName));
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        NotificationListener stuck = notification -> {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        };
        Subscription stuckSubscription = client.listen("stuck", stuck);
        Subscription idle = client.listen("idle", new Recorder());
        client.notify("stuck", "hold on");
        assertThat(entered.await(15, TimeUnit.SECONDS)).isTrue();
        assertThat(listeningBackends(applicationName)).isEqualTo(1);
        assertThat(Recorder.liveThreadNames()).anyMatch(name -> name.startsWith("tusk-listen-" + applicationName));

        long started = System.nanoTime();
        client.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("close waits the 1s grace period, then interrupts")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(interrupted).isTrue();
        awaitNoListenThread(client);
        awaitNoListeningBackend(applicationName);
        assertThat(stuckSubscription.stats().listening()).isFalse();
        idle.close();
        assertThatThrownBy(() -> client.listen("late", new Recorder())).isInstanceOf(ClientClosedException.class)
                .hasMessage("listen(\"late\"): the client is closed");
    }

    private static void awaitNoListenThread(TuskClient client) {
        String prefix = "tusk-listen-" + client.config().applicationName();
        long deadline = System.nanoTime() + Recorder.WAIT.toNanos();
        while (Recorder.liveThreadNames().stream().anyMatch(name -> name.startsWith(prefix))) {
            assertThat(System.nanoTime()).as("threads named " + prefix + " still alive: " + Recorder.liveThreadNames())
                    .isLessThan(deadline);
            Recorder.sleep(20);
        }
    }
}
