package dev.tusk.internal;

import dev.tusk.TuskException;

import java.util.function.Consumer;

/**
 * Marks a {@link TuskException} as having happened inside a transaction that was rolled back, so that its
 * {@code mayHaveReachedServer()} describes the call the user made (nothing of it persisted) rather than the statement.
 * {@code TuskException} registers the marker when it loads, keeping the flag out of its public API.
 */
public final class RolledBack {

    private static volatile Consumer<TuskException> marker;

    private RolledBack() {
    }

    /** Called once, by {@code TuskException}'s static initializer; later calls are refused. */
    public static synchronized void register(Consumer<TuskException> mark) {
        if (marker != null) {
            throw new IllegalStateException("the rolled-back marker is registered already");
        }
        marker = mark;
    }

    /** Records that nothing of the work that failed with {@code failure} was committed; returns {@code failure}. */
    public static TuskException mark(TuskException failure) {
        marker.accept(failure);
        return failure;
    }
}
