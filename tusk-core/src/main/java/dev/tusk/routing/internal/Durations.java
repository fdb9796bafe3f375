package dev.tusk.routing.internal;

import java.time.Duration;
import java.util.Locale;

/** Durations as messages show them. */
final class Durations {

    private Durations() {
    }

    /** Milliseconds below ten seconds, seconds with one decimal above, as the health check writes them. */
    static String readable(Duration duration) {
        long ms = duration.toMillis();
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
