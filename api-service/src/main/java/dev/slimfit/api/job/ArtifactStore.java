package dev.slimfit.api.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.slimfit.api.config.Sha256;

/** Job artifacts in PostgreSQL: small enough for a table (architectures, weights of searched networks). */
@Component
class ArtifactStore {

    record ArtifactInfo(String name, String contentType, long sizeBytes, String sha256, Instant createdAt) {
    }

    record Artifact(ArtifactInfo info, byte[] content) {
    }

    private final JdbcClient jdbc;

    ArtifactStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void put(UUID jobId, String name, String contentType, byte[] content) {
        jdbc.sql("""
                INSERT INTO job_artifacts (job_id, name, content_type, size_bytes, sha256, content)
                VALUES (:job, :name, :type, :size, :sha, :content)
                ON CONFLICT (job_id, name) DO UPDATE SET content_type = excluded.content_type,
                    size_bytes = excluded.size_bytes, sha256 = excluded.sha256, content = excluded.content,
                    created_at = now()""")
                .param("job", jobId).param("name", name).param("type", contentType)
                .param("size", (long) content.length).param("sha", Sha256.hex(content)).param("content", content)
                .update();
    }

    List<ArtifactInfo> list(UUID jobId) {
        return jdbc.sql("""
                SELECT name, content_type, size_bytes, sha256, created_at FROM job_artifacts
                WHERE job_id = :job ORDER BY name""")
                .param("job", jobId)
                .query((rs, n) -> new ArtifactInfo(rs.getString("name"), rs.getString("content_type"),
                        rs.getLong("size_bytes"), rs.getString("sha256"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    Optional<Artifact> get(UUID jobId, String name) {
        return jdbc.sql("""
                SELECT name, content_type, size_bytes, sha256, created_at, content FROM job_artifacts
                WHERE job_id = :job AND name = :name""")
                .param("job", jobId).param("name", name)
                .query((rs, n) -> new Artifact(new ArtifactInfo(rs.getString("name"), rs.getString("content_type"),
                        rs.getLong("size_bytes"), rs.getString("sha256"), rs.getTimestamp("created_at").toInstant()),
                        rs.getBytes("content")))
                .optional();
    }
}
