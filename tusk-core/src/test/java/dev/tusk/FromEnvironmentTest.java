package dev.tusk;

import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class FromEnvironmentTest {

    private static String runProbe(Map<String, String> environment) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", TestClasspath.full(),
                FromEnvironmentProbe.class.getName()).redirectErrorStream(true);
        // Only what the test sets: the developer's own PG* or DATABASE_URL must not leak into the child.
        builder.environment().keySet().removeIf(name -> name.startsWith("PG") || name.startsWith("POSTGRES")
                || name.startsWith("DB_") || name.contains("DATABASE_URL") || name.endsWith("_ENV") || name.equals("ENVIRONMENT"));
        builder.environment().putAll(environment);
        Process probe = builder.start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return output;
    }

    @Test
    void shouldConnectFromDatabaseUrl(TestDatabase database) throws Exception {
        String output = runProbe(Map.of("DATABASE_URL", database.url() + "?application_name=from-url"));
        assertThat(output).contains("connected " + database.name() + " postgres from-url");
    }

    @Test
    void shouldConnectFromLibpqVariablesWhenNoUrlIsSet(PostgresServer server, TestDatabase database) throws Exception {
        String output = runProbe(Map.of("PGHOST", server.host(), "PGPORT", String.valueOf(server.port()),
                "PGDATABASE", database.name(), "PGUSER", "postgres", "PGAPPNAME", "from-pg"));
        assertThat(output).contains("connected " + database.name() + " postgres from-pg");
    }

    @Test
    void shouldRefuseABadVariableNamingItAndTheValue() throws Exception {
        String output = runProbe(Map.of("POSTGRES_POOL_MAX_SIZE", "abc", "POSTGRES_PASSWORD", "hunter2"));
        assertThat(output).contains("failed").contains("POSTGRES_POOL_MAX_SIZE=abc").doesNotContain("hunter2");
    }
}
