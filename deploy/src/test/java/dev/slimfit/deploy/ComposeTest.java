package dev.slimfit.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.slimfit.deploy.Repository.at;
import static dev.slimfit.deploy.Repository.list;
import static dev.slimfit.deploy.Repository.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml and compose.gpu.yaml: checked by a real compose implementation when one is installed, and read
 * as YAML for what compose does not check.
 */
class ComposeTest {

    private static final String COMPOSE = "docker-compose.yml";
    private static final String GPU = "compose.gpu.yaml";
    private static final String ENV_EXAMPLE = "slimfit.env.example";
    private static final Set<String> SERVICES = Set.of("postgres", "rabbitmq", "api-service", "search-worker",
            "profiler-agent");

    @TempDir
    Path temp;

    private static Map<String, Object> services(String file) {
        return map(Repository.yamlMap(Repository.read(file)).get("services"));
    }

    private static Map<String, Object> service(String name) {
        return map(services(COMPOSE).get(name));
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object environment = service.get("environment");
        if (environment instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        } else if (environment != null) {
            for (Object entry : list(environment)) {
                String[] kv = String.valueOf(entry).split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        }
        return env;
    }

    // ---- a real compose implementation ----

    @Test
    void composeAcceptsTheFile() throws Exception {
        List<String> compose = composeCommand();
        Result result = run(compose, envFile(), "-f", file(COMPOSE), "config", "-q");
        assertThat(result.exitCode()).as("%s config -q:%n%s", compose, result.output()).isZero();
    }

    @Test
    void composeAcceptsTheGpuOverride() throws Exception {
        List<String> compose = composeCommand();
        Path envFile = envFile();
        Result quiet = run(compose, envFile, "-f", file(COMPOSE), "-f", file(GPU), "config", "-q");
        assertThat(quiet.exitCode()).as("%s config -q:%n%s", compose, quiet.output()).isZero();

        // what compose makes of the two files together
        Result merged = run(compose, envFile, "-f", file(COMPOSE), "-f", file(GPU), "config");
        assertThat(merged.exitCode()).as(merged.output()).isZero();
        Map<String, Object> worker = map(at(Repository.yamlMap(merged.stdout()), "services.search-worker"));
        Map<String, Object> device = map(list(at(worker, "deploy.resources.reservations.devices")).get(0));
        assertThat(device).containsEntry("driver", "nvidia");
        assertThat(list(device.get("capabilities"))).containsExactly("gpu");
        assertThat(String.valueOf(at(worker, "build.dockerfile"))).endsWith("search-worker/Dockerfile");
        assertThat(String.valueOf(worker.get("image"))).endsWith(":" + Repository.version() + "-cuda");
        assertThat(environment(worker)).containsAllEntriesOf(Repository.NATIVE_ENV)
                .containsEntry("SLIMFIT_WORKER_SECRET", "test-SLIMFIT_WORKER_SECRET");
        assertThat(Repository.seconds(worker.get("stop_grace_period"))).isGreaterThanOrEqualTo(180);
    }

    @Test
    void composeRefusesToStartWithoutTheEnvFile() throws Exception {
        List<String> compose = composeCommand();
        Result result = run(compose, temp.resolve("no-such.env"), "-f", file(COMPOSE), "config", "-q");
        assertThat(result.exitCode()).as("config without the env file must fail:%n%s", result.output())
                .isNotZero();
    }

    // ---- the file as YAML ----

    @Test
    void hasTheFiveServices() {
        assertThat(services(COMPOSE).keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    @Test
    void everyDependencyWaitsForAHealthyService() {
        for (String name : SERVICES) {
            Object dependsOn = service(name).get("depends_on");
            if (dependsOn == null) {
                continue;
            }
            assertThat(dependsOn).as("%s depends_on must be the long form", name).isInstanceOf(Map.class);
            map(dependsOn).forEach((dependency, condition) -> {
                assertThat(map(condition)).as("%s -> %s", name, dependency)
                        .containsEntry("condition", "service_healthy");
                assertThat(service(String.valueOf(dependency))).as("%s has a healthcheck", dependency)
                        .containsKey("healthcheck");
            });
        }
        assertThat(map(service("search-worker").get("depends_on")).keySet()).contains("api-service", "rabbitmq");
        assertThat(map(service("api-service").get("depends_on")).keySet()).contains("postgres", "rabbitmq");
    }

    @Test
    void servicesWithAHealthReportHaveAHealthcheck() {
        for (String name : List.of("postgres", "rabbitmq", "api-service")) {
            assertThat(at(service(name), "healthcheck.test")).as(name).isNotNull();
        }
        assertThat(String.valueOf(at(service("api-service"), "healthcheck.test")))
                .contains("/actuator/health/readiness");
        // the non-web roles have none, and the file says why
        String text = Repository.read(COMPOSE);
        for (String name : List.of("search-worker", "profiler-agent")) {
            assertThat(service(name)).as(name).doesNotContainKey("healthcheck");
        }
        assertThat(text.split("No healthcheck", -1)).hasSize(3);
    }

    @Test
    void workerAndAgentRunWithTheThreadAndAllocatorSettings() {
        for (String name : List.of("search-worker", "profiler-agent")) {
            assertThat(environment(service(name))).as(name).containsAllEntriesOf(Repository.NATIVE_ENV);
        }
    }

    @Test
    void stopGracePeriodsOutlastEachRolesShutdownPhase() {
        long worker = Repository.seconds(service("search-worker").get("stop_grace_period"));
        long agent = Repository.seconds(service("profiler-agent").get("stop_grace_period"));
        assertThat(worker).isGreaterThanOrEqualTo(180)
                .isGreaterThan(Repository.springShutdownSeconds("search-worker/src/main/resources/search-worker.yml"));
        assertThat(agent).isGreaterThan(
                Repository.springShutdownSeconds("profiler-agent/src/main/resources/profiler-agent.yml"));
    }

    @Test
    void noSecretIsWrittenInTheComposeFiles() {
        for (String file : List.of(COMPOSE, GPU)) {
            services(file).forEach((name, definition) -> {
                environment(map(definition)).forEach((key, value) -> assertThat(
                        Repository.SECRET_NAME.matcher(key).matches())
                        .as("%s: %s sets %s inline; secrets come from the env file", file, name, key).isFalse());
            });
        }
        // the services that need secrets read the env file
        for (String name : SERVICES) {
            assertThat(String.valueOf(service(name).get("env_file"))).as(name).contains("slimfit.env");
        }
    }

    @Test
    void theEnvExampleNamesEverySecretAndHoldsNone() {
        Map<String, String> example = envEntries(Repository.read(ENV_EXAMPLE));
        assertThat(example.keySet()).containsExactlyInAnyOrder("POSTGRES_PASSWORD", "SLIMFIT_DB_PASSWORD",
                "RABBITMQ_DEFAULT_PASS", "SLIMFIT_RABBIT_PASSWORD", "SLIMFIT_ADMIN_KEY", "SLIMFIT_ENROLLMENT_SECRET",
                "SLIMFIT_AGENT_ENROLLMENT_SECRET", "SLIMFIT_WORKER_SECRET");
        assertThat(example.values()).as("the example holds no values").allMatch(String::isEmpty);
        String header = Repository.read(ENV_EXAMPLE);
        assertThat(header).contains("openssl rand -hex 24");
        // the settings the roles read are all there, under the names the roles read them
        for (String read : List.of("SLIMFIT_DB_PASSWORD", "SLIMFIT_RABBIT_PASSWORD", "SLIMFIT_ADMIN_KEY",
                "SLIMFIT_ENROLLMENT_SECRET", "SLIMFIT_WORKER_SECRET")) {
            assertThat(Repository.read("api-service/src/main/resources/application.yml")).contains("${" + read);
        }
        assertThat(Repository.read("profiler-agent/src/main/resources/profiler-agent.yml"))
                .contains("${SLIMFIT_AGENT_ENROLLMENT_SECRET");
        assertThat(Repository.read("search-worker/src/main/resources/search-worker.yml"))
                .contains("${SLIMFIT_WORKER_SECRET", "${SLIMFIT_RABBIT_PASSWORD");
    }

    @Test
    void stateLivesInNamedVolumesAtTheImagesStateDirectories() {
        Map<String, Object> volumes = map(Repository.yamlMap(Repository.read(COMPOSE)).get("volumes"));
        String checkpointDir = environment(service("search-worker")).get("SLIMFIT_CHECKPOINT_DIR");
        assertThat(checkpointDir).isEqualTo(Repository.dockerfileEnv(Repository.read("search-worker/Dockerfile"))
                .get("SLIMFIT_CHECKPOINT_DIR"));
        assertThat(list(service("search-worker").get("volumes"))).contains("checkpoints:" + checkpointDir);

        String identity = environment(service("profiler-agent")).get("SLIMFIT_AGENT_IDENTITY_FILE");
        assertThat(identity).isEqualTo(Repository.dockerfileEnv(Repository.read("profiler-agent/Dockerfile"))
                .get("SLIMFIT_AGENT_IDENTITY_FILE"));
        String identityDir = Path.of(identity).getParent().toString();
        assertThat(list(service("profiler-agent").get("volumes"))).contains("agent-identity:" + identityDir);
        assertThat(volumes.keySet()).contains("checkpoints", "agent-identity", "pgdata");
        // the Dockerfiles create those directories group-writable for the images' user
        assertThat(Repository.read("search-worker/Dockerfile")).contains("mkdir -p " + checkpointDir);
        assertThat(Repository.read("profiler-agent/Dockerfile")).contains("mkdir -p " + identityDir);
    }

    @Test
    void theWorkerMountsTheDatasetsReadOnly() {
        List<String> volumes = list(service("search-worker").get("volumes")).stream().map(String::valueOf)
                .collect(Collectors.toList());
        assertThat(volumes).anyMatch(v -> v.endsWith(":/usr/share/datasets:ro"));
        assertThat(volumes).anyMatch(v -> v.endsWith(":/data:ro"));
    }

    @Test
    void imagesAreTaggedWithTheMavenVersion() {
        for (String name : List.of("api-service", "search-worker", "profiler-agent")) {
            assertThat(String.valueOf(service(name).get("image")))
                    .isEqualTo("slimfit/" + name + ":${SLIMFIT_VERSION:-" + Repository.version() + "}");
            assertThat(String.valueOf(at(service(name), "build.dockerfile"))).isEqualTo(name + "/Dockerfile");
        }
    }

    @Test
    void theGpuOverrideReservesAnNvidiaGpuForTheWorker() {
        Map<String, Object> gpu = services(GPU);
        assertThat(gpu.keySet()).containsExactly("search-worker");
        Map<String, Object> device = map(list(at(map(gpu.get("search-worker")),
                "deploy.resources.reservations.devices")).get(0));
        assertThat(device).containsEntry("driver", "nvidia").containsEntry("count", 1);
        assertThat(list(device.get("capabilities"))).containsExactly("gpu");
    }

    // ---- helpers ----

    private static String file(String name) {
        return Repository.file(name).toString();
    }

    /** A throwaway env file: the example with a dummy value for every variable. */
    private Path envFile() throws IOException {
        StringBuilder text = new StringBuilder();
        envEntries(Repository.read(ENV_EXAMPLE)).keySet()
                .forEach(name -> text.append(name).append("=test-").append(name).append('\n'));
        Path envFile = temp.resolve("slimfit.env");
        Files.writeString(envFile, text);
        return envFile;
    }

    private static Map<String, String> envEntries(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] kv = trimmed.split("=", 2);
            entries.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return entries;
    }

    /** docker compose (the plugin), else docker-compose; skips the test with how to get one when neither runs. */
    private static List<String> composeCommand() throws InterruptedException {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            Optional<Result> result = tryRun(version, Map.of());
            if (result.isPresent() && result.get().exitCode() == 0) {
                return candidate;
            }
        }
        assumeTrue(false, "SKIPPED: no compose implementation to validate docker-compose.yml with: neither"
                + " 'docker compose' nor 'docker-compose' runs here. Install one (Debian: apt-get install"
                + " docker-compose; .ci/run does) or the Docker Compose plugin; the YAML checks still ran.");
        throw new AssertionError("unreachable");
    }

    private Result run(List<String> compose, Path envFile, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of(args));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SLIMFIT_ENV_FILE", envFile.toString());
        return tryRun(command, env).orElseThrow(() -> new AssertionError("could not start " + command));
    }

    private static Optional<Result> tryRun(List<String> command, Map<String, String> extraEnv)
            throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        // the user's own settings must not change what is checked
        builder.environment().keySet().removeIf(k -> k.startsWith("SLIMFIT_") || k.startsWith("COMPOSE_"));
        builder.environment().putAll(extraEnv);
        try {
            Path out = Files.createTempFile("compose", ".out");
            Path err = Files.createTempFile("compose", ".err");
            try {
                Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " did not finish in 120 s");
                }
                return Optional.of(new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8)));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return Optional.empty();   // not installed
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }
}
