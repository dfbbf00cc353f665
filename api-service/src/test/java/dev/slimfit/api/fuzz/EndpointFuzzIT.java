package dev.slimfit.api.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slimfit.api.fuzz.ApiOperations.Operation;
import dev.slimfit.api.fuzz.ApiOperations.Parameter;
import dev.slimfit.api.fuzz.Mutations.Case;
import dev.slimfit.api.fuzz.RawExchange.Answer;
import dev.slimfit.api.fuzz.RawExchange.Header;
import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.api.support.ExternalServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A seeded, generated fuzz of every operation the API's own OpenAPI document lists (so a new endpoint is fuzzed
 * without touching this test): for each, a few dozen broken requests (bodies, fields, query values, headers, path
 * values, path shapes, methods; see {@link Mutations}), each sent once with a credential of the role the operation
 * takes and once with a wrong, malformed or absent one. Every answer must be below 500; every 4xx must be
 * problem+json with a Slimfit {@code type} and the answer's {@code status}, without Java in it; a request with a
 * malformed or unknown credential must never succeed; and a refused request must leave every table as it was
 * (the whole store is hashed after each request; a request that succeeded may change it, and the next one is
 * compared with what it left). All violations are collected and reported together.
 *
 * <p>Runs on a server of its own (and, without Docker, a database of its own) with the rate limits out of reach
 * and leases longer than the run, so that nothing but the fuzz's requests writes to the store. The seed is
 * printed; {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.cases=N} sets the cases per operation.
 */
class EndpointFuzzIT {

    private static final String TYPES = "https://slimfit.dev/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MIN_OPERATIONS = 20;
    private static final int SHOWN = 30;
    private static final String WORKER_ID = "w-fuzz";

    private static ApiTestServer server;
    private static ApiClient api;

    /** Known rows for path values, so that requests get past the lookups to the code that reads their input. */
    private static final Map<String, String> ids = new HashMap<>();
    private static final Map<String, String> secrets = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        Map<String, Object> props = new HashMap<>();
        props.put("slimfit.api.rate-limit.failed-authentication.burst", 1_000_000);
        props.put("slimfit.api.rate-limit.failed-authentication.per-second", 100_000);
        props.put("slimfit.api.rate-limit.team-requests.burst", 1_000_000);
        props.put("slimfit.api.rate-limit.team-requests.per-second", 100_000);
        props.put("slimfit.api.rate-limit.team-submits.burst", 1_000_000);
        props.put("slimfit.api.rate-limit.team-submits.per-second", 100_000);
        // No lease may run out during the run: its sweep would change rows under a refused request.
        props.put("slimfit.api.job-lease", "1h");
        props.put("slimfit.api.profiling-lease", "1h");
        props.put("slimfit.api.profiling-task-size", 10);
        // Thousands of refusals: each is logged at WARN by design; only errors matter here.
        props.put("logging.level.dev.slimfit.api", "ERROR");
        props.put("logging.level.org.apache.coyote", "WARN");
        props.put("logging.level.org.apache.catalina", "WARN");
        props.put("logging.level.org.springframework.web", "ERROR");
        props.put("logging.level.org.springframework.security", "ERROR");
        if (!ExternalServices.useDocker()) {
            props.put("spring.datasource.url", ExternalServices.newLocalDatabaseUrl());
        }
        server = ApiTestServer.start(props);
        api = server.client();
        setUpRows();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A violation of the contract: what was sent, and what came back. */
    record Violation(String rule, String method, String target, String request, String credential, int status,
                     String excerpt) {

        @Override
        public String toString() {
            return rule + ": " + method + " " + Mutations.printable(shorten(target, 160)) + " [" + request
                    + "; credential: " + credential + "] -> " + status + " " + excerpt;
        }
    }

    @Test
    void noInputGetsA5xxOrAnErrorThatIsNotAProblemOrChangesWhatIsStored() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20_260_115L);
        int perOperation = Integer.getInteger("fuzz.cases", 60);
        System.out.println("EndpointFuzzIT: seed " + seed + " (replay with -Dfuzz.seed=" + seed + "), " + perOperation
                + " cases per operation");

        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("target", "fuzz-violations.txt"));
        Response docs = api.get("/v3/api-docs", ApiTestServer.ADMIN_KEY);
        assertThat(docs.status()).as(docs.body()).isEqualTo(200);
        ApiOperations document = new ApiOperations(docs.json());
        List<Operation> operations = new ArrayList<>(document.under("/api/v1/"));
        assertThat(operations).as("operations in the OpenAPI document: a document this small means endpoints "
                + "are missing from it, and the fuzz would not reach them").hasSizeGreaterThanOrEqualTo(MIN_OPERATIONS);
        // Operations that end or revoke what the others use go last, so the others meet live rows.
        operations.sort(Comparator.comparingInt(EndpointFuzzIT::destructiveness));

        List<Violation> violations = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int requests = 0;
        long started = System.nanoTime();
        try (StoreSnapshot store = new StoreSnapshot(server.bean(DataSource.class))) {
            System.out.println("EndpointFuzzIT: watching tables " + store.tables());
            // The snapshot must see a write, or "nothing changed" would hold vacuously.
            Map<String, String> state = store.take();
            ok(api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY,
                    "{\"name\":\"fuzz-probe-" + UUID.randomUUID().toString().substring(0, 8) + "\"}"));
            Map<String, String> written = store.take();
            assertThat(StoreSnapshot.changed(state, written)).as("a new team changes the snapshot")
                    .anyMatch(t -> t.startsWith("teams ") || t.startsWith("api_keys "));
            state = written;
            for (Operation op : operations) {
                Random random = new Random(seed ^ op.key().hashCode());
                Mutations.Base base = base(document, op);
                Case plain = Mutations.baseCase(op, base);
                String role = null;
                for (String candidate : secrets.keySet()) {
                    Answer answer = send(plain, "Bearer " + secrets.get(candidate));
                    requests++;
                    statuses.merge(answer.status(), 1, Integer::sum);
                    state = check(op, plain, candidate, false, answer, state, store, violations);
                    if (answer.status() != 401 && answer.status() != 403) {
                        role = candidate;
                        break;
                    }
                }
                if (role == null) {
                    violations.add(new Violation("no credential opens this operation", op.method(), plain.target(),
                            plain.summary(), "each of " + secrets.keySet(), 403, ""));
                    role = secrets.keySet().iterator().next();
                }
                List<Credential> wrong = wrongCredentials(role);
                for (Case c : Mutations.generate(op, base, random, perOperation)) {
                    Answer right = send(c, "Bearer " + secrets.get(role));
                    requests++;
                    statuses.merge(right.status(), 1, Integer::sum);
                    state = check(op, c, role, false, right, state, store, violations);

                    Credential bad = wrong.get(random.nextInt(wrong.size()));
                    Answer refused = send(c, bad.authorization());
                    requests++;
                    statuses.merge(refused.status(), 1, Integer::sum);
                    boolean malformed = !secrets.containsKey(bad.label());
                    state = check(op, c, bad.label(), malformed, refused, state, store, violations);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "EndpointFuzzIT: seed %d, %d operations, %d requests in %.1f s, statuses %s, "
                + "%d violations%n", seed, operations.size(), requests, seconds, statuses, violations.size());

        if (!violations.isEmpty()) {
            Map<String, Integer> byRule = new TreeMap<>();
            violations.forEach(v -> byRule.merge(v.rule(), 1, Integer::sum));
            StringBuilder report = new StringBuilder(violations.size() + " violations (seed " + seed + ", replay with "
                    + "-Dfuzz.seed=" + seed + "), by rule " + byRule + "; the first " + Math.min(SHOWN,
                    violations.size()) + ":\n");
            violations.stream().limit(SHOWN).forEach(v -> report.append("  ").append(v).append('\n'));
            java.nio.file.Path all = java.nio.file.Path.of("target", "fuzz-violations.txt");
            java.nio.file.Files.write(all, violations.stream().map(Violation::toString).toList());
            report.append("all of them in ").append(all.toAbsolutePath()).append('\n');
            throw new AssertionError(report.toString());
        }
    }

    // ---------------------------------------------------------------- checks

    private static Map<String, String> check(Operation op, Case c, String credential, boolean malformedCredential,
            Answer answer, Map<String, String> before, StoreSnapshot store, List<Violation> violations)
            throws Exception {
        int status = answer.status();
        String body = answer.bodyText();
        java.util.function.Consumer<String> violation = rule -> violations.add(new Violation(rule, c.method(),
                c.target(), c.summary() + " (operation " + op.key() + ")", credential, status,
                excerpt(answer)));
        if (status < 0) {
            violation.accept("no HTTP answer (" + answer.failure() + ")");
        } else if (status >= 500) {
            violation.accept("server error");
        } else if (status >= 400) {
            String type = answer.header("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
                violation.accept("error that is not problem+json (Content-Type " + type + ")");
            } else {
                JsonNode problem = null;
                try {
                    problem = JSON.readTree(body);
                } catch (RuntimeException e) {
                    violation.accept("problem+json that does not parse");
                }
                if (problem != null) {
                    if (!problem.path("type").isString() || !problem.path("type").asString().startsWith(TYPES)) {
                        violation.accept("problem without a Slimfit type");
                    }
                    if (problem.path("status").asInt(-1) != status) {
                        violation.accept("problem whose status is not the answer's");
                    }
                    if (body.contains("java.") || body.contains("dev.slimfit") || body.contains("tools.jackson")
                            || body.contains("org.springframework") || body.contains("org.apache")) {
                        violation.accept("problem that shows Java internals");
                    }
                }
            }
        } else if (malformedCredential) {
            violation.accept("a malformed or unknown credential was let through");
        }
        Map<String, String> after = store.take();
        boolean refused = status < 0 || status >= 400;
        if (refused || malformedCredential) {
            List<String> changed = StoreSnapshot.changed(before, after);
            if (!changed.isEmpty()) {
                violation.accept("a refused request changed what is stored: " + changed);
            }
        }
        return after;
    }

    private static String excerpt(Answer answer) {
        String type = answer.header("Content-Type");
        String body = answer.bodyText().replaceAll("\\s+", " ");
        return "(" + type + ") " + Mutations.printable(shorten(body, 240));
    }

    private static String shorten(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "..." : text;
    }

    private static Answer send(Case c, String authorization) {
        List<Header> headers = new ArrayList<>(c.headers());
        if (authorization != null) {
            headers.add(new Header("Authorization", authorization));
        }
        return RawExchange.send(server.port(), c.method(), c.target(), headers, c.body());
    }

    /** An Authorization header to send (null: none), by what it is. */
    record Credential(String label, String authorization) {
    }

    /** Credentials that must not open the operation: malformed, unknown, absent, and the other roles' secrets. */
    private static List<Credential> wrongCredentials(String role) {
        List<Credential> wrong = new ArrayList<>();
        String right = secrets.get(role);
        wrong.add(new Credential("none", null));
        wrong.add(new Credential("unknown team key", "Bearer sf_" + UUID.randomUUID().toString().replace("-", "")));
        wrong.add(new Credential("unknown device token", "Bearer sfd_" + UUID.randomUUID().toString().replace("-", "")));
        wrong.add(new Credential("empty bearer", "Bearer "));
        wrong.add(new Credential("scheme only", "Bearer"));
        wrong.add(new Credential("Basic", "Basic eDp5"));
        wrong.add(new Credential("right secret with an extra character", "Bearer " + right + "x"));
        wrong.add(new Credential("right secret cut short", "Bearer " + right.substring(0, right.length() - 1)));
        wrong.add(new Credential("right secret without a scheme", right));
        wrong.add(new Credential("5000-character bearer", "Bearer " + "a".repeat(5000)));
        wrong.add(new Credential("bearer with byte 0xff", "Bearer sf_\u00ff"));
        for (String other : secrets.keySet()) {
            if (!other.equals(role)) {
                wrong.add(new Credential(other, "Bearer " + secrets.get(other)));
            }
        }
        return wrong;
    }

    // ---------------------------------------------------------------- base requests

    private static int destructiveness(Operation op) {
        String t = op.template();
        if (op.method().equals("DELETE") || t.endsWith("/revoke")) {
            return 3;
        }
        if (t.endsWith("/outcome") || t.endsWith("/release") || t.endsWith("/cancel") || t.endsWith("/fail")
                || t.endsWith("/complete")) {
            return 2;
        }
        return 0;
    }

    private static Mutations.Base base(ApiOperations document, Operation op) {
        Map<String, String> path = new LinkedHashMap<>();
        for (Parameter p : op.in("path")) {
            path.put(p.name(), pathValue(op.template(), p));
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (Parameter p : op.in("query")) {
            JsonNode schema = p.schema();
            boolean integer = "integer".equals(ApiOperations.type(schema));
            if (p.required()) {
                query.put(p.name(), named(p.name(), schema) != null ? named(p.name(), schema).asString()
                        : document.sample(schema, null, (n, s) -> null, 0).asString());
            } else if (integer && schema.has("default") && schema.has("minimum")
                    && schema.get("default").asLong() > schema.get("minimum").asLong()) {
                // the smallest allowed: a long-poll's wait, a page's size
                query.put(p.name(), Long.toString(schema.get("minimum").asLong()));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Parameter p : op.in("header")) {
            String name = p.name().toLowerCase(Locale.ROOT);
            if (name.equals("content-type") || name.equals("accept") || name.equals("authorization")) {
                continue;
            }
            headers.put(p.name(), name.contains("worker") ? WORKER_ID : "fuzz-" + p.name().length());
        }
        JsonNode body = null;
        byte[] raw = null;
        if (op.bodyType() != null) {
            if (op.bodyType().contains("json")) {
                body = document.sample(op.bodySchema(), null, EndpointFuzzIT::named, 0);
            } else {
                raw = "fuzz artifact bytes".getBytes(StandardCharsets.UTF_8);
            }
        }
        return new Mutations.Base(path, query, headers, body, raw);
    }

    /** Values chosen by property name, so that a body gets past the checks in front of the one being broken. */
    private static JsonNode named(String name, JsonNode schema) {
        return switch (name) {
            case "workerId" -> NODES.stringNode(WORKER_ID);
            case "deviceId" -> NODES.stringNode(ids.get("device"));
            case "searchSpace" -> NODES.stringNode("fmnist-small");
            case "dataset" -> NODES.stringNode("fashion-mnist");
            case "runtime" -> NODES.stringNode("djl-pytorch-cpu");
            case "name" -> NODES.stringNode("fuzz-" + UUID.randomUUID().toString().substring(0, 8));
            case "outcomeId" -> NODES.stringNode(UUID.randomUUID().toString());
            default -> null;
        };
    }

    private static String pathValue(String template, Parameter p) {
        String name = p.name();
        if (name.equals("teamId")) {
            return ids.get("spareTeam");
        }
        if (name.equals("keyId")) {
            return ids.get("spareKey");
        }
        if (name.equals("deviceId")) {
            return ids.get("device");
        }
        if (name.equals("name")) {
            return template.contains("/artifacts/") ? "arch.json" : "fmnist-small";
        }
        if (name.equals("id")) {
            if (template.startsWith("/api/v1/worker/jobs/")) {
                return ids.get("claimedJob");
            }
            if (template.startsWith("/api/v1/jobs/")) {
                return ids.get("job");
            }
            if (template.startsWith("/api/v1/devices/")) {
                return template.endsWith("/revoke") ? ids.get("spareDevice") : ids.get("device");
            }
            if (template.startsWith("/api/v1/latency-tables/")) {
                return ids.get("table");
            }
            if (template.startsWith("/api/v1/profiling-tasks/")) {
                return ids.get("task");
            }
        }
        return "uuid".equals(p.schema().path("format").asString("")) || name.endsWith("Id") || name.equals("id")
                ? UUID.randomUUID().toString() : "fuzz";
    }

    // ---------------------------------------------------------------- rows the requests point at

    private static void setUpRows() {
        Response team = ok(api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY,
                "{\"name\":\"fuzz-" + UUID.randomUUID().toString().substring(0, 8) + "\"}"));
        String teamKey = team.json().get("apiKey").asString();
        Response spare = ok(api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY,
                "{\"name\":\"fuzz-spare-" + UUID.randomUUID().toString().substring(0, 8) + "\"}"));
        ids.put("spareTeam", spare.json().get("teamId").asString());
        ids.put("spareKey", spare.json().get("keyId").asString());

        Response device = ok(api.post("/api/v1/devices", ApiTestServer.ENROLLMENT_SECRET, "{\"name\":\"fuzz-dev-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"runtime\":\"djl-pytorch-cpu\","
                + "\"hardware\":{\"cpu\":\"test\"}}"));
        ids.put("device", device.json().get("deviceId").asString());
        String deviceToken = device.json().get("token").asString();
        Response spareDevice = ok(api.post("/api/v1/devices", ApiTestServer.ENROLLMENT_SECRET, "{\"name\":\"fuzz-dev-"
                + UUID.randomUUID().toString().substring(0, 8) + "\",\"runtime\":\"djl-pytorch-cpu\","
                + "\"hardware\":{\"cpu\":\"test\"}}"));
        ids.put("spareDevice", spareDevice.json().get("deviceId").asString());

        String job = "{\"method\":\"UNIFORM\",\"searchSpace\":\"fmnist-small\",\"dataset\":\"fashion-mnist\","
                + "\"budget\":{\"params\":1000000}}";
        ids.put("job", ok(api.post("/api/v1/jobs", teamKey, job)).json().get("id").asString());
        String claimed = ok(api.post("/api/v1/jobs", teamKey, job)).json().get("id").asString();
        ok(api.post("/api/v1/worker/jobs/" + claimed + "/claim", ApiTestServer.WORKER_SECRET,
                "{\"workerId\":\"" + WORKER_ID + "\"}"));
        ids.put("claimedJob", claimed);
        ok(api.send("PUT", "/api/v1/worker/jobs/" + claimed + "/artifacts/arch.json", ApiTestServer.WORKER_SECRET,
                "{\"widths\":[1]}", List.of("Content-Type", "application/json", "X-Worker-Id", WORKER_ID)));

        Response table = ok(api.post("/api/v1/latency-tables", teamKey, "{\"deviceId\":\"" + ids.get("device")
                + "\",\"searchSpace\":\"fmnist-small\",\"batchSize\":1,\"samples\":40,\"validationSamples\":10}"));
        ids.put("table", table.json().get("id").asString());
        Response task = ok(api.post("/api/v1/profiling-tasks/claim?waitSeconds=0", deviceToken, null));
        ids.put("task", task.json().get("taskId").asString());

        secrets.put("team key", teamKey);
        secrets.put("admin key", ApiTestServer.ADMIN_KEY);
        secrets.put("worker secret", ApiTestServer.WORKER_SECRET);
        secrets.put("device token", deviceToken);
        secrets.put("enrollment secret", ApiTestServer.ENROLLMENT_SECRET);
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 299);
        return response;
    }
}
