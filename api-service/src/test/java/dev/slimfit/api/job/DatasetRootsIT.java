package dev.slimfit.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.api.support.IntegrationTest;

/**
 * {@code slimfit.api.dataset-roots}: a folder dataset is accepted only inside a configured root (compared path
 * component by component, after normalising); without roots every folder is refused; fashion-mnist always works.
 */
class DatasetRootsIT {

    static ApiTestServer server;
    static ApiClient api;
    static String key;

    @BeforeAll
    static void start() {
        server = ApiTestServer.start(Map.of("slimfit.api.dataset-roots", "/data,/srv/images/"));
        api = server.client();
        key = api.post("/api/v1/admin/teams", IntegrationTest.ADMIN_KEY,
                "{\"name\":\"roots-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "\"}").json()
                .get("apiKey").asString();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Response submit(String dataset) {
        return api.post("/api/v1/jobs", key, "{\"method\":\"AOWS\",\"searchSpace\":\"fmnist-small\",\"dataset\":\""
                + dataset + "\",\"budget\":{\"macs\":3000000}}");
    }

    @Test
    void foldersInsideARootAreAccepted() {
        for (String dataset : new String[] {"folder:/data/flowers", "folder:/data", "folder:/srv/images/pets/",
                "folder:/data/./a//b", "fashion-mnist"}) {
            Response created = submit(dataset);
            assertThat(created.status()).as(dataset + ": " + created.body()).isEqualTo(201);
        }
        assertThat(submit("folder:/data//flowers/").json().get("dataset").asString()).isEqualTo("folder:/data/flowers");
    }

    @Test
    void foldersOutsideEveryRootAreRefusedNamingTheDataset() {
        for (String dataset : new String[] {"folder:/etc", "folder:/", "folder:/database", "folder:/srv",
                "folder:/srv/images-other/x", "folder:/data/../etc"}) {
            Response refused = submit(dataset);
            assertThat(refused.status()).as(dataset + ": " + refused.body()).isEqualTo(422);
            assertThat(refused.json().get("field").asString()).isEqualTo("dataset");
        }
        String detail = submit("folder:/etc/passwd").json().get("detail").asString();
        assertThat(detail).contains("/data").contains("/srv/images").contains("slimfit.api.dataset-roots");
    }
}
