package dev.slimfit.deploy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value of helm/slimfit/values.yaml is explained there (a "# --" comment right above it) and listed in the
 * values table of docs/deploy.md. A commented key stands for everything below it (e.g. a probe or a resources
 * block); an uncommented key must be a mapping whose keys are all documented.
 */
class ChartValuesDocumentationTest {

    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_.\\-/]+):(.*)$");

    @Test
    void everyValueHasACommentInValuesYaml() {
        List<String> undocumented = new ArrayList<>();
        for (Value value : values()) {
            if (!value.documented() && !value.hasChildren()) {
                undocumented.add(value.path());
            }
        }
        assertThat(undocumented).as("values without a '# --' comment above them").isEmpty();
    }

    @Test
    void everyDocumentedValueIsInTheTableOfDocsDeploy() {
        String docs = Repository.read("docs/deploy.md");
        List<String> missing = new ArrayList<>();
        for (Value value : values()) {
            if (value.documented() && !docs.contains("| `" + value.path() + "` |")) {
                missing.add(value.path());
            }
        }
        assertThat(missing).as("values missing from the table in docs/deploy.md").isEmpty();
    }

    @Test
    void theLineParserSeesWhatYamlSees() {
        Map<String, Object> parsed = Repository.yamlMap(Repository.read("helm/slimfit/values.yaml"));
        for (Value value : values()) {
            Object current = parsed;
            for (String key : value.path().split("\\.")) {
                assertThat(current).as(value.path()).isInstanceOf(Map.class);
                current = ((Map<?, ?>) current).get(key);
            }
        }
        assertThat(values()).extracting(Value::path).contains("worker.gpu.enabled", "secrets.existingSecret",
                "agent.kind", "api.ingress.enabled", "podSecurityContext");
    }

    /** A key of values.yaml, as a dotted path, with whether a "# --" comment precedes it. */
    record Value(String path, boolean documented, boolean hasChildren) {
    }

    private static List<Value> values() {
        String[] lines = Repository.read("helm/slimfit/values.yaml").split("\n");
        List<Value> values = new ArrayList<>();
        Deque<int[]> indents = new ArrayDeque<>();   // indentation of the enclosing keys
        Deque<String> names = new ArrayDeque<>();
        Deque<Boolean> covered = new ArrayDeque<>(); // whether an enclosing key is documented
        for (int i = 0; i < lines.length; i++) {
            Matcher m = KEY.matcher(lines[i]);
            if (!m.matches()) {
                continue;                            // comments, list items, blank lines
            }
            int indent = m.group(1).length();
            while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                indents.pop();
                names.pop();
                covered.pop();
            }
            if (covered.contains(true)) {
                continue;                            // inside a block documented as a whole
            }
            boolean documented = commentAbove(lines, i);
            boolean hasChildren = m.group(3).isBlank() && nextKeyIndent(lines, i) > indent;
            List<String> path = new ArrayList<>(names);
            java.util.Collections.reverse(path);
            path.add(m.group(2));
            values.add(new Value(String.join(".", path), documented, hasChildren));
            indents.push(new int[] {indent});
            names.push(m.group(2));
            covered.push(documented);
        }
        return values;
    }

    /** Whether the comment block right above line i holds a "# --" description. */
    private static boolean commentAbove(String[] lines, int i) {
        for (int j = i - 1; j >= 0; j--) {
            String line = lines[j].strip();
            if (!line.startsWith("#")) {
                return false;
            }
            if (line.startsWith("# --")) {
                return true;
            }
        }
        return false;
    }

    private static int nextKeyIndent(String[] lines, int i) {
        for (int j = i + 1; j < lines.length; j++) {
            String line = lines[j];
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            return line.length() - line.stripLeading().length();
        }
        return -1;
    }
}
