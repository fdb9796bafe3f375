package dev.tusk.http;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium driven from the command line: it loads a page, lets its timers run for a few seconds of
 * virtual time, and hands back the rendered DOM or a screenshot. No WebDriver, so nothing to keep in step with the
 * browser's version; {@code .ci/run} installs the package.
 */
final class HeadlessChromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    /** The DOM of {@code page} after its scripts ran for {@code virtualMillis} of virtual time. */
    static String dumpDom(URI page, int virtualMillis) {
        return run(page, virtualMillis, "--dump-dom");
    }

    /** Saves a 1280x1250 screenshot of {@code page} to {@code file} after {@code virtualMillis} of virtual time. */
    static void screenshot(URI page, int virtualMillis, Path file) {
        // Tall enough for every panel, the statement tables included, to be in the picture.
        run(page, virtualMillis, "--screenshot=" + file.toAbsolutePath(), "--window-size=1280,1250");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("chromium wrote no screenshot to " + file);
        }
    }

    private static String run(URI page, int virtualMillis, String... extra) {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("headless tests need Debian's chromium at " + BINARY
                    + ": apt-get install -y chromium (.ci/run installs it)");
        }
        Path profile = null;
        try {
            // A fresh profile per run: parallel runs never share a lock, and nothing is remembered between them.
            profile = Files.createTempDirectory("tusk-chromium-");
            Path output = profile.resolve("stdout");
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--user-data-dir=" + profile.resolve("profile"),
                    "--virtual-time-budget=" + virtualMillis));
            command.addAll(List.of(extra));
            command.add(page.toString());
            Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("chromium did not finish within 60 s for " + page);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("chromium exited with " + process.exitValue() + " for " + page);
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary profile is harmless; the test's outcome does not depend on it.
        }
    }
}
