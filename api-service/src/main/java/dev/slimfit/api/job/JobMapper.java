package dev.slimfit.api.job;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.slimfit.core.contract.FailureType;
import dev.slimfit.core.contract.JobFailure;
import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.contract.JobSpec;
import dev.slimfit.core.contract.JobStatus;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Maps job rows and events to what the API returns; the JSON columns are parsed back into contract records. */
@Component
class JobMapper {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JsonMapper json;

    JobMapper(JsonMapper json) {
        this.json = json;
    }

    /**
     * The columns of a job row that a {@link JobResponse} shows, JSON columns as stored text: what the entity
     * ({@link #toResponse(Job)}) and the JDBC reads ({@link JobReads}) both map through {@link #toResponse(Columns)}.
     */
    record Columns(UUID id, JobStatus status, String spec, int priority, int attempt, Instant createdAt,
                   Instant updatedAt, Instant startedAt, Instant finishedAt, String progress, String result,
                   String failureType, String failureMessage, boolean held) {
    }

    JobResponse toResponse(Job job) {
        return toResponse(new Columns(job.id(), job.status(), job.spec(), job.priority(), job.attempt(),
                job.createdAt(), job.updatedAt(), job.startedAt(), job.finishedAt(), job.progress(), job.result(),
                job.failureType(), job.failureMessage(), job.held()));
    }

    JobResponse toResponse(Columns job) {
        JobSpec spec = read(job.spec(), JobSpec.class);
        JobFailure failure = job.failureType() == null ? null
                : new JobFailure(FailureType.valueOf(job.failureType()), job.failureMessage());
        return new JobResponse(job.id(), job.status(), spec.method(), spec.searchSpace(), spec.dataset(),
                spec.budget(), spec.training(), job.priority(), job.attempt(), job.createdAt(), job.updatedAt(),
                job.startedAt(), job.finishedAt(), read(job.progress(), JobProgress.class),
                read(job.result(), JobResult.class), failure, job.held());
    }

    JobEventResponse toResponse(JobEvent event) {
        return new JobEventResponse(event.seq(), event.type(), event.status(), event.createdAt(),
                json.readValue(event.payload(), MAP));
    }

    JobSpec spec(Job job) {
        return read(job.spec(), JobSpec.class);
    }

    String write(Object value) {
        return json.writeValueAsString(value);
    }

    private <T> T read(String column, Class<T> type) {
        return column == null ? null : json.readValue(column, type);
    }
}
