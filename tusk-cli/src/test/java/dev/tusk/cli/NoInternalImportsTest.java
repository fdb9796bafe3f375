package dev.tusk.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI, the benchmarks and the OpenTelemetry tracer run on the class path, where the dev.tusk module's exports are
 * not enforced; this keeps them on the public API as any user would be, reading their sources.
 */
class NoInternalImportsTest {

    /** A reference to a Tusk package named internal, other than the module's own (dev.tusk.opentelemetry.internal). */
    private static final Pattern INTERNAL = Pattern.compile("dev\\.tusk(\\.[a-z]+)*\\.internal\\b");

    @Test
    void shouldUseOnlyTheApiOfTuskCore() throws IOException {
        List<String> found = new ArrayList<>();
        for (String module : List.of("tusk-cli", "tusk-bench", "tusk-opentelemetry")) {
            Path sources = Path.of("..", module, "src", "main", "java");
            assertThat(sources).as(module + " sources").isDirectory();
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher matcher = INTERNAL.matcher(lines.get(i));
                        while (matcher.find()) {
                            if (!matcher.group().equals("dev.tusk.opentelemetry.internal")) {
                                found.add(module + "/" + sources.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                            }
                        }
                    }
                }
            }
        }
        assertThat(found).as("references to dev.tusk internals outside tusk-core").isEmpty();
    }
}
