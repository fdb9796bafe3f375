package dev.tusk.trace.internal;

import dev.tusk.trace.TuskTracer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TracersTest {

    /** Hears only the end of statements, as the built-in slow-statement log does. */
    private static final class EndsOnly implements TuskTracer {
        final List<Object> contexts = new ArrayList<>();

        @Override
        public void statementSucceeded(String sql, Object context, long rows, long nanos) {
            contexts.add(context);
        }
    }

    /** Hands each statement a context of its own and hears leases. */
    private static final class Everything implements TuskTracer {
        final List<Object> contexts = new ArrayList<>();
        int acquired;
        int released;

        @Override
        public Object statementStarted(String sql, boolean inTransaction) {
            return "context of " + sql;
        }

        @Override
        public void statementSucceeded(String sql, Object context, long rows, long nanos) {
            contexts.add(context);
        }

        @Override
        public void connectionAcquired(long waitNanos) {
            acquired++;
        }

        @Override
        public void connectionReleased() {
            released++;
        }
    }

    @Test
    void shouldTellOverriddenEventsFromTheNoOpDefaults() {
        assertThat(Tracers.overrides(new EndsOnly(), "statementStarted", String.class, boolean.class)).isFalse();
        assertThat(Tracers.overrides(new EndsOnly(), "connectionReleased")).isFalse();
        assertThat(Tracers.overrides(new Everything(), "statementStarted", String.class, boolean.class)).isTrue();
        assertThat(Tracers.overrides(new Everything(), "connectionAcquired", long.class)).isTrue();
        // A method that does not exist cannot be told apart, so the tracer is asked rather than skipped.
        assertThat(Tracers.overrides(new EndsOnly(), "noSuchEvent")).isTrue();
    }

    @Test
    void shouldHandEachTracerItsOwnContextWhenOnlySomeStartStatements() {
        EndsOnly first = new EndsOnly();
        Everything second = new Everything();
        EndsOnly third = new EndsOnly();
        TuskTracer composed = Tracers.compose(first, second, third);

        Object context = composed.statementStarted("SELECT 1", false);
        composed.statementSucceeded("SELECT 1", context, 1, 10);

        assertThat(first.contexts).containsExactly((Object) null);
        assertThat(second.contexts).containsExactly("context of SELECT 1");
        assertThat(third.contexts).containsExactly((Object) null);
    }

    @Test
    void shouldPassConnectionEventsOnlyToTracersThatHearThem() {
        EndsOnly quiet = new EndsOnly();
        Everything listening = new Everything();
        TuskTracer composed = Tracers.compose(quiet, listening);

        composed.connectionAcquired(5);
        composed.connectionReleased();
        composed.connectionReleased();

        assertThat(listening.acquired).isEqualTo(1);
        assertThat(listening.released).isEqualTo(2);
    }

    @Test
    void shouldStartNoStatementContextWhenNoTracerStartsStatements() {
        TuskTracer composed = Tracers.compose(new EndsOnly(), new EndsOnly());

        assertThat(composed.statementStarted("SELECT 1", false)).isNull();
    }
}
