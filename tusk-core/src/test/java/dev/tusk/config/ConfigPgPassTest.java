package dev.tusk.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigPgPassTest {

    private static final Map<String, String> TARGET = Map.of("PGHOST", "db.example", "PGPORT", "5432",
            "PGDATABASE", "app", "PGUSER", "svc");

    @TempDir
    Path home;

    private Path writePgpass(Path file, String content, String permissions) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private EffectiveConfig load(Map<String, String> environment) {
        return load(environment, builder -> { });
    }

    private EffectiveConfig load(Map<String, String> environment, Consumer<TuskConfigBuilder> explicit) {
        return ConfigLoader.of(environment::get, home).load(explicit);
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> environment = new HashMap<>(base);
        environment.put(name, value);
        return environment;
    }

    @Test
    void shouldTakeThePasswordFromPgpassWhenNoOtherSourceHasOne() throws IOException {
        writePgpass(home.resolve(".pgpass"), "db.example:5432:app:svc:s3cret\n", "rw-------");

        EffectiveConfig effective = load(TARGET);

        assertThat(effective.config().password()).isEqualTo("s3cret");
        assertThat(effective.source("password").describe()).isEqualTo("~/.pgpass");
        assertThat(effective.source("password").kind()).isEqualTo(SettingSource.Kind.PASSWORD_FILE);
        assertThat(effective.render()).doesNotContain("s3cret");
    }

    @Test
    void shouldUseTheFirstMatchingLineSkippingCommentsAndWildcardingStars() throws IOException {
        writePgpass(home.resolve(".pgpass"), """
                # production first
                other.example:*:*:*:wrong-host

                db.example:6432:app:svc:wrong-port
                *:*:app:svc:by-wildcard\r
                *:*:*:*:too-late
                """, "rw-------");

        assertThat(load(TARGET).config().password()).isEqualTo("by-wildcard");
    }

    @Test
    void shouldUnescapeColonsAndBackslashesAsLibpqDoes() throws IOException {
        // An IPv6 address is the host whose name holds colons ("db:1" would now read as host db, port 1).
        writePgpass(home.resolve(".pgpass"), "\\:\\:1:5432:app:svc:pa\\:ss\\\\word:ignored\n", "rw-------");

        assertThat(load(with(TARGET, "PGHOST", "::1")).config().password()).isEqualTo("pa:ss\\word");
        assertThat(load(TARGET).config().password()).isNull();
    }

    @Test
    void shouldMatchTheEffectiveTargetIncludingDefaults() throws IOException {
        writePgpass(home.resolve(".pgpass"), "localhost:5432:postgres:svc:from-defaults\n", "rw-------");

        assertThat(load(Map.of("PGUSER", "svc")).config().password()).isEqualTo("from-defaults");
        assertThat(load(Map.of("DATABASE_URL", "postgresql://svc@localhost/postgres")).config().password())
                .isEqualTo("from-defaults");
    }

    @Test
    void shouldTreatAnEmptyPasswordFieldAsNoPassword() throws IOException {
        writePgpass(home.resolve(".pgpass"), "*:*:*:svc:\n*:*:*:*:later\n", "rw-------");

        assertThat(load(TARGET).config().password()).isNull();
        assertThat(load(TARGET).source("password").kind()).isEqualTo(SettingSource.Kind.DEFAULT);
    }

    @Test
    void shouldReadTheFileThatPgpassfileNames() throws IOException {
        Path file = writePgpass(home.resolve("elsewhere.pass"), "*:*:*:*:named\n", "rw-------");
        writePgpass(home.resolve(".pgpass"), "*:*:*:*:home\n", "rw-------");

        EffectiveConfig effective = load(with(TARGET, "PGPASSFILE", file.toString()));

        assertThat(effective.config().password()).isEqualTo("named");
        assertThat(effective.source("password").describe()).isEqualTo("PGPASSFILE (" + file + ")");
    }

    @Test
    void shouldPreferAPasswordFromAnyHigherSource() throws IOException {
        writePgpass(home.resolve(".pgpass"), "*:*:*:*:from-file\n", "rw-------");

        assertThat(load(with(TARGET, "PGPASSWORD", "from-env")).config().password()).isEqualTo("from-env");
        assertThat(load(with(TARGET, "DATABASE_URL", "postgresql://svc:from-url@db.example/app")).config().password())
                .isEqualTo("from-url");
        assertThat(load(TARGET, builder -> builder.password(null)).config().password()).isNull();
    }

    @Test
    void shouldIgnoreAFileOthersCanReadAndWarnWithoutTheSecret() throws IOException {
        writePgpass(home.resolve(".pgpass"), "*:*:*:*:exposed\n", "rw-r-----");

        EffectiveConfig effective = load(TARGET);

        assertThat(effective.config().password()).isNull();
        assertThat(effective.warnings()).containsExactly("password file " + home.resolve(".pgpass")
                + " has group or world access; permissions should be u=rw (0600) or less; ignoring it, as libpq does");
        assertThat(effective.warnings().toString()).doesNotContain("exposed");
    }

    @Test
    void shouldIgnoreAPasswordFileThatIsNotAPlainFile() throws IOException {
        Path directory = Files.createDirectory(home.resolve("passwords"));

        EffectiveConfig effective = load(with(TARGET, "PGPASSFILE", directory.toString()));

        assertThat(effective.config().password()).isNull();
        assertThat(effective.warnings()).containsExactly("password file " + directory
                + " is not a plain file; ignoring it, as libpq does");
    }

    @Test
    void shouldSayNothingWhenThereIsNoPasswordFile() {
        EffectiveConfig effective = load(TARGET);

        assertThat(effective.config().password()).isNull();
        assertThat(effective.warnings()).isEmpty();
        assertThat(ConfigLoader.of(TARGET::get, null).load().warnings()).isEmpty();
    }
}
