package dev.slimfit.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import dev.slimfit.core.contract.JobSpec;

/** The worker's HTTP side: job leases and artifact uploads. */
@Component
class JobsApi {

    record Claim(UUID jobId, int attempt, JobSpec spec, Instant leaseExpiresAt, UUID latencyTableId,
                 String latencyTable) {
    }

    record LeaseState(UUID jobId, String status, boolean cancelRequested, Instant leaseExpiresAt) {
    }

    /** The API answered 409: the job is not (or no longer) ours to run. */
    static final class NotOursException extends RuntimeException {
        NotOursException(String message) {
            super(message);
        }
    }

    private final RestClient http;
    private final String workerId;

    JobsApi(RestClient.Builder builder, WorkerProperties properties, WorkerIdentity identity) {
        // Timeouts: a half-open connection must not silence the heartbeat (and with it cancels and lease loss).
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build());
        factory.setReadTimeout(java.time.Duration.ofSeconds(120));
        this.http = builder.baseUrl(properties.apiUrl().toString()).requestFactory(factory)
                .defaultHeader("Authorization", "Bearer " + properties.workerSecret()).build();
        this.workerId = identity.id();
    }

    Claim claim(UUID jobId) {
        return call(() -> http.post().uri("/api/v1/worker/jobs/{id}/claim", jobId)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("workerId", workerId))
                .retrieve().body(Claim.class));
    }

    LeaseState heartbeat(UUID jobId) {
        return call(() -> http.post().uri("/api/v1/worker/jobs/{id}/heartbeat", jobId)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("workerId", workerId))
                .retrieve().body(LeaseState.class));
    }

    LeaseState release(UUID jobId) {
        return call(() -> http.post().uri("/api/v1/worker/jobs/{id}/release", jobId)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("workerId", workerId))
                .retrieve().body(LeaseState.class));
    }

    void putArtifact(UUID jobId, String name, Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read artifact " + file, e);
        }
        call(() -> http.put().uri("/api/v1/worker/jobs/{id}/artifacts/{name}", jobId, name)
                .header("X-Worker-Id", workerId).contentType(MediaType.APPLICATION_OCTET_STREAM).body(content)
                .retrieve().toBodilessEntity());
    }

    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatusCode.valueOf(409))
                    || e.getStatusCode().isSameCodeAs(HttpStatusCode.valueOf(404))) {
                throw new NotOursException(e.getResponseBodyAsString());
            }
            throw e;
        }
    }
}
