package dev.tusk.http;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard page, rendered by headless Chromium against a real client and server, follows load as it runs. */
@WithPostgres
class DashboardInBrowserTest {

    private static final Path ARTIFACTS = Path.of("target", "http-dashboard");
    private static final int WORKERS = 6;

    @Test
    void shouldShowLiveFiguresThatFollowTheLoad(PostgresServer postgres, TestDatabase database) throws Exception {
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().poolMaxSize(8)
                .slowQueryThreshold(Duration.ofMillis(400)).build();
        try (TuskClient client = Tusk.connect(config);
             TuskHttpServer server = TuskHttpServer.start(client)) {
            client.queryValue("SELECT 1", Integer.class);

            String idle = HeadlessChromium.dumpDom(server.uri(), 5_000);

            assertThat(value(idle, "pool")).isEqualTo(postgres.host() + ":" + postgres.port() + "/" + database.name());
            assertThat(value(idle, "breaker-state")).isEqualTo("CLOSED");
            assertThat(value(idle, "maximum")).isEqualTo("8");
            // Several refreshes in one page load: the figures are polled, not fixed at load time.
            assertThat(Integer.parseInt(value(idle, "refreshes"))).isGreaterThanOrEqualTo(2);
            long acquiresBefore = Long.parseLong(value(idle, "acquires"));

            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                workers.add(Thread.ofVirtual().start(() -> {
                    while (running.get()) {
                        client.queryValue("SELECT 1 FROM pg_sleep(0.02)", Integer.class);
                    }
                }));
            }
            try {
                // Far above the threshold, while the workers' 20 ms statements stay far below it even on a loaded machine.
                client.queryValue("SELECT pg_sleep(0.6)::text", String.class);
                // Long enough for the once-a-second sampler to record the pool under load.
                Thread.sleep(2_500);
                String busy = HeadlessChromium.dumpDom(server.uri(), 5_000);
                Files.createDirectories(ARTIFACTS);
                Files.writeString(ARTIFACTS.resolve("dashboard-dom.html"), busy);
                HeadlessChromium.screenshot(server.uri(), 5_000, ARTIFACTS.resolve("dashboard.png"));

                assertThat(Long.parseLong(value(busy, "acquires"))).isGreaterThan(acquiresBefore + WORKERS);
                assertThat(Double.parseDouble(value(busy, "utilization"))).isGreaterThan(0);
                assertThat(maxPlotted(busy, "utilization-chart")).as("the chart shows the load").isGreaterThan(0);
                assertThat(Files.size(ARTIFACTS.resolve("dashboard.png"))).isGreaterThan(10_000);

                assertThat(value(busy, "health-status")).isIn("HEALTHY", "DEGRADED");
                assertThat(value(busy, "health-version")).matches("\\d+(\\.\\d+)?.*");
                assertThat(Long.parseLong(value(busy, "slow-count"))).isEqualTo(1);
                List<List<String>> slow = cells(busy, "recent-slow");
                assertThat(slow).hasSize(1);
                assertThat(slow.getFirst().get(3)).isEqualTo("SELECT pg_sleep(?)::text");
                assertThat(Double.parseDouble(slow.getFirst().get(1))).isGreaterThanOrEqualTo(600);
                assertThat(slow.getFirst().get(4)).startsWith(DashboardInBrowserTest.class.getName());
                // The load's statement leads by total time, with the calls the workers made.
                List<String> top = cells(busy, "top-statements").getFirst();
                assertThat(top.getFirst()).isEqualTo("SELECT ? FROM pg_sleep(?)");
                assertThat(Long.parseLong(top.get(1))).isGreaterThan(WORKERS);
                assertThat(Double.parseDouble(top.get(5))).as("mean ms").isGreaterThanOrEqualTo(20);
                List<String> select = cells(busy, "operations").stream()
                        .filter(row -> row.getFirst().equals("SELECT")).findFirst().orElseThrow();
                assertThat(Double.parseDouble(select.get(4))).as("p95 ms").isGreaterThanOrEqualTo(20);
                assertThat(Double.parseDouble(select.get(5))).as("max ms").isGreaterThanOrEqualTo(600);
                assertThat(Double.parseDouble(value(busy, "interval-mean"))).as("mean over a refresh")
                        .isGreaterThanOrEqualTo(15);
                assertThat(maxPlotted(busy, "statement-chart")).as("the latency chart has points").isGreaterThan(0);
            } finally {
                running.set(false);
                for (Thread worker : workers) {
                    worker.join();
                }
            }
        }
    }

    /** The {@code data-value} the page's script set on the element {@code id}. */
    private static String value(String dom, String id) {
        Matcher matcher = Pattern.compile("id=\"" + id + "\"[^>]*data-value=\"([^\"]*)\"").matcher(dom);
        assertThat(matcher.find()).as("the page set #" + id + " in:\n" + dom).isTrue();
        return matcher.group(1);
    }

    /** The {@code data-value}s of each row's cells in the table body {@code id}, as the page's script set them. */
    private static List<List<String>> cells(String dom, String id) {
        Matcher body = Pattern.compile("<tbody id=\"" + id + "\">(.*?)</tbody>", Pattern.DOTALL).matcher(dom);
        assertThat(body.find()).as("table body #" + id + " in:\n" + dom).isTrue();
        List<List<String>> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(body.group(1));
        while (row.find()) {
            List<String> values = new ArrayList<>();
            Matcher cell = Pattern.compile("<td[^>]*data-value=\"([^\"]*)\"").matcher(row.group(1));
            while (cell.find()) {
                values.add(cell.group(1).replace("&amp;", "&").replace("&quot;", "\""));
            }
            rows.add(values);
        }
        return rows;
    }

    /**
     * The highest point of the first series in the chart {@code id}, as a fraction of the plot's height: SVG's y grows
     * downwards, so the smallest y is the highest value. 0 when the line lies on the axis.
     */
    private static double maxPlotted(String dom, String id) {
        Matcher chart = Pattern.compile("<svg id=\"" + id + "\".*?</svg>", Pattern.DOTALL).matcher(dom);
        assertThat(chart.find()).as("chart #" + id).isTrue();
        Matcher line = Pattern.compile("<polyline points=\"([^\"]*)\"").matcher(chart.group());
        assertThat(line.find()).as("a series in #" + id).isTrue();
        double baseline = 166;
        double highest = baseline;
        for (String point : line.group(1).split(" ")) {
            highest = Math.min(highest, Double.parseDouble(point.substring(point.indexOf(',') + 1)));
        }
        return (baseline - highest) / baseline;
    }
}
