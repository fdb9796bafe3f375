package dev.tusk.config.internal;

import dev.tusk.config.ConfigException;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, when a client starts, that the certificate and key files its config names can be read, so a wrong path is
 * named with its setting at once instead of surfacing as a bare handshake error on the first connection. Only paths
 * are ever put in messages, never a file's content.
 */
public final class TlsFiles {

    private TlsFiles() {
    }

    /** Throws a {@link ConfigException} naming each TLS file of {@code config} that is missing, not a file, or unreadable. */
    public static void check(TuskConfig config) {
        if (config.sslMode() == SslMode.DISABLE) {
            // Under disable the files are not passed to PgJDBC, so a stale path in a shared config does no harm.
            return;
        }
        List<String> problems = new ArrayList<>();
        check("sslRootCert", "sslrootcert", config.sslRootCert(), problems);
        check("sslCert", "sslcert", config.sslCert(), problems);
        check("sslKey", "sslkey", config.sslKey(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static void check(String setting, String libpqName, Path file, List<String> problems) {
        if (file == null) {
            return;
        }
        String prefix = setting + " (" + libpqName + ") " + file + " ";
        if (!Files.exists(file)) {
            problems.add(prefix + "does not exist" + where(file));
        } else if (!Files.isRegularFile(file)) {
            problems.add(prefix + "is not a file");
        } else {
            // Opening proves readability where Files.isReadable cannot (ACLs, a process running as root, SELinux).
            try (InputStream in = Files.newInputStream(file)) {
                in.read();
            } catch (IOException | SecurityException e) {
                problems.add(prefix + "cannot be read: " + e.getClass().getSimpleName());
            }
        }
    }

    private static String where(Path file) {
        return file.isAbsolute() ? "" : " (a relative path, resolved against " + Path.of("").toAbsolutePath() + ")";
    }
}
