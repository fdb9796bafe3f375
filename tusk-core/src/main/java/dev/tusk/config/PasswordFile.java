package dev.tusk.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A libpq password file ({@code ~/.pgpass}, or the file {@code PGPASSFILE} names), read as libpq reads it: lines of
 * {@code host:port:database:user:password}, {@code *} matching anything in the first four fields, {@code \:} and
 * {@code \\} escaping, {@code #} starting a comment, the first matching line winning. Like libpq, a file that group or
 * others may access is ignored with a warning, and so is one that is not a plain file.
 *
 * @param path        where the file is
 * @param description how it is named in sources and warnings: {@code ~/.pgpass} or {@code PGPASSFILE (path)}
 */
record PasswordFile(Path path, String description) {

    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** The file {@code PGPASSFILE} names, else {@code .pgpass} in {@code homeDirectory}; null when there is neither. */
    static PasswordFile locate(Function<String, String> environment, Path homeDirectory) {
        String named = EnvVariable.lookup(environment, LibpqVariables.PGPASSFILE);
        if (named != null) {
            return new PasswordFile(Path.of(named.strip()), LibpqVariables.PGPASSFILE + " (" + named.strip() + ")");
        }
        return homeDirectory == null ? null : new PasswordFile(homeDirectory.resolve(".pgpass"), "~/.pgpass");
    }

    /**
     * The password of the first line matching the four fields, or null when no line matches, the matching password is
     * empty, or the file is missing or unusable; why it is unusable goes to {@code warnings}, never with a password.
     */
    String lookup(String host, int port, String database, String user, List<String> warnings) {
        if (!Files.exists(path)) {
            return null;
        }
        if (!Files.isRegularFile(path)) {
            warnings.add("password file " + path + " is not a plain file; ignoring it, as libpq does");
            return null;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream().anyMatch(TOO_OPEN::contains)) {
                warnings.add("password file " + path + " has group or world access; permissions should be u=rw (0600) "
                        + "or less; ignoring it, as libpq does");
                return null;
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: there are no group or world bits to check, as on Windows for libpq.
        } catch (IOException e) {
            warnings.add("could not check the permissions of password file " + path + ": " + e.getClass().getSimpleName());
            return null;
        }
        String content;
        try {
            content = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            warnings.add("could not read password file " + path + ": " + e.getClass().getSimpleName());
            return null;
        }
        String[] wanted = {host, String.valueOf(port), database, user};
        for (String line : content.split("\n")) {
            String clean = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (clean.isBlank() || clean.startsWith("#")) {
                continue;
            }
            String password = match(clean, wanted);
            if (password != null) {
                return password.isEmpty() ? null : password;
            }
        }
        return null;
    }

    private static String match(String line, String[] wanted) {
        int position = 0;
        for (String token : wanted) {
            position = matchField(line, position, token);
            if (position < 0) {
                return null;
            }
        }
        StringBuilder password = new StringBuilder();
        for (int i = position; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ':') {
                break;
            }
            if (c == '\\' && i + 1 < line.length()) {
                c = line.charAt(++i);
            }
            password.append(c);
        }
        return password.toString();
    }

    /** The index just past the field starting at {@code start} if it matches {@code token}, else -1. */
    private static int matchField(String line, int start, String token) {
        if (line.startsWith("*:", start)) {
            return start + 2;
        }
        int matched = 0;
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ':') {
                return matched == token.length() ? i + 1 : -1;
            }
            if (c == '\\' && i + 1 < line.length()) {
                c = line.charAt(++i);
            }
            if (matched >= token.length() || token.charAt(matched) != c) {
                return -1;
            }
            matched++;
        }
        return -1;
    }
}
