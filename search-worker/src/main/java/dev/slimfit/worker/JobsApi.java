package dev.slimfit.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import dev.slimfit.core.contract.ClaimRequest;
import dev.slimfit.core.contract.JobClaim;
import dev.slimfit.core.contract.JobOutcome;
import dev.slimfit.core.contract.LatencyCheck;
import dev.slimfit.core.contract.LeaseState;

/**
 * The worker's HTTP side: job leases, artifact uploads and the final outcome. The bodies are search-core's contract
 * records, the same ones the API reads and answers with.
 */
@Component
class JobsApi {

    private static final Logger log = LoggerFactory.getLogger(JobsApi.class);

    /**
     * How a finished job's artifacts and outcome are delivered: unreachable API, timeouts and 5xx answers (its
     * database down, a restart) are retried with backoff for about ten minutes, so a job that finishes during an
     * outage is not thrown away; the heartbeat keeps the lease meanwhile, and the API gives leases a grace period
     * after an outage. 4xx answers are final.
     */
    static final RetryPolicy OUTCOME_RETRIES = RetryPolicy.builder()
            .includes(ResourceAccessException.class, HttpServerErrorException.class)
            .maxRetries(45).delay(Duration.ofMillis(500)).multiplier(2).maxDelay(Duration.ofSeconds(15))
            .jitter(Duration.ofMillis(100)).build();

    /** The API answered 409 or 404: the job is not (or no longer) ours to run. */
    static final class NotOursException extends RuntimeException {
        NotOursException(String message) {
            super(message);
        }
    }

    private final RestClient http;
    private final String workerId;
    private final RetryTemplate finalRetry;

    @Autowired
    JobsApi(RestClient.Builder builder, WorkerProperties properties, WorkerIdentity identity) {
        this(builder, properties, identity, OUTCOME_RETRIES);
    }

    JobsApi(RestClient.Builder builder, WorkerProperties properties, WorkerIdentity identity,
            RetryPolicy outcomeRetries) {
        // Timeouts: a half-open connection must not silence the heartbeat (and with it cancels and lease loss).
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        factory.setReadTimeout(Duration.ofSeconds(120));
        this.http = builder.baseUrl(properties.apiUrl().toString()).requestFactory(factory)
                .defaultHeader("Authorization", "Bearer " + properties.workerSecret()).build();
        this.workerId = identity.id();
        this.finalRetry = new RetryTemplate(outcomeRetries);
    }

    String workerId() {
        return workerId;
    }

    JobClaim claim(UUID jobId) {
        return call(() -> http.post().uri("/api/v1/worker/jobs/{id}/claim", jobId)
                .contentType(MediaType.APPLICATION_JSON).body(new ClaimRequest(workerId))
                .retrieve().body(JobClaim.class));
    }

    LeaseState heartbeat(UUID jobId) {
        return call(() -> http.post().uri("/api/v1/worker/jobs/{id}/heartbeat", jobId)
                .contentType(MediaType.APPLICATION_JSON).body(new ClaimRequest(workerId))
                .retrieve().body(LeaseState.class));
    }

    LeaseState release(UUID jobId) {
        return call(() -> http.post().uri("/api/v1/worker/jobs/{id}/release", jobId)
                .contentType(MediaType.APPLICATION_JSON).body(new ClaimRequest(workerId))
                .retrieve().body(LeaseState.class));
    }

    /** Asks for a decoded network to be timed on the job's device. */
    LatencyCheck requestLatencyCheck(UUID jobId, int[] widths, int round) {
        return call(() -> http.post().uri("/api/v1/worker/jobs/{id}/latency-checks", jobId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new LatencyCheck.Request(workerId, Arrays.stream(widths).boxed().toList(), round))
                .retrieve().body(LatencyCheck.class));
    }

    /** Where a latency check stands. */
    LatencyCheck latencyCheck(UUID jobId, UUID checkId) {
        return call(() -> http.get().uri("/api/v1/worker/jobs/{id}/latency-checks/{check}?workerId={w}", jobId,
                checkId, workerId).retrieve().body(LatencyCheck.class));
    }

    /**
     * Reports how the run ended and returns once the API applied it. Transient failures are retried with the same
     * {@code outcome} (same outcome id), so a retry after a lost answer is recognised and harmless.
     *
     * @throws NotOursException when the API refuses it because the job is not ours (lease lost, job finished)
     */
    LeaseState outcome(UUID jobId, JobOutcome outcome) {
        return delivered("reporting " + outcome.kind() + " outcome " + outcome.outcomeId() + " of job " + jobId,
                () -> http.post().uri("/api/v1/worker/jobs/{id}/outcome", jobId)
                        .contentType(MediaType.APPLICATION_JSON).body(outcome)
                        .retrieve().body(LeaseState.class));
    }

    /**
     * Uploads one artifact of a finished job, retried like the outcome (a PUT of the same name replaces it, so a
     * retry after a lost answer is harmless).
     */
    void putArtifact(UUID jobId, String name, Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read artifact " + file, e);
        }
        delivered("uploading artifact " + name + " of job " + jobId, () -> http.put()
                .uri("/api/v1/worker/jobs/{id}/artifacts/{name}", jobId, name)
                .header("X-Worker-Id", workerId).contentType(MediaType.APPLICATION_OCTET_STREAM).body(content)
                .retrieve().toBodilessEntity());
    }

    /** Runs {@code request} under {@link #OUTCOME_RETRIES}-like retries (the policy given at construction). */
    private <T> T delivered(String what, Supplier<T> request) {
        try {
            return finalRetry.execute(new Retryable<T>() {
                @Override
                public T execute() {
                    try {
                        return call(request);
                    } catch (ResourceAccessException | HttpServerErrorException e) {
                        log.warn("{} failed (will retry while the policy allows): {}", getName(), e.toString());
                        throw e;
                    }
                }

                @Override
                public String getName() {
                    return what;
                }
            });
        } catch (RetryException e) {
            if (e.getCause() instanceof RuntimeException last) {
                throw last;
            }
            throw new IllegalStateException(e.getMessage(), e.getCause());
        }
    }

    private static <T> T call(Supplier<T> request) {
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
