package dev.tusk.testing.patroni;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs from the Patroni REST API of the members of one cluster, with short timeouts because members get killed. */
final class RestApi implements AutoCloseable {

    /** What one GET got: an HTTP status, or status 0 and why there was no answer. */
    record Answer(int status, String body, String failure) {

        boolean ok() {
            return status == 200;
        }

        @Override
        public String toString() {
            return status == 0 ? failure : "HTTP " + status;
        }
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    /** GETs {@code path} from the REST API on {@code host:port}; never throws for a member that is down. */
    Answer get(String host, int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), null);
        } catch (IOException e) {
            return new Answer(0, "", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Patroni on port " + port + " for " + path, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
