package dev.tusk.spring.boot;

import dev.tusk.TuskClient;
import dev.tusk.spring.boot.app.TestApplication;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /actuator/health over real HTTP, from a server of its own that the last test stops. Boot's own {@code db}
 * indicator is off, so the status is Tusk's indicator's alone.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tusk.pool-max-size=4", "tusk.pool-min-size=1", "tusk.exhaustion-threshold-percent=50",
                "tusk.max-retries=0", "management.health.db.enabled=false"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class HealthEndpointTest {

    private static final String PASSWORD = "Health-S3cret-77";
    private static final ManagedPostgres SERVER = ManagedPostgres.startDefault();
    private static final TestDatabase DATABASE = SERVER.createDatabase("health");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        // The server trusts loopback logins, so the password is only there to be kept out of the report.
        registry.add("spring.datasource.password", () -> PASSWORD);
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @LocalServerPort
    private int port;
    @Autowired
    private TuskClient client;

    private record Reply(int status, String body, Map<String, Object> json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tusk() {
            return (Map<String, Object>) ((Map<String, Object>) json.get("components")).get("tusk");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> tuskDetails() {
            return (Map<String, Object>) tusk().get("details");
        }
    }

    private Reply health() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(),
                    JsonParserFactory.getJsonParser().parseMap(response.body()));
        }
    }

    @Test
    @Order(1)
    void shouldReportUpWithTheFiguresAndNoSecrets() throws Exception {
        Reply reply = health();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).containsEntry("status", "UP");
        assertThat(reply.tusk()).containsEntry("status", "UP");
        assertThat(reply.tuskDetails()).containsEntry("tusk", "HEALTHY").containsKeys("testQueryMillis",
                "serverVersion", "pool", "breaker");
        assertThat(reply.body()).doesNotContain(PASSWORD).doesNotContain("jdbc:").doesNotContain(DATABASE.name());
    }

    @Test
    @Order(2)
    void shouldReportDegradedAsUpWithTheReasons() throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            // All 4 connections held: the check gets none within its 2 s, so the report is degraded, not down.
            for (int i = 0; i < 4; i++) {
                held.add(client.dataSource().getConnection());
            }
            Reply reply = health();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.tusk()).containsEntry("status", "UP");
            assertThat(reply.tuskDetails()).containsEntry("tusk", "DEGRADED");
            assertThat(reply.tuskDetails().get("reasons").toString()).contains("no connection came free");
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    @Order(3)
    void shouldTurnDownWhenTheServerStops() throws Exception {
        SERVER.stop();
        Reply reply = health();
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json()).containsEntry("status", "DOWN");
        assertThat(reply.tusk()).containsEntry("status", "DOWN");
        assertThat(reply.tuskDetails()).containsEntry("tusk", "UNHEALTHY");
        assertThat((List<?>) reply.tuskDetails().get("reasons")).isNotEmpty();
        assertThat(reply.body()).doesNotContain(PASSWORD);
    }
}
