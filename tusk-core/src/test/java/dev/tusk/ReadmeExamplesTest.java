package dev.tusk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles every {@code ```java} example of README.md against the library and its test classpath, so an example that
 * no longer matches the API fails the build. Each example keeps its own imports (the README shows them); imports from
 * {@code java.*} are added here. Statements become the body of a method, a class declaration a member class; both
 * extend {@link ReadmeContext}, which declares the names the examples take as given ({@code cutoff}, {@code rows}, …).
 * {@code { ... }} stands for the reader's own code and compiles as an empty block.
 */
class ReadmeExamplesTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");
    private static final List<String> JDK_IMPORTS = List.of("java.math.BigDecimal", "java.nio.file.Path",
            "java.time.*", "java.util.*", "java.util.stream.*");

    @Test
    void shouldCompileEveryJavaExampleInTheReadme(@TempDir Path output) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<JavaFileObject> sources = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(readme);
        while (block.find()) {
            int firstLine = lineOf(readme, block.start(1));
            sources.add(source(sources.size() + 1, firstLine, block.group(1)));
        }
        assertThat(sources).as("java examples in README.md").hasSizeGreaterThanOrEqualTo(5);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-proc:none", "-d", output.toString(), "-classpath", TestClasspath.full());
        boolean compiled = compiler.getTask(null, null, diagnostics, options, null, sources).call();
        String errors = diagnostics.getDiagnostics().stream()
                .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                .map(ReadmeExamplesTest::describe)
                .collect(Collectors.joining("\n"));
        assertThat(errors).as("compile errors in README.md examples").isEmpty();
        assertThat(compiled).isTrue();
    }

    private static JavaFileObject source(int number, int readmeLine, String block) {
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : block.split("\n", -1)) {
            if (body.isEmpty() && (line.startsWith("import ") || line.isBlank())) {
                imports.add(line);
            } else {
                body.add(line);
            }
        }
        String code = String.join("\n", body).replace("{ ... }", "{ }");
        String first = code.stripLeading();
        boolean declaration = first.startsWith("@") || first.startsWith("class ") || first.startsWith("record ");
        String name = "ReadmeExample" + number;
        StringBuilder unit = new StringBuilder("package readme;");
        JDK_IMPORTS.forEach(jdk -> unit.append(" import ").append(jdk).append(';'));
        // Line 1 holds the package and JDK imports, the example's imports follow line for line, then one wrapper
        // line, then the body: so an error's line maps straight back to the README.
        unit.append('\n');
        imports.forEach(line -> unit.append(line).append('\n'));
        unit.append("public class ").append(name).append(" extends ").append(ReadmeContext.class.getCanonicalName())
                .append(declaration ? " {" : " { void example() throws Exception {").append('\n');
        unit.append(code).append(declaration ? "\n}\n" : "\n} }\n");
        return new Example(name, number, readmeLine, imports.size(), unit.toString());
    }

    /** One README example as a compilation unit, remembering where it stands in the README. */
    private static final class Example extends SimpleJavaFileObject {
        private final int number;
        private final int readmeLine;
        private final int importLines;
        private final String text;

        Example(String name, int number, int readmeLine, int importLines, String text) {
            super(URI.create("string:///readme/" + name + ".java"), JavaFileObject.Kind.SOURCE);
            this.number = number;
            this.readmeLine = readmeLine;
            this.importLines = importLines;
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }

        /** The README line of the unit's line {@code line}. */
        long readmeLine(long line) {
            return line <= 1 + importLines ? readmeLine + line - 2 : readmeLine + line - 3;
        }
    }

    private static String describe(Diagnostic<? extends JavaFileObject> diagnostic) {
        if (!(diagnostic.getSource() instanceof Example example)) {
            return diagnostic.getMessage(null);
        }
        return "README.md line " + example.readmeLine(diagnostic.getLineNumber()) + " (example " + example.number
                + "): " + diagnostic.getMessage(null).replace("\n", " ");
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
