package dev.tusk;

import dev.tusk.testing.tls.TlsPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS by profile at client start, against the harness's TLS server whose role {@code app} may only log in over TLS:
 * each case runs {@link Tusk#fromEnvironment()} in a child JVM, so the environment and the log are the real ones.
 */
class ProfileTlsEnvironmentTest {

    private static final String PASSWORD = "Pr0file-s3cret!";

    private static TlsPostgres tls;

    record Run(int status, String output) {
    }

    @BeforeAll
    static void startServer() {
        tls = TlsPostgres.builder().label("profile-tls").passwordUser("app", PASSWORD).tlsOnlyUser("app").start();
    }

    @AfterAll
    static void stopServer() {
        if (tls != null) {
            tls.close();
        }
    }

    private static String url(String sslmode) {
        return "postgresql://app:" + PASSWORD + "@127.0.0.1:" + tls.server().port() + "/" + TlsPostgres.DATABASE
                + "?sslmode=" + sslmode;
    }

    private static Run probe(Map<String, String> environment) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", TestClasspath.full(),
                FromEnvironmentProbe.class.getName()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PG") || name.startsWith("POSTGRES")
                || name.startsWith("DB_") || name.startsWith("TUSK_") || name.contains("DATABASE_URL")
                || name.endsWith("_ENV") || name.equals("ENVIRONMENT"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }

    @Test
    void shouldConnectOverRequireInProductionWithTheOverrideAndWarnOnce() throws Exception {
        Run run = probe(Map.of("TUSK_ENV", "production", "TUSK_ALLOW_UNVERIFIED_TLS", "true",
                "DATABASE_URL", url("require")));

        assertThat(run.status()).as(run.output()).isZero();
        // Role app is refused without TLS by pg_hba.conf, so connecting proves the session is encrypted.
        assertThat(run.output()).contains("connected tusk app tusk");
        assertThat(count(run.output(), "WARN dev.tusk.security - allowUnverifiedTls=true accepts sslMode=require "
                + "under profile production")).as(run.output()).isEqualTo(1);
        assertThat(run.output()).doesNotContain(PASSWORD);
    }

    @Test
    void shouldRefuseRequireInProductionWithoutTheOverrideBeforeConnecting() throws Exception {
        Run run = probe(Map.of("TUSK_ENV", "production", "DATABASE_URL", url("require")));

        assertThat(run.status()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("failed sslMode=require (from DATABASE_URL) is refused under "
                        + "TUSK_ENV=production")
                .contains("accept require explicitly with TUSK_ALLOW_UNVERIFIED_TLS=true")
                .doesNotContain("connected", PASSWORD);
    }

    @Test
    void shouldRefuseProductionWithTlsSwitchedOff() throws Exception {
        Run run = probe(Map.of("TUSK_ENV", "production", "POSTGRES_SSL_ENABLED", "false",
                "POSTGRES_HOST", "127.0.0.1", "POSTGRES_PORT", String.valueOf(tls.server().port()),
                "POSTGRES_DATABASE", TlsPostgres.DATABASE, "POSTGRES_USER", "app", "POSTGRES_PASSWORD", PASSWORD));

        assertThat(run.status()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("failed sslMode=disable (from POSTGRES_SSL_ENABLED) is refused under "
                + "TUSK_ENV=production: it never uses TLS").doesNotContain(PASSWORD);
    }

    @Test
    void shouldConnectInStagingAndWarnOnceNamingTheSetting() throws Exception {
        Run run = probe(Map.of("TUSK_ENV", "staging", "DATABASE_URL", url("require")));

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("connected tusk app tusk");
        assertThat(count(run.output(), "WARN dev.tusk.security - sslMode=require under profile staging"))
                .as(run.output()).isEqualTo(1);
    }
}
