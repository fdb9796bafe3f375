package dev.tusk.metrics.internal;

import java.security.CodeSource;
import java.util.Objects;

/**
 * Where the application called Tusk from: the first stack frame whose class is neither Tusk's own (loaded from the
 * same place as this class, so an application's classes in a {@code dev.tusk} package still count as its own) nor
 * the JDK's. Walking the stack costs microseconds, so it is done only for statements worth reporting.
 */
final class CallerLocation {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final CodeSource TUSK = codeSource(CallerLocation.class);

    private CallerLocation() {
    }

    /** {@code class.method(File.java:line)} of the caller, or {@code unknown} when every frame is Tusk's or the JDK's. */
    static String find() {
        return WALKER.walk(frames -> frames.filter(frame -> !isLibrary(frame.getDeclaringClass()))
                .findFirst()
                .map(frame -> frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":"
                        + frame.getLineNumber() + ")")
                .orElse("unknown"));
    }

    private static boolean isLibrary(Class<?> type) {
        String name = type.getName();
        if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
            return true;
        }
        if (TUSK == null) {
            return name.startsWith("dev.tusk.");
        }
        return Objects.equals(codeSource(type), TUSK);
    }

    private static CodeSource codeSource(Class<?> type) {
        return type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
    }
}
