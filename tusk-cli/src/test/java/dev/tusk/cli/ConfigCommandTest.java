package dev.tusk.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigCommandTest {

    record Result(int status, String out, String err) {
    }

    @TempDir
    Path home;

    private Result tusk(Map<String, String> variables, String... args) {
        Map<String, String> environment = new HashMap<>(variables);
        environment.putIfAbsent("HOME", home.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = TuskCommand.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void shouldPrintEverySettingWithItsSource() {
        // Production refuses a remote host without a password, hence POSTGRES_PASSWORD.
        Result result = tusk(Map.of("TUSK_ENV", "production", "POSTGRES_HOST", "db.example", "DB_HOST", "other",
                "POSTGRES_POOL_MAX_SIZE", "20", "DB_STATEMENT_TIMEOUT", "1500", "POSTGRES_PASSWORD", "tiger"), "config");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).startsWith("Effective configuration (profile production):")
                .containsPattern("(?m)^host +db\\.example +POSTGRES_HOST \\(also set by DB_HOST\\)$")
                .containsPattern("(?m)^poolMaxSize +20 +POSTGRES_POOL_MAX_SIZE$")
                .containsPattern("(?m)^poolMinSize +10 +profile production default$")
                .containsPattern("(?m)^statementTimeout +1500ms +DB_STATEMENT_TIMEOUT$")
                .containsPattern("(?m)^password +\\*\\*\\* +POSTGRES_PASSWORD$")
                .doesNotContain("Warnings:", "tiger");
    }

    @Test
    void shouldNeverShowAPasswordFromAnySource() throws IOException {
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, "*:*:*:*:from-pgpass\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));

        Result fromUrl = tusk(Map.of("DATABASE_URL", "postgresql://app:hunter2@db.example/app",
                "POSTGRES_PASSWORD", "tiger", "PGPASSWORD", "lion"), "config");
        Result fromFile = tusk(Map.of("PGUSER", "app"), "config");

        assertThat(fromUrl.status()).isZero();
        assertThat(fromUrl.out()).containsPattern("(?m)^password +\\*\\*\\* +DATABASE_URL \\(also set by POSTGRES_PASSWORD, PGPASSWORD\\)$");
        assertThat(fromFile.out()).containsPattern("(?m)^password +\\*\\*\\* +~/\\.pgpass$");
        for (Result result : new Result[] {fromUrl, fromFile}) {
            assertThat(result.out() + result.err()).doesNotContain("hunter2", "tiger", "lion", "from-pgpass");
        }
    }

    @Test
    void shouldPrintWarningsAfterTheTable() {
        Result result = tusk(Map.of("POSTGRES_URL_NON_POOLING", "postgresql://direct.example/db",
                "POSTGRES_PRISMA_URL", "postgresql://pooler.example/db?pgbouncer=true"), "config");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("Warnings:\n  POSTGRES_PRISMA_URL is set but not used: "
                + "POSTGRES_URL_NON_POOLING takes precedence");
    }

    @Test
    void shouldExitNonZeroListingEveryBadValueWithoutSecrets() {
        Result result = tusk(Map.of("POSTGRES_POOL_MAX_SIZE", "abc", "POSTGRES_QUERY_TIMEOUT", "-5",
                "DATABASE_URL", "postgresql://app:hunter2@db.example/app?sslmode=bogus", "DB_PASSWORD", "tiger"), "config");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(String.join(System.lineSeparator(),
                "tusk config: the configuration cannot be used:",
                "  DATABASE_URL parameter sslmode=bogus: expected one of disable, allow, prefer, require, verify-ca, verify-full",
                "  POSTGRES_POOL_MAX_SIZE=abc: expected an integer from 1 to 10000",
                "  POSTGRES_QUERY_TIMEOUT=-5: expected a duration of 0 (none) or more; a bare number is in seconds, "
                        + "or give a unit: 500ms, 30s, 5m, 1h",
                ""));
        assertThat(result.err()).doesNotContain("hunter2", "tiger");
    }

    @Test
    void shouldRefuseProductionWithTlsSwitchedOffInConfigAndCheck() {
        Map<String, String> environment = Map.of("TUSK_ENV", "production", "POSTGRES_SSL_ENABLED", "false",
                "POSTGRES_HOST", "db.example", "POSTGRES_PASSWORD", "tiger");
        String problem = "sslMode=disable (from POSTGRES_SSL_ENABLED) is refused under TUSK_ENV=production: it never "
                + "uses TLS, so the password and every row cross the network in clear; production needs verify-full: "
                + "remove POSTGRES_SSL_ENABLED=false, or set POSTGRES_SSL_MODE=verify-full with POSTGRES_SSL_ENABLED=true "
                + "(TUSK_ALLOW_UNVERIFIED_TLS accepts require and verify-ca, never a mode that may go without TLS)";

        Result config = tusk(environment, "config");
        Result check = tusk(environment, "check");

        assertThat(config.status()).isEqualTo(1);
        assertThat(config.out()).isEmpty();
        assertThat(config.err()).isEqualTo(String.join(System.lineSeparator(),
                "tusk config: the configuration cannot be used:", "  " + problem, ""));
        assertThat(check.status()).isEqualTo(CheckCommand.UNHEALTHY);
        assertThat(check.err()).isEqualTo(String.join(System.lineSeparator(),
                "tusk check: UNHEALTHY: the configuration cannot be used:", "  " + problem, ""));
        assertThat(config.err() + check.err() + check.out()).doesNotContain("tiger");
    }

    @Test
    void shouldListStagingsTlsWarningAfterTheTable() {
        Result result = tusk(Map.of("TUSK_ENV", "staging", "POSTGRES_SSL_ENABLED", "false", "POSTGRES_HOST", "db.example",
                "POSTGRES_PASSWORD", "tiger"), "config");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("Warnings:\n  sslMode=disable under profile staging: it never uses TLS");
    }

    @Test
    void shouldBeListedInTheUsage() {
        Result help = tusk(Map.of(), "--help");

        assertThat(help.out()).containsPattern("(?m)^ +config +Prints the effective Tusk configuration");
    }
}
