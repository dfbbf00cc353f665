package dev.slimfit.deploy;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfiles and the Jib images (the "images" profile of each role's pom) describe the same image: user,
 * environment, main class, JVM flags, ports. Jib itself cannot run here (it pulls its base image from a registry),
 * so this compares the configuration.
 */
class ImagesTest {

    private static final List<String> ROLES = List.of("api-service", "search-worker", "profiler-agent");

    @ParameterizedTest
    @ValueSource(strings = {"search-worker", "profiler-agent"})
    void libtorchRolesCarryTheThreadAndAllocatorSettingsInBothImages(String role) throws Exception {
        Map<String, String> dockerfile = Repository.dockerfileEnv(Repository.read(role + "/Dockerfile"));
        assertThat(dockerfile).containsAllEntriesOf(Repository.NATIVE_ENV);
        Map<String, String> jib = jibEnvironment(role);
        // Jib has no useradd, so it also sets HOME; everything else is the same
        Map<String, String> jibWithoutHome = new LinkedHashMap<>(jib);
        assertThat(jibWithoutHome.remove("HOME")).isEqualTo("/home/slimfit");
        assertThat(jibWithoutHome).isEqualTo(dockerfile);
    }

    @Test
    void theApiImageNeedsNoNativeSettings() throws Exception {
        assertThat(Repository.dockerfileEnv(Repository.read("api-service/Dockerfile"))).isEmpty();
        assertThat(jibEnvironment("api-service")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-service", "search-worker", "profiler-agent"})
    void bothImagesRunTheSameMainClassAsTheSameNonRootUser(String role) throws Exception {
        String dockerfile = Repository.read(role + "/Dockerfile");
        String user = Repository.dockerfileInstruction(dockerfile, "USER");
        assertThat(user).isEqualTo("10001:0");
        assertThat(text(rootJibConfiguration(), "container/user")).isEqualTo(user);

        Element jib = jibConfiguration(role);
        String mainClass = text(jib, "container/mainClass");
        assertThat(Repository.file(role + "/src/main/java/" + mainClass.replace('.', '/') + ".java"))
                .as("main class %s", mainClass).exists();
        // the Dockerfile runs the exec jar, whose Start-Class Spring Boot's plugin finds: the one main() there
        assertThat(Files.readString(Repository.file(role + "/src/main/java/" + mainClass.replace('.', '/')
                + ".java"))).contains("public static void main(");

        String entrypoint = Repository.dockerfileInstruction(dockerfile, "ENTRYPOINT");
        for (String flag : texts(jib, "container/jvmFlags/jvmFlag")) {
            if (flag.startsWith("-XX:")) {
                assertThat(entrypoint).as("%s in both images", flag).contains("\"" + flag + "\"");
            }
        }
        assertThat(text(jib, "to/image")).startsWith("slimfit/" + role + ":${project.version}");
        assertThat(Repository.dockerfileInstruction(dockerfile, "FROM")).isEqualTo("${BASE_IMAGE}");
        assertThat(dockerfile).contains("ARG BASE_IMAGE=eclipse-temurin:17-jre");
    }

    @Test
    void theApiExposesItsPortsInBothImages() throws Exception {
        // the API's and actuator's (management.server.port's default)
        assertThat(Repository.dockerfileInstruction(Repository.read("api-service/Dockerfile"), "EXPOSE"))
                .isEqualTo("8080 8081");
        assertThat(texts(jibConfiguration("api-service"), "container/ports/port")).containsExactly("8080", "8081");
        assertThat(Repository.at(Repository.yamlMap(Repository.read("api-service/src/main/resources/application.yml")),
                "management.server.port")).isEqualTo("${SLIMFIT_MANAGEMENT_PORT:8081}");
    }

    @Test
    void jibIsPinnedAndOnlyRunsUnderTheImagesProfile() throws Exception {
        Document root = parse("pom.xml");
        assertThat(text(root.getDocumentElement(), "properties/jib-maven-plugin.version")).isEqualTo("3.5.2");
        assertThat(text(root.getDocumentElement(), "properties/jib.baseImage")).isEqualTo("eclipse-temurin:17-jre");
        for (String role : ROLES) {
            Element project = parse(role + "/pom.xml").getDocumentElement();
            // never in the default build: a plain ./mvnw verify must not need a registry
            for (Element plugin : children(child(child(project, "build"), "plugins"), "plugin")) {
                assertThat(text(plugin, "artifactId")).as(role).isNotEqualTo("jib-maven-plugin");
            }
            Element execution = child(child(jibPlugin(role), "executions"), "execution");
            assertThat(text(execution, "phase")).isEqualTo("package");
            assertThat(text(execution, "goals/goal")).isEqualTo("buildTar");
        }
        assertThat(text(rootJibConfiguration(), "outputPaths/tar")).isEqualTo("${project.build.directory}/jib-image.tar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"search-worker", "profiler-agent"})
    void theJibStateDirectoriesAreTheDockerfilesAndGroupWritable(String role) throws Exception {
        Element jib = jibConfiguration(role);
        String from = text(jib, "extraDirectories/paths/path/from").replace("${project.basedir}/../", "");
        assertThat(Repository.file(from)).isDirectory();
        String dockerfile = Repository.read(role + "/Dockerfile");
        List<Element> permissions = children(child(child(jib, "extraDirectories"), "permissions"), "permission");
        assertThat(permissions).isNotEmpty();
        for (Element permission : permissions) {
            String path = text(permission, "file");
            assertThat(text(permission, "mode")).as(path).isEqualTo("770");
            assertThat(Repository.file(from + path)).as("%s in %s", path, from).isDirectory();
            assertThat(dockerfile).as("the Dockerfile owns %s too", path).contains(path);
        }
        assertThat(dockerfile).contains("chmod -R 0770");
    }

    @Test
    void theGpuWorkerImageTakesAnotherBaseAndTag() throws Exception {
        Element profile = profile("search-worker");
        assertThat(text(profile, "properties/jib.worker.baseImage")).isEqualTo("${jib.baseImage}");
        Element jib = jibConfiguration("search-worker");
        assertThat(text(jib, "from/image")).isEqualTo("${jib.worker.baseImage}");
        assertThat(text(jib, "to/image")).endsWith("${jib.worker.tagSuffix}");
    }

    @Test
    void theChartAndComposeUseTheImagesPaths() {
        Map<String, String> worker = Repository.dockerfileEnv(Repository.read("search-worker/Dockerfile"));
        Map<String, String> agent = Repository.dockerfileEnv(Repository.read("profiler-agent/Dockerfile"));
        Chart.Manifests manifests = Chart.render();
        Map<String, String> chartWorker = Chart.plainEnv(Chart.container(manifests.workload("worker")));
        Map<String, String> chartAgent = Chart.plainEnv(Chart.container(manifests.workload("agent")));
        assertThat(chartWorker.get("SLIMFIT_CHECKPOINT_DIR")).isEqualTo(worker.get("SLIMFIT_CHECKPOINT_DIR"));
        assertThat(chartWorker.get("DJL_CACHE_DIR")).isEqualTo(worker.get("DJL_CACHE_DIR"));
        assertThat(chartAgent.get("SLIMFIT_AGENT_IDENTITY_FILE")).isEqualTo(agent.get("SLIMFIT_AGENT_IDENTITY_FILE"));
        assertThat(chartAgent.get("DJL_CACHE_DIR")).isEqualTo(agent.get("DJL_CACHE_DIR"));
        assertThat(Chart.mountPath(Chart.container(manifests.workload("worker")), "djl-cache"))
                .isEqualTo("/var/cache/slimfit");
    }

    // ---- pom reading ----

    private static Map<String, String> jibEnvironment(String role) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        Element environment = child(child(jibConfiguration(role), "container"), "environment");
        if (environment != null) {
            for (Element e : children(environment, null)) {
                env.put(e.getTagName(), e.getTextContent().strip());
            }
        }
        return env;
    }

    private static Element profile(String role) throws Exception {
        Element profiles = child(parse(role + "/pom.xml").getDocumentElement(), "profiles");
        return children(profiles, "profile").stream().filter(p -> "images".equals(text(p, "id"))).findFirst()
                .orElseThrow(() -> new AssertionError(role + " has no images profile"));
    }

    private static Element jibPlugin(String role) throws Exception {
        Element plugins = child(child(profile(role), "build"), "plugins");
        return children(plugins, "plugin").stream()
                .filter(p -> "jib-maven-plugin".equals(text(p, "artifactId"))).findFirst()
                .orElseThrow(() -> new AssertionError(role + ": no jib-maven-plugin in the images profile"));
    }

    private static Element jibConfiguration(String role) throws Exception {
        return child(jibPlugin(role), "configuration");
    }

    private static Element rootJibConfiguration() throws Exception {
        Element plugins = child(child(child(parse("pom.xml").getDocumentElement(), "build"), "pluginManagement"),
                "plugins");
        Element jib = children(plugins, "plugin").stream()
                .filter(p -> "jib-maven-plugin".equals(text(p, "artifactId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no jib-maven-plugin in the root pluginManagement"));
        assertThat(text(jib, "version")).isEqualTo("${jib-maven-plugin.version}");
        return child(jib, "configuration");
    }

    private static Document parse(String pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(Repository.file(pom).toFile());
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> elements = new ArrayList<>();
        if (parent == null) {
            return elements;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && (name == null || name.equals(e.getTagName()))) {
                elements.add(e);
            }
        }
        return elements;
    }

    private static String text(Element element, String path) {
        Element current = element;
        for (String step : path.split("/")) {
            current = child(current, step);
            if (current == null) {
                throw new AssertionError("no " + path + " under " + element.getTagName());
            }
        }
        return current.getTextContent().strip();
    }

    private static List<String> texts(Element element, String path) {
        String[] steps = path.split("/");
        Element current = element;
        for (int i = 0; i < steps.length - 1; i++) {
            current = child(current, steps[i]);
        }
        return children(current, steps[steps.length - 1]).stream().map(e -> e.getTextContent().strip()).toList();
    }
}
