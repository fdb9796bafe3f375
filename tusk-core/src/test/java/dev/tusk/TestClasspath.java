package dev.tusk;

import java.io.File;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The class path a child JVM or compiler needs to see what this test JVM sees. */
public final class TestClasspath {

    private TestClasspath() {
    }

    /**
     * The class path and, when Surefire runs the tests as the dev.tusk module, the module path too: there the library
     * and its dependencies are on the module path and only test-only libraries on the class path.
     */
    public static String full() {
        return Stream.of(System.getProperty("java.class.path", ""), System.getProperty("jdk.module.path", ""))
                .flatMap(path -> Stream.of(path.split(File.pathSeparator)))
                .filter(entry -> !entry.isBlank())
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
    }
}
