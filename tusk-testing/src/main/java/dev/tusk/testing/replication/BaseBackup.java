package dev.tusk.testing.replication;

import dev.tusk.testing.ManagedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/** An online base backup of a running primary taken by copying files, for binaries that ship without pg_basebackup. */
final class BaseBackup {

    /** Files that belong to the running primary's process, not to its data. */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts",
            // Relation-cache init files are rebuilt at startup; pg_basebackup leaves them out too.
            "pg_internal.init");
    /** Folders kept empty: the replica streams its WAL from the slot and must not inherit the primary's slots. */
    private static final Set<String> EMPTIED_FOLDERS = Set.of("pg_wal", "pg_replslot");

    private BaseBackup() {
    }

    /**
     * Copies {@code primary}'s data directory into the empty {@code target} between {@code pg_backup_start} and
     * {@code pg_backup_stop}, and writes the {@code backup_label} (and {@code tablespace_map}) recovery needs.
     */
    static void copy(ManagedPostgres primary, Path target, String label) {
        // Both backup calls must run on one session: a non-exclusive backup belongs to the session that started it.
        try (Connection connection = primary.connect(ManagedPostgres.ADMIN_DATABASE)) {
            try (PreparedStatement start = connection.prepareStatement("SELECT pg_backup_start(?, true)")) {
                start.setString(1, label);
                start.execute();
            }
            copyTree(primary.dataDirectory(), target);
            try (Statement stop = connection.createStatement();
                 ResultSet rows = stop.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(true)")) {
                rows.next();
                Files.writeString(target.resolve("backup_label"), rows.getString("labelfile"), StandardCharsets.UTF_8);
                String tablespaceMap = rows.getString("spcmapfile");
                if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                    Files.writeString(target.resolve("tablespace_map"), tablespaceMap, StandardCharsets.UTF_8);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("base backup of " + primary + " into " + target + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("base backup of " + primary + " into " + target + " failed", e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                Path copy = target.resolve(source.relativize(directory).toString());
                Files.createDirectories(copy);
                if (EMPTIED_FOLDERS.contains(String.valueOf(directory.getFileName())) && !directory.equals(source)) {
                    if (directory.getFileName().toString().equals("pg_wal")) {
                        // The server expects this folder to exist and will not create it.
                        Files.createDirectories(copy.resolve("archive_status"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (SKIPPED_FILES.contains(file.getFileName().toString())) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, target.resolve(source.relativize(file).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                } catch (NoSuchFileException vanished) {
                    // The primary keeps running: temporary files come and go, and WAL replay restores what matters.
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }
}
