package dev.tusk.copy.internal;

import dev.tusk.copy.CopyOperations;
import dev.tusk.internal.Connections;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Creates {@link CopyOperations} for Tusk's own handles. Its constructor takes an internal type, so it is not public;
 * the class hands this bridge its factory when it loads, and only code that can see internal packages can call it.
 */
public final class CopyHandles {

    private static volatile BiFunction<Connections, String, CopyOperations> factory;

    private CopyHandles() {
    }

    /** Called once by {@link CopyOperations} as it loads; a second factory is refused. */
    public static synchronized void install(BiFunction<Connections, String, CopyOperations> operations) {
        if (factory != null) {
            throw new IllegalStateException("the CopyOperations factory is already installed");
        }
        factory = Objects.requireNonNull(operations, "operations");
    }

    /** COPY and bulk operations whose connections come from {@code scope}. */
    public static CopyOperations over(Connections scope) {
        return create(scope, null);
    }

    /**
     * COPY operations on {@code scope} that only read: every load is refused before a connection is taken, with
     * {@code why} as the message (say what to use instead).
     */
    public static CopyOperations readingOnly(Connections scope, String why) {
        return create(scope, Objects.requireNonNull(why, "why"));
    }

    private static CopyOperations create(Connections scope, String loadsRefused) {
        Objects.requireNonNull(scope, "scope");
        if (factory == null) {
            try {
                // Loading the class runs its static initialiser, which installs the factory.
                Class.forName(CopyOperations.class.getName(), true, CopyOperations.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return factory.apply(scope, loadsRefused);
    }
}
