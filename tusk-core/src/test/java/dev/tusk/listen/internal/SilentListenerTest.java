package dev.tusk.listen.internal;

import dev.tusk.config.TuskConfig;
import dev.tusk.listen.ListenOptions;
import dev.tusk.listen.Notification;
import dev.tusk.listen.NotificationListener;
import dev.tusk.listen.PossibleLoss;
import dev.tusk.listen.Subscription;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.proxy.FaultProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A LISTEN connection that dies without a word (a network partition, a reset) is noticed, by the quiet-connection probe
 * or by the reset itself, and replaced; the gap is reported.
 */
class SilentListenerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static ManagedPostgres server;
    private static FaultProxy proxy;

    @BeforeAll
    static void start() {
        server = ManagedPostgres.builder().label("listen-silent").start();
        proxy = FaultProxy.start(server.host(), server.port());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        server.close();
    }

    private static TuskConfig throughProxy(String applicationName) {
        return TuskConfig.fromUrl(server.url(ManagedPostgres.ADMIN_DATABASE)).toBuilder().port(proxy.port())
                .applicationName(applicationName).connectTimeout(Duration.ofSeconds(1)).statementTimeout(Duration.ofSeconds(1))
                .retryDelay(Duration.ofMillis(50)).retryMaxDelay(Duration.ofMillis(200))
                .shutdownGracePeriod(Duration.ofSeconds(1)).build();
    }

    /** Every notification and loss heard, in order. */
    private static final class Heard implements NotificationListener {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void onNotification(Notification notification) {
            events.add(notification.payload());
        }

        @Override
        public void onPossibleLoss(PossibleLoss loss) {
            events.add(loss);
        }

        boolean hasGap() {
            return events.stream().anyMatch(PossibleLoss.ConnectionGap.class::isInstance);
        }
    }

    @Test
    void shouldProbeAQuietConnectionAndReplaceItWhenThePeerFallsSilent() throws Exception {
        try (DedicatedListener listener = new DedicatedListener(throughProxy("silent"), "silent", Duration.ofMillis(300))) {
            Heard heard = new Heard();
            Subscription subscription = listener.subscribe("orders", heard, ListenOptions.DEFAULT);
            notifyDirectly("orders", "before");
            await("the first notification", () -> heard.events.contains("before"));

            Instant silentFrom = Instant.now();
            proxy.blackhole();
            try {
                await("the probe to find the connection dead", () -> !subscription.stats().listening());
            } finally {
                proxy.heal();
            }
            await("LISTEN restored and the gap reported", heard::hasGap);
            notifyDirectly("orders", "after");
            await("a notification after the gap", () -> heard.events.contains("after"));

            PossibleLoss.ConnectionGap gap = (PossibleLoss.ConnectionGap) heard.events.get(1);
            assertThat(gap.cause()).startsWith("SQLSTATE 08006: the LISTEN connection did not answer a probe within 1s");
            assertThat(heard.events).containsExactly("before", gap, "after");
            assertThat(gap.from()).as("the gap starts at the last word from the server, not at the last quiet wait")
                    .isBefore(silentFrom);
            assertThat(listener.reconnects()).isEqualTo(1);
        }
    }

    @Test
    void shouldReconnectAfterTheConnectionIsReset() throws Exception {
        try (DedicatedListener listener = new DedicatedListener(throughProxy("reset"), "reset", Duration.ZERO)) {
            Heard heard = new Heard();
            listener.subscribe("orders", heard, ListenOptions.DEFAULT);
            proxy.resetAll();
            await("LISTEN restored and the gap reported", heard::hasGap);
            notifyDirectly("orders", "after");
            await("a notification after the gap", () -> heard.events.contains("after"));
            assertThat(((PossibleLoss.ConnectionGap) heard.events.getFirst()).cause()).startsWith("SQLSTATE 08006");
            assertThat(listener.reconnects()).isEqualTo(1);
        }
    }

    private static void notifyDirectly(String channel, String payload) throws SQLException {
        try (Connection connection = server.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, channel);
            statement.setString(2, payload);
            statement.execute();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
