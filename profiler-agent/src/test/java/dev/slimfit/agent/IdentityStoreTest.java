package dev.slimfit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.json.JsonMapper;

/** Where the agent keeps its device token, and that only its owner can read it. */
class IdentityStoreTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void savingCreatesOwnerOnlyParentsAndAnOwnerOnlyFile() throws IOException {
        assumeTrue(posix(dir), "needs a file system with POSIX permissions");
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
        Path file = dir.resolve("state").resolve(".slimfit").resolve("agent-identity.json");
        IdentityStore store = store(file);
        assertThat(store.load()).isEmpty();

        DeviceIdentity identity = new DeviceIdentity(UUID.randomUUID(), "cpu-1", "sfd_secret");
        store.save(identity);

        assertThat(Files.getPosixFilePermissions(dir.resolve("state"))).isEqualTo(perms("rwx------"));
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(perms("rwx------"));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(perms("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir)).as("an existing directory is not ours to change")
                .isEqualTo(before);
        assertThat(store.load()).contains(identity);
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file is left behind").containsExactly(file);
        }
    }

    @Test
    void rewritingTightensAFileOthersCouldRead() throws IOException {
        assumeTrue(posix(dir), "needs a file system with POSIX permissions");
        Path file = dir.resolve("identity.json");
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, perms("rw-r--r--"));
        DeviceIdentity identity = new DeviceIdentity(UUID.randomUUID(), "cpu-2", "sfd_other");

        store(file).save(identity);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(perms("rw-------"));
        assertThat(store(file).load()).contains(identity);
    }

    @Test
    void savingWorksWithoutCreatingAnything() {
        Path file = dir.resolve("identity.json");
        DeviceIdentity identity = new DeviceIdentity(UUID.randomUUID(), "cpu-3", "sfd_x");
        store(file).save(identity);
        assertThat(store(file).load()).contains(identity);
    }

    @Test
    void theDefaultIdentityFileIsPerUserNotTheWorkingDirectory() {
        Path expected = Path.of(System.getProperty("user.home"), ".slimfit", "agent-identity.json");
        assertThat(AgentProperties.defaultIdentityFile()).isEqualTo(expected);

        AgentProperties bound = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("slimfit.agent", AgentProperties.class);
        assertThat(bound.identityFile()).isEqualTo(expected);
    }

    @Test
    void theAgentConfigDefaultsToTheUserStateDirectoryAndHonoursTheEnvironment() throws IOException {
        StandardEnvironment env = agentEnvironment(Map.of());
        assertThat(Path.of(env.getProperty("slimfit.agent.identity-file")))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".slimfit", "agent-identity.json"));

        StandardEnvironment overridden = agentEnvironment(Map.of("SLIMFIT_AGENT_IDENTITY_FILE", "/srv/agent/id.json"));
        assertThat(overridden.getProperty("slimfit.agent.identity-file")).isEqualTo("/srv/agent/id.json");
    }

    @Test
    void theAgentConfigQuietsDjlsPerMeasurementProbes() throws IOException {
        StandardEnvironment env = agentEnvironment(Map.of());
        assertThat(env.getProperty("logging.level.ai.djl")).isEqualTo("WARN");
        assertThat(env.getProperty("logging.level.ai.djl.util.Platform")).isEqualTo("WARN");
        assertThat(env.getProperty("logging.level.ai.djl.pytorch.jni.LibUtils")).isEqualTo("WARN");
        assertThat(env.getProperty("logging.level.ai.djl.engine.Engine")).isEqualTo("WARN");
        assertThat(env.getProperty("logging.level.ai.djl.util.cuda.CudaUtils")).isEqualTo("ERROR");
    }

    private static StandardEnvironment agentEnvironment(Map<String, Object> variables) throws IOException {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("profiler-agent",
                new ClassPathResource("profiler-agent.yml"))) {
            env.getPropertySources().addLast(source);
        }
        return env;
    }

    private static IdentityStore store(Path file) {
        return new IdentityStore(new Binder(new MapConfigurationPropertySource(Map.of(
                "slimfit.agent.identity-file", file.toString()))).bindOrCreate("slimfit.agent",
                AgentProperties.class), JSON);
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    private static Set<PosixFilePermission> perms(String text) {
        return PosixFilePermissions.fromString(text);
    }
}
