package dev.slimfit.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import static dev.slimfit.deploy.Repository.at;
import static dev.slimfit.deploy.Repository.list;
import static dev.slimfit.deploy.Repository.map;

/** helm/slimfit rendered by Helm itself (helm-java: Helm's Go code in-process, no helm binary). */
final class Chart {

    static final String RELEASE = "demo";

    private Chart() {
    }

    static Path directory() {
        return Repository.file("helm/slimfit");
    }

    static Helm helm() {
        return new Helm(directory());
    }

    /** The manifests for the default values plus {@code sets} (key, value, key, value, ...). */
    static Manifests render(String... sets) {
        if (sets.length % 2 != 0) {
            throw new IllegalArgumentException("sets come in pairs");
        }
        TemplateCommand template = helm().template().withName(RELEASE).withNamespace("slimfit");
        for (int i = 0; i < sets.length; i += 2) {
            template = template.set(sets[i], sets[i + 1]);
        }
        return new Manifests(Repository.yamlDocuments(template.call()));
    }

    /** The rendered documents, with look-ups by kind and role. */
    record Manifests(List<Map<String, Object>> documents) {

        List<Map<String, Object>> ofKind(String kind) {
            return documents.stream().filter(d -> kind.equals(d.get("kind"))).collect(Collectors.toList());
        }

        /** Workloads (Deployment, DaemonSet) of one role: api, worker or agent. */
        List<Map<String, Object>> workloads(String component) {
            return documents.stream()
                    .filter(d -> List.of("Deployment", "DaemonSet", "StatefulSet").contains(d.get("kind")))
                    .filter(d -> component.equals(at(d, "metadata.labels")
                            instanceof Map<?, ?> labels ? labels.get("app.kubernetes.io/component") : null))
                    .collect(Collectors.toList());
        }

        /** The one workload of a role. */
        Map<String, Object> workload(String component) {
            List<Map<String, Object>> found = workloads(component);
            if (found.size() != 1) {
                throw new AssertionError("expected one workload for " + component + ", found " + found.size());
            }
            return found.get(0);
        }

        Optional<Map<String, Object>> named(String kind, String name) {
            return ofKind(kind).stream().filter(d -> name.equals(at(d, "metadata.name"))).findFirst();
        }
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(at(workload, "spec.template.spec"));
    }

    static Map<String, Object> container(Map<String, Object> workload) {
        List<Object> containers = list(podSpec(workload).get("containers"));
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, found " + containers.size());
        }
        return map(containers.get(0));
    }

    /** A container's env entries by name (the entry itself, to see value or valueFrom). */
    static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> e = map(entry);
            if (env.put(String.valueOf(e.get("name")), e) != null) {
                throw new AssertionError("env " + e.get("name") + " is set twice");
            }
        }
        return env;
    }

    /** A container's plain env values (entries with value:). */
    static Map<String, String> plainEnv(Map<String, Object> container) {
        Map<String, String> plain = new LinkedHashMap<>();
        env(container).forEach((name, e) -> {
            if (e.containsKey("value")) {
                plain.put(name, String.valueOf(e.get("value")));
            }
        });
        return plain;
    }

    static String checksum(Map<String, Object> workload) {
        Object value = at(workload, "spec.template.metadata.annotations") instanceof Map<?, ?> annotations
                ? annotations.get("checksum/config") : null;
        return value == null ? null : value.toString();
    }

    /** The volume of a pod spec with this name. */
    static Map<String, Object> volume(Map<String, Object> workload, String name) {
        return list(podSpec(workload).get("volumes")).stream().map(Repository::map)
                .filter(v -> name.equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    /** Where a container mounts a volume. */
    static String mountPath(Map<String, Object> container, String volume) {
        return list(container.get("volumeMounts")).stream().map(Repository::map)
                .filter(m -> volume.equals(m.get("name"))).map(m -> String.valueOf(m.get("mountPath")))
                .findFirst().orElseThrow(() -> new AssertionError("no mount of " + volume));
    }
}
