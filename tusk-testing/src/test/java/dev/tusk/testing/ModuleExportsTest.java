package dev.tusk.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev.tusk.testing module exports every harness package and not dev.tusk.testing.internal: a new package that
 * module-info.java forgets is unreachable from tusk-core's tests on the module path.
 */
class ModuleExportsTest {

    @Test
    void shouldExportEveryHarnessPackageAndNoInternalOne() throws IOException, URISyntaxException {
        Module module = ManagedPostgres.class.getModule();
        assertThat(module.isNamed()).as("tests run in the dev.tusk.testing module (Surefire's module mode)").isTrue();
        Set<String> exported = module.getDescriptor().exports().stream()
                .filter(export -> !export.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));

        Path classes = Path.of(ManagedPostgres.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes).as("the harness's class directory").isDirectory();
        Set<String> harness;
        try (Stream<Path> files = Files.walk(classes)) {
            harness = files.filter(file -> file.toString().endsWith(".class") && !file.endsWith("module-info.class"))
                    .map(file -> classes.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), "."))
                    .filter(name -> !name.matches(".*\\.internal(\\..*)?"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        assertThat(harness).as("harness packages").contains("dev.tusk.testing", "dev.tusk.testing.patroni");
        assertThat(exported).as("packages dev.tusk.testing exports to everyone").isEqualTo(harness);
    }
}
