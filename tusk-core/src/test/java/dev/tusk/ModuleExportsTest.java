package dev.tusk;

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
 * The dev.tusk module exports every API package and no internal one: a new public package that module-info.java
 * forgets is unreachable from a modular application, though every test patched into the module still reaches it.
 */
class ModuleExportsTest {

    @Test
    void shouldExportEveryApiPackageAndNoInternalOne() throws IOException, URISyntaxException {
        Module module = Row.class.getModule();
        assertThat(module.isNamed()).as("tests run in the dev.tusk module (Surefire's module mode)").isTrue();
        Set<String> unqualified = module.getDescriptor().exports().stream()
                .filter(export -> !export.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> library = packagesUnder(Path.of(Row.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        Set<String> api = library.stream().filter(name -> !name.matches(".*\\.internal(\\..*)?"))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(api).as("API packages of tusk-core").contains("dev.tusk", "dev.tusk.routing", "dev.tusk.listen");
        assertThat(unqualified).as("packages dev.tusk exports to everyone").isEqualTo(api);
    }

    /** The packages that hold classes under {@code classes}, the library's own output directory. */
    private static Set<String> packagesUnder(Path classes) throws IOException {
        assertThat(classes).as("the library's class directory").isDirectory();
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(file -> file.toString().endsWith(".class") && !file.endsWith("module-info.class"))
                    .map(file -> classes.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), "."))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
