package dev.slimfit.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Keyset pagination of {@code GET /api/v1/jobs}: walking the cursor returns every job once, newest first, with
 * {@code hasMore} false and no cursor on the last page; a job submitted during the walk neither shifts nor
 * repeats a page; a cursor that the API did not write is a 400 naming {@code cursor}; the deprecated page number
 * still works and still counts.
 */
class JobListIT extends IntegrationTest {

    static final String JOB = """
            {"method":"UNIFORM","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"params":1000000}}""";

    @Test
    void theCursorWalksEveryJobOnceNewestFirstAndIsNotShiftedByNewSubmissions() {
        String key = newTeamKey();
        List<String> submitted = submit(key, 7);

        List<String> seen = new ArrayList<>();
        List<Boolean> hasMore = new ArrayList<>();
        String cursor = null;
        boolean first = true;
        String late = null;
        do {
            Response page = api.get("/api/v1/jobs?size=3" + (cursor == null ? "" : "&cursor=" + cursor), key);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(j -> seen.add(j.get("id").asString()));
            hasMore.add(page.json().get("hasMore").asBoolean());
            assertThat(page.json().get("size").asInt()).isEqualTo(3);
            assertThat(page.json().has("totalItems")).isFalse();
            assertThat(page.json().has("nextCursor")).as("present, null on the last page").isTrue();
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
            assertThat(cursor != null).isEqualTo(page.json().get("hasMore").asBoolean());
            if (first) {
                // Newer than everything: with OFFSET it would push the next page's first job back onto it.
                late = submit(key, 1).get(0);
                first = false;
            }
        } while (cursor != null);

        List<String> newestFirst = new ArrayList<>(submitted);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(seen).doesNotContain(late);
        assertThat(hasMore).containsExactly(true, true, false);
        assertThat(api.get("/api/v1/jobs?size=1", key).json().get("items").get(0).get("id").asString())
                .isEqualTo(late);
    }

    @Test
    void theCursorKeepsTheStatusFilter() {
        String key = newTeamKey();
        List<String> ids = submit(key, 5);
        for (int i = 0; i < ids.size(); i += 2) {
            assertThat(api.post("/api/v1/jobs/" + ids.get(i) + "/cancel", key, null).status()).isEqualTo(200);
        }
        Response page = api.get("/api/v1/jobs?status=CANCELLED&size=2", key);
        assertThat(ids(page)).containsExactly(ids.get(4), ids.get(2));
        Response rest = api.get("/api/v1/jobs?status=CANCELLED&size=2&cursor="
                + page.json().get("nextCursor").asString(), key);
        assertThat(ids(rest)).containsExactly(ids.get(0));
        assertThat(rest.json().get("hasMore").asBoolean()).isFalse();
        Response queued = api.get("/api/v1/jobs?status=QUEUED&size=10", key);
        assertThat(ids(queued)).containsExactly(ids.get(3), ids.get(1));
    }

    @Test
    void aForeignOrTamperedCursorIs400NamingTheCursor() {
        String key = newTeamKey();
        for (String bad : List.of("not-base64!", "djE6eHg6eXk", "djI6MTcwMDAwMDAwMC4wOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA",
                "x".repeat(201))) {
            Response r = api.get("/api/v1/jobs?cursor=" + bad, key);
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("field").asString()).isEqualTo("cursor");
        }
        Response both = api.get("/api/v1/jobs?page=0&cursor=abc", key);
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("field").asString()).isEqualTo("cursor");
    }

    @Test
    void theDeprecatedPageNumberStillPagesAndCountsAndHandsOverACursor() {
        String key = newTeamKey();
        List<String> ids = submit(key, 3);
        Response page = api.get("/api/v1/jobs?page=0&size=2", key);
        assertThat(ids(page)).containsExactly(ids.get(2), ids.get(1));
        assertThat(page.json().get("totalItems").asLong()).isEqualTo(3);
        assertThat(page.json().get("totalPages").asInt()).isEqualTo(2);
        assertThat(page.json().get("page").asInt()).isZero();
        assertThat(ids(api.get("/api/v1/jobs?page=1&size=2", key))).containsExactly(ids.get(0));
        Response viaCursor = api.get("/api/v1/jobs?size=2&cursor=" + page.json().get("nextCursor").asString(), key);
        assertThat(ids(viaCursor)).containsExactly(ids.get(0));
    }

    private List<String> submit(String key, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Response created = api.post("/api/v1/jobs", key, JOB);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            ids.add(created.json().get("id").asString());
        }
        return ids;
    }

    private static List<String> ids(Response page) {
        List<String> out = new ArrayList<>();
        for (JsonNode j : page.json().get("items")) {
            out.add(j.get("id").asString());
        }
        return out;
    }
}
