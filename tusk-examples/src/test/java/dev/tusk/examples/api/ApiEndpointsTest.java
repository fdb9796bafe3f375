package dev.tusk.examples.api;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.ReadFallback;
import dev.tusk.config.TuskConfig;
import dev.tusk.examples.api.JurisdictionQueries.AdoptionInForce;
import dev.tusk.examples.api.JurisdictionQueries.Jurisdiction;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every endpoint of the read-only API and every way a request can be refused, against a real PostgreSQL. */
@WithPostgres
class ApiEndpointsTest {

    private static final String SCHEMA = "codes";

    private static TestDatabase database;
    private static TuskClient client;
    private static ApiServer server;
    private static URI base;

    @BeforeAll
    static void startApi(PostgresServer postgres) {
        database = postgres.createDatabase("api_endpoints");
        client = Tusk.connect(database.url());
        ApiSchema.migrate(client.dataSource(), SCHEMA);
        SampleData.load(client, SCHEMA);
        server = ApiServer.start(client, ApiSettings.defaults().withPort(0).withSchema(SCHEMA));
        base = server.uri();
    }

    @AfterAll
    static void stopApi() {
        server.shutdown(Duration.ofSeconds(5));
        client.close();
        database.close();
    }

    @Test
    void shouldListEveryJurisdictionByNameWithTheTotal() {
        Http.Response response = Http.get(base, "/jurisdictions");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
        List<Jurisdiction> byName = SampleData.JURISDICTIONS.stream()
                .sorted(Comparator.comparing(Jurisdiction::name)).toList();
        assertThat(response.body().strip()).isEqualTo(JsonText.of(
                new JurisdictionQueries.JurisdictionPage(SampleData.JURISDICTIONS.size(), 50, 0, byName)));
        assertThat(response.body()).startsWith("{\"total\":14,\"limit\":50,\"offset\":0,\"jurisdictions\":["
                + "{\"id\":\"us-tx-austin\",\"name\":\"Austin\",\"type\":\"city\"},");
    }

    @Test
    void shouldFilterJurisdictionsByTypeAndNameAndPageThroughThem() {
        assertThat(Http.get(base, "/jurisdictions?type=city").body())
                .startsWith("{\"total\":5,\"limit\":50,\"offset\":0,")
                .contains("\"Austin\"", "\"Miami\"", "\"New York City\"", "\"San Francisco\"", "\"Seattle\"")
                .doesNotContain("\"state\"", "\"county\"");
        // Type in any case, name matched anywhere and in any case.
        assertThat(Http.get(base, "/jurisdictions?type=COUNTY&name=KING").body())
                .isEqualTo("{\"total\":1,\"limit\":50,\"offset\":0,\"jurisdictions\":[{\"id\":\"us-wa-king-county\","
                        + "\"name\":\"King County\",\"type\":\"county\"}]}\n");
        // % and _ are plain characters in the search text, not LIKE wildcards.
        assertThat(Http.get(base, "/jurisdictions?name=%25").body()).startsWith("{\"total\":0,");
        assertThat(Http.get(base, "/jurisdictions?name=new+york").body()).startsWith("{\"total\":2,");
        // Cities by name: Austin, Miami, New York City, San Francisco, Seattle; the second page of two.
        assertThat(Http.get(base, "/jurisdictions?type=city&limit=2&offset=2").body())
                .isEqualTo("{\"total\":5,\"limit\":2,\"offset\":2,\"jurisdictions\":[{\"id\":\"us-ny-new-york-city\","
                        + "\"name\":\"New York City\",\"type\":\"city\"},{\"id\":\"us-ca-san-francisco\","
                        + "\"name\":\"San Francisco\",\"type\":\"city\"}]}\n");
        assertThat(Http.get(base, "/jurisdictions?type=city&offset=10").body())
                .isEqualTo("{\"total\":5,\"limit\":50,\"offset\":10,\"jurisdictions\":[]}\n");
    }

    @Test
    void shouldReturnAJurisdictionWithEveryAdoptionByFamilyAndDate() {
        Http.Response response = Http.get(base, "/jurisdictions/us-wa");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"id\":\"us-wa\",\"name\":\"Washington\",\"type\":\"state\",\"adoptions\":["
                + "{\"codeFamily\":\"IBC\",\"edition\":\"2018\",\"effectiveFrom\":\"2021-02-01\"},"
                + "{\"codeFamily\":\"IBC\",\"edition\":\"2021\",\"effectiveFrom\":\"2024-03-15\"},"
                + "{\"codeFamily\":\"IECC\",\"edition\":\"2021\",\"effectiveFrom\":\"2024-03-15\"}]}\n");
        assertThat(Http.get(base, "/jurisdictions/us-tx-travis-county").body())
                .contains("{\"codeFamily\":\"IFC\",\"edition\":\"2021\",\"effectiveFrom\":\"2022-01-01\"}");
    }

    @Test
    void shouldAnswer404ForAnUnknownJurisdictionOrEndpoint() {
        Http.Response unknown = Http.get(base, "/jurisdictions/us-zz");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no jurisdiction with id \\\"us-zz\\\"\"}\n");

        Http.Response nowhere = Http.get(base, "/rules");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.body()).contains("no such endpoint \\\"/rules\\\"").contains("/jurisdictions");
        assertThat(Http.get(base, "/jurisdictions/us-wa/adoptions").status()).isEqualTo(404);
    }

    @Test
    void shouldGiveTheEditionInForceOnADayInEachJurisdictionThatAdoptedTheCode() {
        for (String day : List.of("2019-06-01", "2022-06-01", "2024-06-01")) {
            Http.Response response = Http.get(base, "/adoptions?code_family=IBC&as_of=" + day);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().strip()).as(day).isEqualTo(expectedAdoptions("IBC", null, LocalDate.parse(day)));
        }
        // California replaced IBC 2018 by 2021 on 2023-01-01.
        assertThat(Http.get(base, "/adoptions?code_family=IBC&as_of=2022-12-31").body())
                .contains("{\"jurisdictionId\":\"us-ca\",\"jurisdictionName\":\"California\",\"jurisdictionType\":"
                        + "\"state\",\"edition\":\"2018\",\"effectiveFrom\":\"2020-01-01\"}");
        assertThat(Http.get(base, "/adoptions?code_family=IBC&as_of=2023-01-01").body())
                .contains("{\"jurisdictionId\":\"us-ca\",\"jurisdictionName\":\"California\",\"jurisdictionType\":"
                        + "\"state\",\"edition\":\"2021\",\"effectiveFrom\":\"2023-01-01\"}");
    }

    @Test
    void shouldKeepOnlyTheEditionAskedForAndDefaultToToday() {
        assertThat(Http.get(base, "/adoptions?code_family=IBC&edition=2018&as_of=2022-06-01").body().strip())
                .isEqualTo(expectedAdoptions("IBC", "2018", LocalDate.parse("2022-06-01")));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(Http.get(base, "/adoptions?code_family=IECC").body().strip())
                .isEqualTo(expectedAdoptions("IECC", null, today));
        assertThat(Http.get(base, "/adoptions?code_family=NEC").body().strip())
                .isEqualTo("{\"codeFamily\":\"NEC\",\"edition\":null,\"asOf\":\"" + today + "\",\"adoptions\":[]}");
    }

    /** The answer computed from the sample rows in Java: the latest adoption on or before {@code asOf}, per jurisdiction. */
    private static String expectedAdoptions(String family, String edition, LocalDate asOf) {
        Map<String, Jurisdiction> jurisdictions = SampleData.JURISDICTIONS.stream()
                .collect(Collectors.toMap(Jurisdiction::id, j -> j));
        List<AdoptionInForce> inForce = SampleData.ADOPTIONS.stream()
                .filter(a -> a.codeFamily().equals(family) && !a.effectiveFrom().isAfter(asOf))
                .collect(Collectors.groupingBy(SampleData.Adoption::jurisdictionId,
                        Collectors.maxBy(Comparator.comparing(SampleData.Adoption::effectiveFrom))))
                .values().stream().map(java.util.Optional::orElseThrow)
                .filter(a -> edition == null || a.edition().equals(edition))
                .map(a -> {
                    Jurisdiction j = jurisdictions.get(a.jurisdictionId());
                    return new AdoptionInForce(j.id(), j.name(), j.type(), a.edition(), a.effectiveFrom());
                })
                .sorted(Comparator.comparing(AdoptionInForce::jurisdictionName))
                .toList();
        assertThat(inForce).as("sample rows for " + family + " on " + asOf).isNotEmpty();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("codeFamily", family);
        body.put("edition", edition);
        body.put("asOf", asOf);
        body.put("adoptions", inForce);
        return JsonText.of(body);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /jurisdictions?limit=abc             | limit       | abc    | query parameter limit must be an integer from 1 to 500, but was \\"abc\\"
            /jurisdictions?limit=0               | limit       | 0      | query parameter limit must be an integer from 1 to 500, but was \\"0\\"
            /jurisdictions?limit=501             | limit       | 501    | query parameter limit must be an integer from 1 to 500, but was \\"501\\"
            /jurisdictions?offset=-1             | offset      | -1     | query parameter offset must be an integer from 0 to 1000000, but was \\"-1\\"
            /jurisdictions?type=town             | type        | town   | query parameter type must be one of state, county, city, but was \\"town\\"
            /jurisdictions?name=                 | name        | ''     | query parameter name must not be empty
            /jurisdictions?colour=red            | colour      | red    | unknown query parameter \\"colour\\"; this endpoint accepts limit, name, offset, type
            /jurisdictions?type=city&type=state  | type        | state  | query parameter type is given more than once (\\"city\\" and \\"state\\"); give it once
            /jurisdictions/us-ca?verbose=1       | verbose     | 1      | unknown query parameter \\"verbose\\"; this endpoint accepts none
            /jurisdictions/us%20ca               | id          | us ca  | jurisdiction id must be 1 to 100 letters, digits, '.', '_' or '-', but was \\"us ca\\"
            /adoptions                           | code_family |        | query parameter code_family is required, for example code_family=IBC
            /adoptions?code_family=I%3BBC        | code_family | I;BC   | query parameter code_family must be a code family such as IBC or IECC
            /adoptions?code_family=IBC&edition=21 | edition    | 21     | query parameter edition must be a four-digit edition year such as 2021, but was \\"21\\"
            /adoptions?code_family=IBC&as_of=2024-13-01 | as_of | 2024-13-01 | query parameter as_of must be a date as YYYY-MM-DD, such as 2024-01-31, but was \\"2024-13-01\\"
            /health?full=yes                     | full        | yes    | unknown query parameter \\"full\\"; this endpoint accepts none
            """)
    void shouldRefuseABadParameterWith400NamingItAndItsValue(String path, String parameter, String value, String message) {
        Http.Response response = Http.get(base, path);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("{\"error\":\"" + message)
                .contains(",\"parameter\":\"" + parameter + "\"")
                .contains(value == null ? ",\"value\":null}" : ",\"value\":\"" + value + "\"}");
    }

    @Test
    void shouldCutAHugeValueInTheErrorItSendsBack() {
        String huge = "x".repeat(100_000);
        Http.Response response = Http.get(base, "/jurisdictions?type=" + huge);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("but was \\\"" + "x".repeat(64) + "…(100000 characters)\\\"")
                .hasSizeLessThan(1_000);
    }

    @Test
    void shouldRefuseEveryMethodButGetAndHead() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            Http.Response response = Http.send(base, method, "/jurisdictions");
            assertThat(response.status()).as(method).isEqualTo(405);
            assertThat(response.body()).contains("method " + method + " is not allowed: this API is read-only; use GET");
        }
        Http.Response head = Http.send(base, "HEAD", "/jurisdictions");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void shouldReportHealthWithThePoolsFiguresAnd200WhenHealthy() {
        Http.Response response = Http.get(base, "/health");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"status\":\"HEALTHY\",\"poolStats\":{\"size\":")
                .containsPattern("\"maximum\":10,\"utilizationPercent\":[0-9.]+,\"acquires\":[1-9]\\d*,")
                .contains("\"acquireTimeP99Millis\":", "\"acquireTimeouts\":0,", "\"errors\":")
                .contains(",\"health\":{\"formatVersion\":1,\"status\":\"HEALTHY\",\"reasons\":[]")
                .contains("\"breaker\":{\"state\":\"CLOSED\"");
    }

    @Test
    void shouldStopListeningOnShutdownAndDoNothingTheSecondTime() {
        ApiServer idle = ApiServer.start(client, ApiSettings.defaults().withPort(0).withSchema(SCHEMA));
        URI uri = idle.uri();
        assertThat(Http.get(uri, "/jurisdictions?limit=1").status()).isEqualTo(200);

        ApiServer.DrainResult first = idle.shutdown(Duration.ofSeconds(5));
        ApiServer.DrainResult second = idle.shutdown(Duration.ofSeconds(5));

        assertThat(first.inFlightAtStart()).isZero();
        assertThat(first.drained()).isTrue();
        assertThat(second).isEqualTo(new ApiServer.DrainResult(0, 0, Duration.ZERO));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Http.get(uri, "/health")))
                .hasCauseInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void shouldSayTheMigrationsAreMissingWhenTheSchemaHasNoTables() {
        ApiServer unmigrated = ApiServer.start(client, ApiSettings.defaults().withPort(0).withSchema("nowhere"));
        try {
            Http.Response response = Http.get(unmigrated.uri(), "/jurisdictions");

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"error\":\"the API's tables are missing in schema nowhere: apply the "
                    + "migrations in db/api (ApiSchema.migrate) first\"}\n");
            assertThat(Http.get(unmigrated.uri(), "/health").status()).isEqualTo(200);
        } finally {
            unmigrated.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldRefuseToStartOnAHostNameThatDoesNotResolve() {
        ApiSettings settings = new ApiSettings("no-such-host.invalid", 0, SCHEMA, Duration.ofSeconds(1), Duration.ZERO);

        assertThatThrownBy(() -> ApiServer.start(client, settings)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("could not listen on no-such-host.invalid:0: the host name does not resolve to an address");
    }

    @Test
    void shouldReadFromThePrimaryWhenNoReplicaIsConfigured(PostgresServer postgres) {
        assertThat(Http.get(base, "/diagnostics/read-server").body())
                .startsWith("{\"role\":\"primary\",\"inRecovery\":false,\"serverPort\":" + postgres.port() + ",");
    }

    @Test
    void shouldStayUpWhenDegradedAndAnswer503WhenReadsCannotBeServed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TuskConfig primaryOnly = TuskConfig.fromUrl(database.url()).toBuilder()
                .readReplicas(List.of("postgresql://127.0.0.1:" + closedPort))
                .replicaCheckInterval(Duration.ofMillis(200)).build();

        try (TuskClient fallback = Tusk.connect(primaryOnly.toBuilder().readFallback(ReadFallback.PRIMARY).build())) {
            ApiServer degraded = ApiServer.start(fallback, ApiSettings.defaults().withPort(0).withSchema(SCHEMA));
            try {
                Http.Response health = Http.get(degraded.uri(), "/health");
                assertThat(health.status()).as(health.body()).isEqualTo(200);
                assertThat(health.body()).startsWith("{\"status\":\"DEGRADED\"")
                        .contains("read replica 127.0.0.1:" + closedPort + " is skipped for reads");
                assertThat(Http.get(degraded.uri(), "/diagnostics/read-server").body()).contains("\"role\":\"primary\"");
                assertThat(Http.get(degraded.uri(), "/jurisdictions?type=state").body()).startsWith("{\"total\":5,");
            } finally {
                degraded.shutdown(Duration.ofSeconds(5));
            }
        }
        try (TuskClient failing = Tusk.connect(primaryOnly.toBuilder().readFallback(ReadFallback.FAIL).build())) {
            ApiServer unhealthy = ApiServer.start(failing, ApiSettings.defaults().withPort(0).withSchema(SCHEMA));
            try {
                Http.Response health = Http.get(unhealthy.uri(), "/health");
                assertThat(health.status()).as(health.body()).isEqualTo(503);
                assertThat(health.body()).startsWith("{\"status\":\"UNHEALTHY\"");
                Http.Response read = Http.get(unhealthy.uri(), "/jurisdictions");
                assertThat(read.status()).as(read.body()).isEqualTo(503);
                assertThat(read.body()).startsWith("{\"error\":\"the database cannot answer now: ")
                        .contains("127.0.0.1:" + closedPort).contains("readFallback=fail");
            } finally {
                unhealthy.shutdown(Duration.ofSeconds(5));
            }
        }
    }
}
