package dev.slimfit.api.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import dev.slimfit.api.error.ApiException;

/**
 * A position in a team's job list, newest first: the (createdAt, id) of the last job a page returned. The next
 * page starts strictly after it, so the database walks the {@code (team_id, created_at DESC, id DESC)} index from
 * that key instead of counting and skipping rows (OFFSET), and a job submitted meanwhile neither shifts nor
 * repeats a page. Clients see it as an opaque base64url string; its text form ({@code v1:<seconds>.<nanos>:<id>})
 * carries a version so the encoding can change without breaking cursors already handed out.
 */
record JobCursor(Instant createdAt, UUID id) {

    private static final String VERSION = "v1";

    static JobCursor after(JobResponse job) {
        return new JobCursor(job.createdAt(), job.id());
    }

    String encode() {
        String text = VERSION + ":" + createdAt.getEpochSecond() + "." + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ApiException 400 naming {@code cursor} for anything this class did not write */
    static JobCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split(":", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw invalid();
            }
            String[] time = parts[1].split("\\.", -1);
            if (time.length != 2) {
                throw invalid();
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(time[0]), Integer.parseInt(time[1]));
            return new JobCursor(at, UUID.fromString(parts[2]));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("cursor", "cursor is not one this API returned; pass nextCursor from a "
                + "previous page unchanged, or leave it out for the first page");
    }
}
