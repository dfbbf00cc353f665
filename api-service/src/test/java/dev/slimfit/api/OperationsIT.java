package dev.slimfit.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;

/** Health with both backing services, Prometheus metrics and the OpenAPI document are served. */
class OperationsIT extends IntegrationTest {

    @Test
    void healthReportsDatabaseAndBroker() {
        Response health = api.get("/actuator/health", null);
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
        Response metrics = api.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("slimfit_outbox_pending").contains("slimfit_jobs_submitted_total")
                .contains("http_server_requests_seconds");
    }

    @Test
    void openApiDocumentDescribesTheJobApi() {
        Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/jobs")).isTrue();
        assertThat(docs.json().get("paths").has("/api/v1/jobs/{id}/cancel")).isTrue();
        assertThat(docs.json().get("paths").has("/api/v1/search-spaces/{name}")).isTrue();
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    @Test
    void theDashboardIsServedAtTheRoot() {
        Response page = api.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Slimfit</title>").contains("dashboard.js");
        assertThat(api.get("/dashboard.js", null).body()).contains("/api/v1");
    }
}
