package dev.tusk.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP client for the tests, and a way to read one number out of a flat JSON or Prometheus body. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /** What came back: status, content type and body. */
    record Reply(int status, String contentType, String body) {
    }

    static Reply send(String method, URI uri) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Reply get(TuskHttpServer server, String path) {
        return send("GET", server.uri().resolve(path));
    }

    /** The number after {@code "name":} in a JSON body; fails when there is none. */
    static double jsonNumber(String body, String name) {
        return number(body, "\"" + Pattern.quote(name) + "\":(-?[0-9.eE+-]+)");
    }

    /** The value of the Prometheus sample whose name and labels are exactly {@code sample}. */
    static double metric(String body, String sample) {
        return number(body, "(?m)^" + Pattern.quote(sample) + " (\\S+)$");
    }

    private static double number(String body, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(body);
        if (!matcher.find()) {
            throw new AssertionError("no match for " + regex + " in:\n" + body);
        }
        return Double.parseDouble(matcher.group(1));
    }
}
