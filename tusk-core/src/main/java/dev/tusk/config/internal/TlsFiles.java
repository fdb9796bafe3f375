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
 * named with its setting at once instead of surfacing as a bare handshake error on the first connection; certificates
 * are parsed and the client key decrypted with {@code sslPassword}, so a wrong password is named at start too. Only
 * paths are ever put in messages, never a file's content or the password.
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
        if (check("sslRootCert", "sslrootcert", config.sslRootCert(), problems)) {
            certificates("sslRootCert (sslrootcert) " + config.sslRootCert(), config.sslRootCert(), problems);
        }
        boolean certificate = check("sslCert", "sslcert", config.sslCert(), problems)
                && certificates("sslCert (sslcert) " + config.sslCert(), config.sslCert(), problems);
        if (check("sslKey", "sslkey", config.sslKey(), problems) && certificate) {
            try {
                // Decrypting now turns a wrong sslPassword into a message at start instead of a failed handshake later.
                ClientKeys.read(config.sslCert(), config.sslKey(), config.sslPassword());
            } catch (ClientKeys.UnusableFile e) {
                problems.add("sslKey (sslkey) " + config.sslKey() + " " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static boolean certificates(String label, Path file, List<String> problems) {
        try {
            ClientKeys.readChain(file);
            return true;
        } catch (ClientKeys.UnusableFile e) {
            problems.add(label + " " + e.getMessage());
            return false;
        }
    }

    /** Whether {@code file} is set and readable; a problem is recorded when it is set and is not. */
    private static boolean check(String setting, String libpqName, Path file, List<String> problems) {
        if (file == null) {
            return false;
        }
        String prefix = setting + " (" + libpqName + ") " + file + " ";
        if (!Files.exists(file)) {
            problems.add(prefix + "does not exist" + where(file));
            return false;
        } else if (!Files.isRegularFile(file)) {
            problems.add(prefix + "is not a file");
            return false;
        } else {
            // Opening proves readability where Files.isReadable cannot (ACLs, a process running as root, SELinux).
            try (InputStream in = Files.newInputStream(file)) {
                in.read();
            } catch (IOException | SecurityException e) {
                problems.add(prefix + "cannot be read: " + e.getClass().getSimpleName());
                return false;
            }
        }
        return true;
    }

    private static String where(Path file) {
        return file.isAbsolute() ? "" : " (a relative path, resolved against " + Path.of("").toAbsolutePath() + ")";
    }
}
