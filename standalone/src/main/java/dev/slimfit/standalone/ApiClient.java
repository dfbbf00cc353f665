package dev.slimfit.standalone;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON client of the node's own API, as any team's script would use it. */
final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String key;

    ApiClient(String baseUrl) {
        this(baseUrl, null);
    }

    private ApiClient(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    ApiClient withKey(String bearer) {
        return new ApiClient(baseUrl, bearer);
    }

    /** The API answers on its management address and says it is UP (database and broker reachable). */
    static boolean healthy(String managementUrl) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl
                            + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    JsonNode post(String path, Object body) {
        return post(path, body, null);
    }

    JsonNode post(String path, Object body, String idempotencyKey) {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        return send(builder.build());
    }

    /** One line about the team's jobs, by status. */
    String summary() {
        JsonNode page = get("/api/v1/jobs?page=0&size=100");
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        page.get("items").forEach(job -> byStatus.merge(job.get("status").asString(), 1, Integer::sum));
        return "demo team: " + page.get("totalItems").asLong() + " jobs " + byStatus;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    private static JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new ApiError(request.method() + " " + request.uri().getPath() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ApiError(request.method() + " " + request.uri() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError("interrupted");
        }
    }

    /** The API refused or could not be reached; the message says what it answered. */
    static final class ApiError extends RuntimeException {
        ApiError(String message) {
            super(message);
        }
    }
}
