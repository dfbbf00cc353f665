package dev.slimfit.agent;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The agent's only connection to the outside: HTTP calls to the Slimfit API. */
@Component
class ApiGateway {

    /** A task leased to this device. */
    record Task(UUID taskId, UUID tableId, String kind, String searchSpace, int batchSize,
                List<List<Integer>> configurations, int attempt) {
    }

    /** One measurement, as uploaded. */
    record Measured(int index, List<Integer> widths, double latencyMs, double spreadMs,
                    Map<String, Object> settings) {
    }

    record Registered(UUID deviceId, String name, String token) {
    }

    private final RestClient http;
    private volatile String token;

    ApiGateway(RestClient.Builder builder, AgentProperties properties) {
        // Devices sit behind NAT: a silently dropped connection must time out, not hang the agent forever.
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        factory.setReadTimeout(properties.claimWait().plusSeconds(30));
        this.http = builder.baseUrl(properties.apiUrl().toString()).requestFactory(factory).build();
    }

    void authenticate(String deviceToken) {
        this.token = deviceToken;
    }

    Registered register(String enrollmentSecret, String name, String runtime, Map<String, Object> hardware) {
        return http.post().uri("/api/v1/devices").header(HttpHeaders.AUTHORIZATION, "Bearer " + enrollmentSecret)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "runtime", runtime, "hardware", hardware))
                .retrieve().body(Registered.class);
    }

    void heartbeat(UUID deviceId, Map<String, Object> hardware) {
        http.post().uri("/api/v1/devices/{id}/heartbeat", deviceId).headers(this::auth)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("hardware", hardware))
                .retrieve().toBodilessEntity();
    }

    Optional<Task> claim(long waitSeconds) {
        ResponseEntity<Task> response = http.post()
                .uri("/api/v1/profiling-tasks/claim?waitSeconds={wait}", waitSeconds).headers(this::auth)
                .retrieve().toEntity(Task.class);
        return response.getStatusCode().isSameCodeAs(HttpStatusCode.valueOf(200))
                ? Optional.ofNullable(response.getBody()) : Optional.empty();
    }

    void upload(UUID taskId, List<Measured> measurements) {
        http.post().uri("/api/v1/profiling-tasks/{id}/measurements", taskId).headers(this::auth)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("measurements", measurements))
                .retrieve().toBodilessEntity();
    }

    void complete(UUID taskId) {
        http.post().uri("/api/v1/profiling-tasks/{id}/complete", taskId).headers(this::auth)
                .retrieve().toBodilessEntity();
    }

    void fail(UUID taskId, String reason) {
        http.post().uri("/api/v1/profiling-tasks/{id}/fail", taskId).headers(this::auth)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("reason", reason))
                .retrieve().toBodilessEntity();
    }

    void release(UUID taskId) {
        http.post().uri("/api/v1/profiling-tasks/{id}/release", taskId).headers(this::auth)
                .retrieve().toBodilessEntity();
    }

    private void auth(HttpHeaders headers) {
        headers.setBearerAuth(token);
    }
}
