package dev.slimfit.api.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real-HTTP client for integration tests: every call goes through Tomcat and the filters. */
public final class ApiClient {

    /**
     * A response: status, headers' content type and location, the body parsed as JSON when it is JSON, and all
     * headers.
     */
    public record Response(int status, String contentType, String location, String body, JsonNode json,
                           java.net.http.HttpHeaders headers) {

        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Response get(String path, String key) {
        return send("GET", path, key, null, List.of());
    }

    public Response post(String path, String key, String body, String... headers) {
        return send("POST", path, key, body, List.of(headers));
    }

    public Response delete(String path, String key) {
        return send("DELETE", path, key, null, List.of());
    }

    public Response send(String method, String path, String key, String body, List<String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && headers.stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        List<String> pairs = new ArrayList<>(headers);
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            request.header(pairs.get(i), pairs.get(i + 1));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = type.contains("json") && !response.body().isEmpty()
                    ? JSON.readTree(response.body()) : null;
            return new Response(response.statusCode(), type, response.headers().firstValue("Location").orElse(null),
                    response.body(), json, response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
