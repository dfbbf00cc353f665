package dev.slimfit.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The files under test, found from the system properties the module's pom sets. */
final class Repository {

    /** The thread and allocator settings every role running libtorch needs (see the Dockerfiles' comments). */
    static final Map<String, String> NATIVE_ENV = Map.of(
            "OMP_WAIT_POLICY", "PASSIVE",
            "MALLOC_MMAP_THRESHOLD_", "268435456",
            "MALLOC_TOP_PAD_", "268435456",
            "DJL_OFFLINE", "true",
            "OPT_OUT_TRACKING", "true");

    /** Names of environment variables that hold secrets. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|PASS|SECRET|KEY|TOKEN).*");

    private Repository() {
    }

    static Path root() {
        String root = System.getProperty("slimfit.repository.root");
        Path path = root != null ? Path.of(root) : Path.of("..");
        return path.toAbsolutePath().normalize();
    }

    /** The Maven project version (what Jib tags the images with). */
    static String version() {
        return System.getProperty("slimfit.version", "0.1.0-SNAPSHOT");
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(options);
    }

    /** One YAML document as a map (merge keys resolved). */
    static Map<String, Object> yamlMap(String text) {
        return map(yaml().load(text));
    }

    /** Every non-empty document of a multi-document stream. */
    static List<Map<String, Object>> yamlDocuments(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml().loadAll(text)) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new AssertionError("expected a mapping, got " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            throw new AssertionError("expected a list, got " + value);
        }
        return (List<Object>) value;
    }

    /** The value at a dotted path of nested maps, or null. */
    static Object at(Map<String, Object> root, String dottedPath) {
        Object current = root;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /**
     * The ENV of a Dockerfile, every ENV instruction with its continuation lines ({@code ENV A=1 \ B=2}); only the
     * {@code KEY=value} form.
     */
    static Map<String, String> dockerfileEnv(String dockerfile) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String instruction : dockerfileInstructions(dockerfile)) {
            if (instruction.startsWith("ENV ")) {
                Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)")
                        .matcher(instruction.substring(4));
                while (m.find()) {
                    env.put(m.group(1), m.group(2).replace("\"", ""));
                }
            }
        }
        return env;
    }

    /** A Dockerfile's instructions, continuation lines joined and comments dropped. */
    static List<String> dockerfileInstructions(String dockerfile) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                current.append(trimmed);
                instructions.add(current.toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return instructions;
    }

    /** The first instruction of a Dockerfile that starts with {@code keyword}, without it. */
    static String dockerfileInstruction(String dockerfile, String keyword) {
        return dockerfileInstructions(dockerfile).stream()
                .filter(i -> i.startsWith(keyword + " "))
                .map(i -> i.substring(keyword.length() + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + keyword + " in the Dockerfile"));
    }

    /** Seconds of a Spring or Compose duration such as {@code 150s}, {@code 3m} or {@code 1m30s}. */
    static long seconds(Object duration) {
        String text = String.valueOf(duration).strip();
        Matcher m = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?").matcher(text);
        if (!m.matches() || text.isEmpty()) {
            throw new AssertionError("not a duration in h/m/s: " + text);
        }
        long total = 0;
        if (m.group(1) != null) {
            total += Long.parseLong(m.group(1)) * 3600;
        }
        if (m.group(2) != null) {
            total += Long.parseLong(m.group(2)) * 60;
        }
        if (m.group(3) != null) {
            total += Long.parseLong(m.group(3));
        }
        return total;
    }

    /** How long a role's Spring shutdown phase may take: {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    static long springShutdownSeconds(String roleConfig) {
        Object timeout = at(yamlMap(read(roleConfig)), "spring.lifecycle.timeout-per-shutdown-phase");
        if (timeout == null) {
            throw new AssertionError(roleConfig + " sets no spring.lifecycle.timeout-per-shutdown-phase");
        }
        return seconds(timeout);
    }
}
