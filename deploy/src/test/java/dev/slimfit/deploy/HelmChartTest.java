package dev.slimfit.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static dev.slimfit.deploy.Chart.checksum;
import static dev.slimfit.deploy.Chart.container;
import static dev.slimfit.deploy.Chart.env;
import static dev.slimfit.deploy.Chart.mountPath;
import static dev.slimfit.deploy.Chart.plainEnv;
import static dev.slimfit.deploy.Chart.podSpec;
import static dev.slimfit.deploy.Chart.render;
import static dev.slimfit.deploy.Chart.volume;
import static dev.slimfit.deploy.Repository.at;
import static dev.slimfit.deploy.Repository.list;
import static dev.slimfit.deploy.Repository.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** helm/slimfit, linted and rendered by Helm (helm-java), the manifests read back as YAML. */
class HelmChartTest {

    private static final List<String> ROLES = List.of("api", "worker", "agent");

    /** Values that switch on everything optional at once. */
    private static final String[] EVERYTHING = {
            "worker.gpu.enabled", "true",
            "worker.gpu.count", "2",
            "api.ingress.enabled", "true",
            "api.ingress.className", "nginx",
            "api.ingress.tls[0].secretName", "slimfit-tls",
            "api.ingress.tls[0].hosts[0]", "slimfit.example.com",
            "agent.kind", "DaemonSet",
            "agent.nodeSelector.slimfit\\.dev/profile", "true",
            "agent.tolerations[0].key", "slimfit.dev/device",
            "agent.tolerations[0].operator", "Exists",
            "worker.checkpoints.type", "pvc",
            "datasets.type", "pvc",
            "datasets.claimName", "datasets"};

    @Test
    void lintsCleanlyInStrictMode() {
        LintResult lint = Chart.helm().lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void everyOptionalPartRendersAtOnce() {
        // helm-java's lint takes no values, so the variant is checked by rendering it: a template error fails here
        assertThat(render(EVERYTHING).documents()).isNotEmpty();
    }

    @Test
    void defaultValuesRenderOneDeploymentPerRoleAndNoIngress() {
        Chart.Manifests manifests = render();
        for (String role : ROLES) {
            assertThat(manifests.workload(role).get("kind")).as(role).isEqualTo("Deployment");
        }
        assertThat(manifests.ofKind("Deployment")).hasSize(3);
        assertThat(manifests.ofKind("DaemonSet")).isEmpty();
        assertThat(manifests.ofKind("Ingress")).isEmpty();
        assertThat(manifests.named("Service", "demo-slimfit-api")).isPresent();
    }

    @Test
    void imageTagsAreTheAppVersionWhichIsTheMavenVersion() {
        Map<String, Object> chart = Repository.yamlMap(Repository.read("helm/slimfit/Chart.yaml"));
        String appVersion = String.valueOf(chart.get("appVersion"));
        assertThat(appVersion).as("appVersion = the version Jib tags images with").isEqualTo(Repository.version());

        Chart.Manifests manifests = render();
        assertThat(container(manifests.workload("api")).get("image"))
                .isEqualTo("slimfit/api-service:" + appVersion);
        assertThat(container(manifests.workload("worker")).get("image"))
                .isEqualTo("slimfit/search-worker:" + appVersion);
        assertThat(container(manifests.workload("agent")).get("image"))
                .isEqualTo("slimfit/profiler-agent:" + appVersion);

        Chart.Manifests overridden = render("image.registry", "registry.example.com/", "image.tag", "1.2.3",
                "agent.image.tag", "9.9.9");
        assertThat(container(overridden.workload("api")).get("image"))
                .isEqualTo("registry.example.com/slimfit/api-service:1.2.3");
        assertThat(container(overridden.workload("agent")).get("image"))
                .isEqualTo("registry.example.com/slimfit/profiler-agent:9.9.9");
    }

    @Test
    void workerAndAgentRunWithTheThreadAndAllocatorSettings() {
        for (Chart.Manifests manifests : List.of(render(), render(EVERYTHING))) {
            for (String role : List.of("worker", "agent")) {
                assertThat(plainEnv(container(manifests.workload(role))))
                        .as(role).containsAllEntriesOf(Repository.NATIVE_ENV);
            }
        }
    }

    @Test
    void apiHasProbesOnTheActuatorHealthGroups() {
        Map<String, Object> api = container(render().workload("api"));
        // readiness through the API's own connector (/readyz, management.endpoint.health.probes.add-additional-paths)
        assertThat(at(api, "readinessProbe.httpGet.path")).isEqualTo("/readyz");
        assertThat(at(api, "readinessProbe.httpGet.port")).isEqualTo("http");
        assertThat(at(api, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(api, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        for (String probe : List.of("livenessProbe", "startupProbe")) {
            assertThat(at(api, probe + ".httpGet.port")).as(probe).isEqualTo("management");
        }
        Map<String, Object> port = map(list(api.get("ports")).get(0));
        assertThat(port).containsEntry("name", "http").containsEntry("containerPort", 8080);
        Map<String, Object> management = map(list(api.get("ports")).get(1));
        assertThat(management).containsEntry("name", "management").containsEntry("containerPort", 8081);
        // actuator listens on the pod's address for the kubelet, on the port the probes name
        assertThat(plainEnv(api)).containsEntry("SLIMFIT_MANAGEMENT_PORT", "8081")
                .containsEntry("SLIMFIT_MANAGEMENT_ADDRESS", "0.0.0.0");
        // the actuator probes only exist when the API enables them
        assertThat(at(Repository.yamlMap(Repository.read("api-service/src/main/resources/application.yml")),
                "management.endpoint.health.probes.enabled")).isEqualTo(true);
        assertThat(at(Repository.yamlMap(Repository.read("api-service/src/main/resources/application.yml")),
                "management.endpoint.health.probes.add-additional-paths")).isEqualTo(true);
    }

    @Test
    void nonWebRolesHaveNoProbes() {
        for (String role : List.of("worker", "agent")) {
            assertThat(container(render().workload(role)))
                    .as(role).doesNotContainKeys("readinessProbe", "livenessProbe", "startupProbe");
        }
    }

    @Test
    void gracePeriodsOutlastEachRolesShutdownPhase() {
        Chart.Manifests manifests = render();
        long workerPhase = Repository.springShutdownSeconds("search-worker/src/main/resources/search-worker.yml");
        long agentPhase = Repository.springShutdownSeconds("profiler-agent/src/main/resources/profiler-agent.yml");
        int workerGrace = (Integer) podSpec(manifests.workload("worker")).get("terminationGracePeriodSeconds");
        int agentGrace = (Integer) podSpec(manifests.workload("agent")).get("terminationGracePeriodSeconds");
        assertThat(workerGrace).isGreaterThanOrEqualTo(180).isGreaterThan((int) workerPhase);
        assertThat(agentGrace).isGreaterThan((int) agentPhase);
    }

    @Test
    void gpuWorkersAskForGpusAndTheCudaImage() {
        Map<String, Object> cpu = render().workload("worker");
        assertThat(at(container(cpu), "resources.limits")).isInstanceOfSatisfying(Map.class,
                limits -> assertThat(limits).doesNotContainKey("nvidia.com/gpu"));

        Map<String, Object> gpu = render("worker.gpu.enabled", "true", "worker.gpu.count", "2",
                "worker.gpu.runtimeClassName", "nvidia").workload("worker");
        Map<String, Object> limits = map(at(container(gpu), "resources.limits"));
        assertThat(limits).containsEntry("nvidia.com/gpu", 2).containsEntry("memory", "8Gi");
        assertThat(container(gpu).get("image")).isEqualTo("slimfit/search-worker:" + Repository.version() + "-cuda");
        assertThat(podSpec(gpu)).containsEntry("runtimeClassName", "nvidia");
        assertThat(list(podSpec(gpu).get("tolerations"))).anySatisfy(
                t -> assertThat(map(t)).containsEntry("key", "nvidia.com/gpu"));
    }

    @Test
    void secretsAreReferencesNeverValues() {
        for (Chart.Manifests manifests : List.of(render("secrets.adminKey", "a-real-looking-key"),
                render("secrets.existingSecret", "ops-made-this"), render(EVERYTHING))) {
            String secretName = manifests.ofKind("Secret").isEmpty() ? "ops-made-this" : "demo-slimfit-secrets";
            for (String role : ROLES) {
                Map<String, Object> workload = manifests.workload(role);
                env(container(workload)).forEach((name, entry) -> {
                    if (Repository.SECRET_NAME.matcher(name).matches()) {
                        assertThat(entry).as("%s %s", role, name).doesNotContainKey("value");
                        assertThat(at(entry, "valueFrom.secretKeyRef.name")).as("%s %s", role, name)
                                .isEqualTo(secretName);
                    }
                });
            }
            // nothing secret in the ConfigMap the roles read wholesale
            for (Map<String, Object> configMap : manifests.ofKind("ConfigMap")) {
                assertThat(map(configMap.get("data")).keySet())
                        .noneMatch(k -> Repository.SECRET_NAME.matcher(k).matches());
            }
        }
    }

    @Test
    void eachRoleGetsOnlyTheSecretsItUses() {
        Chart.Manifests manifests = render();
        assertThat(secretKeys(manifests.workload("api")))
                .containsExactlyInAnyOrder("db-password", "rabbit-password", "admin-key", "enrollment-secret",
                        "worker-secret");
        assertThat(secretKeys(manifests.workload("worker"))).containsExactlyInAnyOrder("worker-secret",
                "rabbit-password");
        assertThat(secretKeys(manifests.workload("agent"))).containsExactly("enrollment-secret");
        // and the chart's Secret has each of them
        Map<String, Object> secret = manifests.named("Secret", "demo-slimfit-secrets").orElseThrow();
        assertThat(map(secret.get("data")).keySet()).containsExactlyInAnyOrder("db-password", "rabbit-password",
                "admin-key", "enrollment-secret", "worker-secret");
    }

    @Test
    void anExistingSecretReplacesTheChartsSecret() {
        Chart.Manifests manifests = render("secrets.existingSecret", "ops-made-this");
        assertThat(manifests.ofKind("Secret")).isEmpty();
    }

    @Test
    void checksumAnnotationRollsThePodsWhenConfigOrSecretsChange() {
        String base = checksum(render().workload("worker"));
        assertThat(base).matches("[0-9a-f]{64}");
        for (String role : ROLES) {
            assertThat(checksum(render().workload(role))).as(role).isEqualTo(base);
        }
        assertThat(checksum(render(EVERYTHING).workload("agent"))).isNotNull();

        assertThat(checksum(render().workload("api"))).as("same values, same checksum").isEqualTo(base);
        assertThat(checksum(render("rabbitmq.host", "broker.internal").workload("api")))
                .as("a ConfigMap value").isNotEqualTo(base);
        assertThat(checksum(render("database.parameters", "sslmode=require").workload("worker")))
                .as("a ConfigMap value").isNotEqualTo(base);
        assertThat(checksum(render("secrets.workerSecret", "rotated").workload("worker")))
                .as("a Secret value").isNotEqualTo(base);
        // a value outside the ConfigMap and Secret changes the pod template itself, not the checksum
        assertThat(checksum(render("worker.replicas", "3").workload("worker"))).isEqualTo(base);
    }

    @Test
    void configMapPointsAtTheExternalServices() {
        Map<String, Object> data = map(render("database.host", "pg.example", "database.port", "6432",
                "rabbitmq.host", "mq.example", "rabbitmq.user", "farm").named("ConfigMap", "demo-slimfit-config")
                .orElseThrow().get("data"));
        assertThat(data).containsEntry("SLIMFIT_DB_URL", "jdbc:postgresql://pg.example:6432/slimfit")
                .containsEntry("SLIMFIT_RABBIT_HOST", "mq.example")
                .containsEntry("SLIMFIT_RABBIT_USER", "farm")
                .containsEntry("SLIMFIT_API_URL", "http://demo-slimfit-api:80");
        // the chart deploys neither PostgreSQL nor RabbitMQ
        assertThat(render().ofKind("StatefulSet")).isEmpty();
    }

    @Test
    void everyPodRunsAsTheImagesUserWithFsGroup() {
        for (Chart.Manifests manifests : List.of(render(), render(EVERYTHING))) {
            for (String role : ROLES) {
                Map<String, Object> security = map(podSpec(manifests.workload(role)).get("securityContext"));
                assertThat(security).as(role).containsEntry("fsGroup", 10001).containsEntry("runAsNonRoot", true)
                        .containsEntry("runAsUser", 10001);
                assertThat(at(container(manifests.workload(role)), "securityContext.allowPrivilegeEscalation"))
                        .isEqualTo(false);
            }
        }
    }

    @Test
    void ingressOnlyWhenEnabledAndPointingAtTheApiService() {
        assertThat(render().ofKind("Ingress")).isEmpty();
        List<Map<String, Object>> ingresses = render(EVERYTHING).ofKind("Ingress");
        assertThat(ingresses).hasSize(1);
        Map<String, Object> ingress = ingresses.get(0);
        assertThat(at(ingress, "spec.ingressClassName")).isEqualTo("nginx");
        Map<String, Object> rule = map(list(at(ingress, "spec.rules")).get(0));
        Map<String, Object> path = map(list(at(rule, "http.paths")).get(0));
        assertThat(at(path, "backend.service.name")).isEqualTo("demo-slimfit-api");
        assertThat(at(path, "backend.service.port.name")).isEqualTo("http");
        assertThat(list(at(ingress, "spec.tls"))).hasSize(1);
    }

    @Test
    void agentsAsADaemonSetAreOneDevicePerNodeWithANodeIdentity() {
        Chart.Manifests manifests = render(EVERYTHING);
        Map<String, Object> agent = manifests.workload("agent");
        assertThat(agent.get("kind")).isEqualTo("DaemonSet");
        assertThat(manifests.ofKind("Deployment")).hasSize(2);
        assertThat(plainEnv(container(agent))).containsEntry("SLIMFIT_AGENT_DEVICE_NAME", "k8s-$(NODE_NAME)");
        assertThat(at(env(container(agent)).get("NODE_NAME"), "valueFrom.fieldRef.fieldPath"))
                .isEqualTo("spec.nodeName");
        assertThat(at(volume(agent, "identity"), "hostPath.path")).isEqualTo("/var/lib/slimfit/demo-slimfit/agent");
        assertThat(map(podSpec(agent).get("nodeSelector"))).containsEntry("slimfit.dev/profile", "true");
        assertThat(list(podSpec(agent).get("tolerations"))).hasSize(1);
        assertThat(list(podSpec(agent).get("initContainers"))).hasSize(1);
        // no identity claim for a DaemonSet: each node keeps its own
        assertThat(manifests.named("PersistentVolumeClaim", "demo-slimfit-agent-identity")).isEmpty();

        Chart.Manifests deployment = render();
        assertThat(at(volume(deployment.workload("agent"), "identity"), "persistentVolumeClaim.claimName"))
                .isEqualTo("demo-slimfit-agent-identity");
        assertThat(deployment.named("PersistentVolumeClaim", "demo-slimfit-agent-identity")).isPresent();
        assertThat(at(deployment.workload("agent"), "spec.replicas")).isEqualTo(1);
        assertThatThrownBy(() -> render("agent.kind", "StatefulSet")).hasMessageContaining("agent.kind");
    }

    @Test
    void workersHaveAWritableCheckpointVolumeOfTheChosenKind() {
        Map<String, Object> worker = render().workload("worker");
        String checkpointDir = plainEnv(container(worker)).get("SLIMFIT_CHECKPOINT_DIR");
        assertThat(mountPath(container(worker), "checkpoints")).isEqualTo(checkpointDir);
        assertThat(volume(worker, "checkpoints")).containsKey("emptyDir");

        Chart.Manifests pvc = render("worker.checkpoints.type", "pvc", "worker.checkpoints.storageClass", "nfs");
        assertThat(at(volume(pvc.workload("worker"), "checkpoints"), "persistentVolumeClaim.claimName"))
                .isEqualTo("demo-slimfit-checkpoints");
        Map<String, Object> claim = pvc.named("PersistentVolumeClaim", "demo-slimfit-checkpoints").orElseThrow();
        assertThat(at(claim, "spec.storageClassName")).isEqualTo("nfs");
        assertThat(list(at(claim, "spec.accessModes"))).containsExactly("ReadWriteMany");

        Map<String, Object> existing = render("worker.checkpoints.type", "existingClaim",
                "worker.checkpoints.existingClaim", "shared").workload("worker");
        assertThat(at(volume(existing, "checkpoints"), "persistentVolumeClaim.claimName")).isEqualTo("shared");
        assertThatThrownBy(() -> render("worker.checkpoints.type", "existingClaim"))
                .hasMessageContaining("worker.checkpoints.existingClaim");
    }

    @Test
    void workersMountTheDatasetsReadOnly() {
        Map<String, Object> worker = render().workload("worker");
        assertThat(at(volume(worker, "datasets"), "hostPath.path")).isEqualTo("/usr/share/datasets");
        assertThat(mountPath(container(worker), "datasets")).isEqualTo("/usr/share/datasets");
        assertThat(list(container(worker).get("volumeMounts")).stream().map(Repository::map)
                .filter(m -> "datasets".equals(m.get("name")))).allMatch(m -> Boolean.TRUE.equals(m.get("readOnly")));

        Map<String, Object> pvc = render(EVERYTHING).workload("worker");
        assertThat(at(volume(pvc, "datasets"), "persistentVolumeClaim.claimName")).isEqualTo("datasets");

        Map<String, Object> none = render("datasets.type", "none").workload("worker");
        assertThat(list(podSpec(none).get("volumes")).stream().map(v -> map(v).get("name"))
                .collect(Collectors.toSet())).doesNotContain("datasets");
    }

    @Test
    void everyResourceIsLabelledForTheRelease() {
        for (Map<String, Object> document : render(EVERYTHING).documents()) {
            Map<String, Object> labels = map(at(document, "metadata.labels"));
            assertThat(labels).as("%s %s", document.get("kind"), at(document, "metadata.name"))
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
                    .containsEntry("app.kubernetes.io/name", "slimfit")
                    .containsKey("helm.sh/chart");
        }
        Set<String> kinds = render(EVERYTHING).documents().stream().map(d -> String.valueOf(d.get("kind")))
                .collect(Collectors.toSet());
        assertThat(kinds).contains("ConfigMap", "Secret", "ServiceAccount", "Service", "Ingress", "Deployment",
                "DaemonSet", "PersistentVolumeClaim");
    }

    private static Set<String> secretKeys(Map<String, Object> workload) {
        return env(container(workload)).values().stream()
                .map(e -> at(e, "valueFrom.secretKeyRef.key"))
                .filter(k -> k != null)
                .map(String::valueOf)
                .collect(Collectors.toSet());
    }
}
