package dev.tusk.listen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.sun.management.HotSpotDiagnosticMXBean;

/** A listener that keeps every notification and loss it hears, in order, for tests to wait on and inspect. */
class Recorder implements NotificationListener {

    static final Duration WAIT = Duration.ofSeconds(15);

    final List<Object> events = new CopyOnWriteArrayList<>();

    @Override
    public void onNotification(Notification notification) {
        events.add(notification);
    }

    @Override
    public void onPossibleLoss(PossibleLoss loss) {
        events.add(loss);
    }

    List<Notification> notifications() {
        return events.stream().filter(Notification.class::isInstance).map(Notification.class::cast).toList();
    }

    List<String> payloads() {
        return notifications().stream().map(Notification::payload).toList();
    }

    List<PossibleLoss> losses() {
        return events.stream().filter(PossibleLoss.class::isInstance).map(PossibleLoss.class::cast).toList();
    }

    /** Waits until {@code condition} holds for the events so far; fails naming {@code what} after {@link #WAIT}. */
    void awaitEvents(String what, Predicate<List<Object>> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.test(List.copyOf(events))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT + " for " + what + "; events so far: " + events);
            }
            sleep(10);
        }
    }

    void awaitNotifications(int count) {
        awaitEvents(count + " notifications", all -> all.stream().filter(Notification.class::isInstance).count() >= count);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The names of every live thread, virtual ones included, from the JVM's own thread dump. */
    static List<String> liveThreadNames() {
        try {
            Path dump = Files.createTempFile("tusk-threads", ".json");
            Files.delete(dump);
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            String json = Files.readString(dump);
            Files.delete(dump);
            List<String> names = new ArrayList<>();
            var matcher = java.util.regex.Pattern.compile("\"name\": \"([^\"]*)\"").matcher(json);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
