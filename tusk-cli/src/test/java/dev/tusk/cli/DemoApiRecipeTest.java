package dev.tusk.cli;

import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tusk demo --recipe api}: the read-only API recipe run end to end against a real server. */
@WithPostgres
class DemoApiRecipeTest {

    @Test
    void shouldMigrateServeAnswerShutDownAndDropItsSchema(PostgresServer server, TestDatabase database) {
        CliHarness.Result result = CliHarness.tusk(Map.of("DATABASE_URL", database.url()), "demo", "--recipe", "api");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out())
                .containsPattern("Server: +PostgreSQL \\d+")
                .containsPattern("1. Migrate: Flyway creates the jurisdiction and code_adoption tables in schema tusk_api_demo_\\d+")
                .contains("1 migration(s) applied, schema now at version 1")
                .contains("loaded 14 sample jurisdictions and 25 code adoptions")
                .containsPattern("2. Serve: http://127\\.0\\.0\\.1:\\d+/ on virtual threads; reads go through "
                        + "client.readOnly\\(\\) to the primary \\(no read replicas configured\\)")
                .contains("GET /jurisdictions?type=city&limit=3 -> 200")
                .contains("{\"total\":5,\"limit\":3,\"offset\":0,\"jurisdictions\":[{\"id\":\"us-tx-austin\",\"name\":\"Austin\"")
                .contains("GET /jurisdictions/us-wa -> 200")
                .contains("{\"codeFamily\":\"IECC\",\"edition\":\"2021\",\"effectiveFrom\":\"2024-03-15\"}")
                .contains("GET /adoptions?code_family=IBC&as_of=2024-06-01 -> 200")
                .contains("GET /jurisdictions?limit=many -> 400")
                .contains("query parameter limit must be an integer from 1 to 500, but was \\\"many\\\"")
                .contains("GET /diagnostics/read-server -> 200")
                .contains("{\"role\":\"primary\",\"inRecovery\":false,\"serverPort\":" + server.port())
                .contains("3. Health: GET /health is client.health() with the pool's figures")
                .contains("GET /health -> 200")
                .contains("{\"status\":\"HEALTHY\",\"poolStats\":{")
                .contains("4. Shut down gracefully")
                .containsPattern("0 request\\(s\\) were in flight, 0 still running; stopped in \\d+ ms")
                .containsPattern("dropped schema tusk_api_demo_\\d+")
                .contains("Done.");
        assertThat(CliHarness.value(database, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tusk_api_demo_%'"))
                .isEqualTo("0");
    }

    @Test
    void shouldRefuseAnUnknownRecipeNamingIt() {
        CliHarness.Result result = CliHarness.tusk(Map.of(), "demo", "--recipe", "shop");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--recipe").contains("shop").contains("API");
    }
}
