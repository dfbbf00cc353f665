package dev.slimfit.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Health with both backing services, Prometheus metrics and the OpenAPI document are served (details, metrics
 * and the whole document to the admin key; the team document and Swagger UI to anyone, see SecurityEdgeIT).
 */
class OperationsIT extends IntegrationTest {

    @Test
    void healthReportsDatabaseAndBroker() {
        Response health = management.get("/actuator/health", ADMIN_KEY);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(health.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(health.json().get("components").get("rabbit").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusExposesOutboxAndJobMetrics() {
        api.post("/api/v1/jobs", newTeamKey(), """
                {"method":"UNIFORM","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"params":1000000}}""");
        Response metrics = management.get("/actuator/prometheus", ADMIN_KEY);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("slimfit_outbox_pending").contains("slimfit_jobs_submitted_total")
                .contains("http_server_requests_seconds");
    }

    @Test
    void openApiDocumentDescribesTheJobApi() {
        Response docs = api.get("/v3/api-docs", ADMIN_KEY);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/jobs")).isTrue();
        assertThat(docs.json().get("paths").has("/api/v1/jobs/{id}/cancel")).isTrue();
        assertThat(docs.json().get("paths").has("/api/v1/search-spaces/{name}")).isTrue();
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    @Test
    void openApiDocumentHasATitleABearerSchemeAndTheTeamApiFirst() {
        JsonNode doc = api.get("/v3/api-docs", ADMIN_KEY).json();
        assertThat(doc.get("info").get("title").asString()).isEqualTo("Slimfit API");
        assertThat(doc.get("info").get("version").asString()).isNotBlank().isNotEqualTo("v0")
                .doesNotContain("@").startsWith("0.1.0");
        assertThat(doc.get("info").get("description").asString()).contains("Authorization: Bearer")
                .contains("API key").contains("admin key").contains("worker secret").contains("device token");

        JsonNode scheme = doc.get("components").get("securitySchemes").get("bearer");
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        assertThat(doc.get("security")).as("applied to every operation").hasSize(1);
        assertThat(doc.get("security").get(0).has("bearer")).isTrue();

        List<String> tags = new ArrayList<>();
        doc.get("tags").forEach(t -> tags.add(t.get("name").asString()));
        assertThat(tags).as("one entry per tag").doesNotHaveDuplicates();
        assertThat(tags.get(0)).isEqualTo("jobs");
        assertThat(tags.subList(0, 4)).containsExactlyInAnyOrder("jobs", "search spaces", "latency tables",
                "devices");
        assertThat(tags.subList(tags.size() - 3, tags.size())).containsExactly("admin", "agents", "workers");
        String firstPath = doc.get("paths").propertyNames().iterator().next();
        assertThat(firstPath).as("the paths follow the tags").startsWith("/api/v1/jobs");

        // The whole document stays at /v3/api-docs; Swagger UI also offers one group per audience.
        assertThat(doc.get("paths").has("/api/v1/worker/jobs/{id}/claim")).isTrue();
        assertThat(doc.get("paths").has("/api/v1/admin/teams")).isTrue();
        JsonNode team = api.get("/v3/api-docs/team", null).json();
        assertThat(team.get("info").get("title").asString()).isEqualTo("Slimfit API");
        assertThat(team.get("components").get("securitySchemes").has("bearer")).isTrue();
        assertThat(team.get("paths").has("/api/v1/jobs")).isTrue();
        assertThat(team.get("paths").has("/api/v1/latency-tables/{id}")).isTrue();
        assertThat(team.get("paths").has("/api/v1/worker/jobs/{id}/claim")).isFalse();
        assertThat(team.get("paths").has("/api/v1/admin/teams")).isFalse();
        assertThat(team.get("paths").has("/api/v1/devices/{id}/heartbeat")).isFalse();
        JsonNode internal = api.get("/v3/api-docs/internal", ADMIN_KEY).json();
        assertThat(internal.get("paths").has("/api/v1/worker/jobs/{id}/claim")).isTrue();
        assertThat(internal.get("paths").has("/api/v1/profiling-tasks/claim")).isTrue();
        assertThat(internal.get("paths").has("/api/v1/jobs")).isFalse();
        assertThat(api.get("/v3/api-docs/admin", ADMIN_KEY).json().get("paths").has("/api/v1/admin/teams")).isTrue();
        JsonNode config = api.get("/v3/api-docs/swagger-config", null).json();
        List<String> groups = new ArrayList<>();
        config.get("urls").forEach(u -> groups.add(u.get("url").asString()));
        assertThat(config.get("urls.primaryName").asString()).as("Swagger UI opens on the team API")
                .isEqualTo("team");
        assertThat(groups).contains("/v3/api-docs/team", "/v3/api-docs/admin", "/v3/api-docs/internal",
                "/v3/api-docs/all");
    }

    @Test
    void latencyTableSchemasShareOneShape() {
        JsonNode schemas = api.get("/v3/api-docs", ADMIN_KEY).json().get("components").get("schemas");
        JsonNode view = schemas.get("TableView").get("properties");
        JsonNode detail = schemas.get("TableDetail").get("properties");
        assertThat(view.propertyNames()).contains("id", "status", "minLatencyMs", "maxLatencyMs", "fastestWidths",
                "slowestWidths");
        assertThat(detail.propertyNames()).containsAll(view.propertyNames()).contains("offsetMs", "entries",
                "measurements").doesNotContain("table");
    }

    @Test
    void theDashboardIsServedAtTheRoot() {
        Response page = api.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Slimfit</title>").contains("dashboard.js");
        assertThat(api.get("/dashboard.js", null).body()).contains("/api/v1");
    }
}
