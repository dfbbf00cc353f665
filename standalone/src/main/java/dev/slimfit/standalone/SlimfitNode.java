package dev.slimfit.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import dev.slimfit.models.engine.OfflinePyTorch;

/**
 * The {@code ./slimfit} commands: {@code up} starts a local node in the background, {@code demo [--quick]} also
 * profiles this CPU and runs a search, {@code status} and {@code stop} do what they say, {@code --clean} starts
 * afresh, {@code --state DIR} chooses the state folder. {@code node} runs the node in this process (what
 * {@code up} starts).
 */
public final class SlimfitNode {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(3);

    private SlimfitNode() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        Path stateDir = option(rest, "--state").map(Path::of).orElse(NodeState.defaultDir());
        boolean clean = rest.remove("--clean");
        boolean quick = rest.remove("--quick");
        String command = rest.isEmpty() ? "help" : rest.remove(0);
        PrintStream out = System.out;
        int code = switch (command) {
            case "node" -> node(stateDir, clean);
            case "up" -> up(stateDir, clean, out) ? 0 : 1;
            case "demo" -> up(stateDir, clean, out) ? demo(stateDir, quick, out) : 1;
            case "status" -> status(stateDir, out);
            case "stop" -> stop(stateDir, out);
            default -> {
                out.println("""
                        usage: ./slimfit demo [--quick]   start a local node, profile this CPU, run an AOWS search
                               ./slimfit up               start a local node (API, worker, profiler agent)
                               ./slimfit status           is it running, where, with what
                               ./slimfit stop             stop it (jobs and tables are kept)
                        options: --clean (delete the node's state first)  --state DIR (default ~/.slimfit/node)""");
                yield command.equals("help") ? 0 : 2;
            }
        };
        System.exit(code);
    }

    /** The demo against the running node; a refusal or a failed wait is reported as a message, not a trace. */
    private static int demo(Path stateDir, boolean quick, PrintStream out) throws Exception {
        try {
            return new Demo(NodeState.open(stateDir), quick, out).run();
        } catch (ApiClient.ApiError | IllegalStateException e) {
            out.println();
            out.println("The demo stopped: " + e.getMessage());
            out.println("The node's log is " + stateDir.resolve(NodeState.LOG));
            return 1;
        }
    }

    /** Runs the node in this process until it is stopped (SIGTERM). */
    private static int node(Path stateDir, boolean clean) throws Exception {
        quietStartupLogging();
        OfflinePyTorch.applyOfflineSettings();
        if (clean) {
            deleteState(stateDir);
        }
        NodeState state = NodeState.open(stateDir);
        LocalNode node = LocalNode.start(state);
        Files.writeString(state.pidFile(), Long.toString(ProcessHandle.current().pid()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            try {
                Files.deleteIfExists(state.pidFile());
            } catch (IOException e) {
                // the next start overwrites it
            }
            stopped.countDown();
        }, "slimfit-node-stop"));
        System.out.println("Slimfit node ready at " + node.url());
        stopped.await();
        return 0;
    }

    /** Starts the node in the background unless it is running; prints where it is and, the first time, its keys. */
    static boolean up(Path stateDir, boolean clean, PrintStream out) throws Exception {
        if (clean) {
            if (NodeState.open(stateDir).runningNode().isPresent()) {
                stop(stateDir, out);
            }
            deleteState(stateDir);
        }
        NodeState state = NodeState.open(stateDir);
        boolean firstStart = state.created();
        Optional<ProcessHandle> running = state.runningNode();
        if (running.isPresent()) {
            out.println("Slimfit node already running (pid " + running.get().pid() + ") at " + state.apiUrl());
            return true;
        }
        Path log = stateDir.resolve(NodeState.LOG);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions());
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath)); // the executable jar: its launcher finds the classes
        } else {
            command.addAll(List.of("-cp", classPath, SlimfitNode.class.getName()));
        }
        command.addAll(List.of("node", "--state", stateDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Training and timing want these (bench/worker): OpenMP threads that sleep instead of spinning, and glibc
        // keeping freed memory instead of returning it to the kernel after every step.
        builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        builder.environment().putIfAbsent("MALLOC_MMAP_THRESHOLD_", "268435456");
        builder.environment().putIfAbsent("MALLOC_TOP_PAD_", "268435456");
        builder.environment().put("DJL_OFFLINE", "true");
        out.println("Starting the Slimfit node (state in " + stateDir + ", log in " + log + ") ...");
        // Chosen here, before the node starts, so that this process polls the health the node will serve.
        state.managementPort();
        Process process = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // Ready once every role has started (the node writes its pid file last) and the API says UP.
        while (!(ownPidFile(state, process) && ApiClient.healthy(state.managementUrl()))) {
            if (!process.isAlive()) {
                out.println("The node stopped while starting (exit " + process.exitValue() + "). Last lines of "
                        + log + ":");
                tail(log, 25).forEach(line -> out.println("  " + line));
                return false;
            }
            if (System.nanoTime() > deadline) {
                out.println("The node did not become healthy within " + START_TIMEOUT.toMinutes() + " minutes; see "
                        + log);
                return false;
            }
            Thread.sleep(500);
        }
        out.println("Slimfit node running (pid " + process.pid() + ")");
        out.println("  API and dashboard: " + state.apiUrl() + "/   OpenAPI: " + state.apiUrl() + "/swagger-ui.html");
        if (firstStart) {
            out.println("  Admin key (shown this once; also in " + stateDir.resolve(NodeState.SETTINGS) + ", mode 0600):");
            out.println("    " + state.get("admin-key"));
        }
        out.println("  Stop it with: ./slimfit stop");
        return true;
    }

    private static boolean ownPidFile(NodeState state, Process process) {
        return state.runningNode().map(handle -> handle.pid() == process.pid()).orElse(false);
    }

    private static int status(Path stateDir, PrintStream out) throws Exception {
        if (!Files.exists(stateDir.resolve(NodeState.SETTINGS))) {
            out.println("No Slimfit node in " + stateDir + " (start one with ./slimfit up)");
            return 3;
        }
        NodeState state = NodeState.open(stateDir);
        Optional<ProcessHandle> running = state.runningNode();
        if (running.isEmpty()) {
            out.println("Slimfit node stopped (state in " + stateDir + "); start it with ./slimfit up");
            return 3;
        }
        ApiClient api = new ApiClient(state.apiUrl());
        out.println("Slimfit node running (pid " + running.get().pid() + ") at " + state.apiUrl() + ", health "
                + (ApiClient.healthy(state.managementUrl()) ? "UP" : "not UP yet"));
        Optional<String> demoKey = state.optional(Demo.TEAM_KEY);
        if (demoKey.isPresent() && ApiClient.healthy(state.managementUrl())) {
            out.println("  " + api.withKey(demoKey.get()).summary());
        }
        return 0;
    }

    static int stop(Path stateDir, PrintStream out) throws Exception {
        if (!Files.exists(stateDir.resolve(NodeState.SETTINGS))) {
            out.println("No Slimfit node in " + stateDir);
            return 0;
        }
        Optional<ProcessHandle> running = NodeState.open(stateDir).runningNode();
        if (running.isEmpty()) {
            out.println("Slimfit node is not running");
            return 0;
        }
        out.println("Stopping the Slimfit node (pid " + running.get().pid() + "); a running job checkpoints first");
        running.get().destroy();
        try {
            running.get().onExit().get(STOP_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            out.println("It did not stop within " + STOP_TIMEOUT.toMinutes() + " minutes; killing it");
            running.get().destroyForcibly();
        }
        out.println("Stopped");
        return 0;
    }

    private static List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        for (String option : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("-Xmx") || option.startsWith("-Xms") || option.startsWith("-XX:")) {
                options.add(option);
            }
        }
        return options;
    }

    private static void deleteState(Path stateDir) throws IOException {
        List<Path> folders = new ArrayList<>(List.of(stateDir));
        folders.add(LocalPostgres.homeFor(stateDir).getParent());
        for (Path folder : folders) {
            if (!Files.exists(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static List<String> tail(Path file, int lines) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> all = Files.readAllLines(file);
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }

    private static Optional<String> option(List<String> args, String name) {
        int index = args.indexOf(name);
        if (index < 0 || index + 1 >= args.size()) {
            return Optional.empty();
        }
        String value = args.get(index + 1);
        args.remove(index + 1);
        args.remove(index);
        return Optional.of(value);
    }

    /** Before Spring configures logging: the broker and database start at INFO, not logback's default DEBUG. */
    private static void quietStartupLogging() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.INFO);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.qpid")).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("qpid")).setLevel(Level.WARN);
    }
}
