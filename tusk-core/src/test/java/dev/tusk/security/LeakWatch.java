package dev.tusk.security;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gathers what a person could see while a test runs: every line on stderr (slf4j-simple's log), every
 * {@code java.util.logging} record (PgJDBC's log), and whatever the test hands it: objects by their {@code toString()},
 * failures with the message, {@code toString()} and printed stack trace of every cause and suppressed exception.
 */
final class LeakWatch implements AutoCloseable {

    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream originalErr = System.err;
    private final Handler julCapture;

    private LeakWatch() {
        // slf4j-simple looks System.err up at every line, so a tee sees every Tusk, Hikari and harness log line.
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (stderr) {
                    stderr.write(b);
                }
                originalErr.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (stderr) {
                    stderr.write(bytes, offset, length);
                }
                originalErr.write(bytes, offset, length);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
        julCapture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.add(record.getLevel() + " " + record.getMessage() + " " + Arrays.toString(record.getParameters()));
                if (record.getThrown() != null) {
                    seeFailure(record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(julCapture);
    }

    /** Starts watching stderr and java.util.logging until {@link #close()}. */
    static LeakWatch start() {
        return new LeakWatch();
    }

    /** Adds each thing's {@code toString()}. */
    void see(Object... things) {
        for (Object thing : things) {
            seen.add(String.valueOf(thing));
        }
    }

    /** Adds everything {@code failure} and its causes and suppressed exceptions show. */
    void seeFailure(Throwable failure) {
        Set<Throwable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> pending = new ArrayList<>(List.of(failure));
        while (!pending.isEmpty()) {
            Throwable next = pending.removeLast();
            if (next == null || !visited.add(next)) {
                continue;
            }
            seen.add(next.toString());
            seen.add(String.valueOf(next.getLocalizedMessage()));
            StringWriter trace = new StringWriter();
            next.printStackTrace(new PrintWriter(trace));
            seen.add(trace.toString());
            pending.add(next.getCause());
            pending.addAll(List.of(next.getSuppressed()));
            if (next instanceof java.sql.SQLException sql) {
                pending.add(sql.getNextException());
            }
        }
    }

    /** Everything seen so far, stderr last. */
    List<String> everything() {
        System.err.flush();
        List<String> everything = new ArrayList<>(seen);
        synchronized (stderr) {
            everything.add(stderr.toString(StandardCharsets.UTF_8));
        }
        return everything;
    }

    /** Asserts that something was seen and none of it holds any of {@code secrets}. */
    void assertNoneOf(List<String> secrets) {
        List<String> everything = everything();
        assertThat(everything).isNotEmpty();
        for (String text : everything) {
            for (String secret : secrets) {
                assertThat(text).as("output that must not show a secret").doesNotContain(secret);
            }
        }
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        Logger.getLogger("").removeHandler(julCapture);
    }
}
