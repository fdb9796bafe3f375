package dev.tusk.testing.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Owns the folders of the servers this JVM started: creates them, closes what is still open at JVM exit, and removes
 * what a killed JVM left behind.
 */
public final class InstanceDirectories {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceDirectories.class);
    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "tusk-pg");
    private static final Map<AutoCloseable, Path> LIVE = new ConcurrentHashMap<>();
    private static final Object INIT = new Object();
    private static volatile boolean initialised;

    private InstanceDirectories() {
    }

    /** Creates a new, empty folder for one server. */
    public static Path create(String label) {
        initialise();
        Path directory = ROOT.resolve(label + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("owner.pid"), String.valueOf(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + directory, e);
        }
        return directory;
    }

    /** Records that {@code owner} lives in {@code directory} and runs the binaries in {@code binDirectory}. */
    public static void register(AutoCloseable owner, Path directory, Path binDirectory) {
        try {
            Files.writeString(directory.resolve("bin.path"), binDirectory.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write into " + directory, e);
        }
        LIVE.put(owner, directory);
    }

    /** Forgets {@code owner} and deletes its folder. */
    public static void release(AutoCloseable owner, Path directory) {
        LIVE.remove(owner);
        deleteRecursively(directory);
    }

    /** Deletes {@code directory} and everything under it, quietly. */
    public static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", directory, e.getMessage());
        }
    }

    private static void initialise() {
        if (initialised) {
            return;
        }
        synchronized (INIT) {
            if (initialised) {
                return;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(InstanceDirectories::closeAll, "tusk-testing-shutdown"));
            removeOrphans();
            initialised = true;
        }
    }

    private static void closeAll() {
        for (AutoCloseable owner : List.copyOf(LIVE.keySet())) {
            try {
                owner.close();
            } catch (Exception e) {
                LOG.warn("Could not close {} at JVM exit: {}", owner, e.getMessage());
            }
        }
    }

    private static void removeOrphans() {
        if (!Files.isDirectory(ROOT)) {
            return;
        }
        try (Stream<Path> folders = Files.list(ROOT)) {
            for (Path folder : folders.toList()) {
                if (ownerAlive(folder)) {
                    continue;
                }
                LOG.info("Removing {}, left by a test JVM that is gone", folder);
                stopOrphan(folder);
                deleteRecursively(folder);
            }
        } catch (IOException e) {
            LOG.warn("Could not scan {} for orphaned servers: {}", ROOT, e.getMessage());
        }
    }

    private static boolean ownerAlive(Path folder) {
        try {
            long pid = Long.parseLong(Files.readString(folder.resolve("owner.pid")).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            // A folder being created right now has no pid file yet; leave it unless it is old.
            try {
                return Files.getLastModifiedTime(folder).toMillis() > System.currentTimeMillis() - 60_000;
            } catch (IOException gone) {
                return true;
            }
        }
    }

    private static void stopOrphan(Path folder) {
        // Supervisors such as Patroni go first: left alive, they would start the servers below again.
        Path pidFile = folder.resolve("process.pid");
        if (Files.exists(pidFile)) {
            try {
                for (String line : Files.readAllLines(pidFile)) {
                    if (!line.isBlank()) {
                        ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                LOG.info("Orphaned processes in {} could not be read: {}", folder, e.getMessage());
            }
        }
        stopOrphanServer(folder, folder.resolve("data"));
        // A cluster keeps one server per member folder.
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : children.filter(Files::isDirectory).toList()) {
                stopOrphanServer(folder, child.resolve("data"));
            }
        } catch (IOException e) {
            LOG.info("Could not list {}: {}", folder, e.getMessage());
        }
    }

    private static void stopOrphanServer(Path folder, Path data) {
        Path binPath = folder.resolve("bin.path");
        if (Files.exists(data.resolve("postmaster.pid")) && Files.exists(binPath)) {
            try {
                Path bin = Path.of(Files.readString(binPath).strip());
                ServerProcesses.run(bin.resolve("pg_ctl"), List.of("-D", data.toString(), "-m", "immediate", "-w", "stop"),
                        Duration.ofSeconds(30));
            } catch (IOException | RuntimeException e) {
                LOG.info("Orphaned server in {} was not running: {}", data, e.getMessage());
            }
        }
    }
}
