package dev.slimfit.models.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Platform;
import ai.djl.util.Utils;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one way Slimfit obtains DJL's PyTorch engine. Workers and profiler agents run where at most Maven Central is
 * reachable, and a latency measurement must be reproducible, so the engine must load the libtorch that the build put
 * on the classpath and never touch the network.
 * <p>
 * What DJL 0.36 does, and what that requires:
 * <ul>
 *   <li>libtorch comes from {@code ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64} (or {@code -cu128} under
 *       the {@code cuda} Maven profile): DJL finds {@code native/lib/pytorch.properties} in that jar and extracts the
 *       libraries into its cache ({@code ~/.djl.ai/pytorch/...}, moved with {@code ENGINE_CACHE_DIR}). Without the
 *       jar DJL would download libtorch; {@link #engine()} refuses that case up front with a clear message.</li>
 *   <li>The JNI bridge {@code libdjl_torch.so} comes from {@code pytorch-jni:2.7.1-0.36.0}, which holds the cpu and
 *       cu128 builds for linux-x86_64; a version mismatch with libtorch would also trigger a download.</li>
 *   <li>{@code ai.djl.offline=true} makes every DJL HTTP call fail instead of connecting, and skips the telemetry
 *       call that DJL's {@code Engine} class makes while it initialises (it probes the EC2 metadata address).
 *       Because that happens on the first touch of any DJL engine class, applications must call
 *       {@link #applyOfflineSettings()} (or {@link #engine()}) before any other DJL use, or pass the properties on
 *       the command line; the Maven build sets them for tests.</li>
 *   <li>{@code PYTORCH_FLAVOR} is not needed: DJL only consults it when it downloads or when
 *       {@code PYTORCH_LIBRARY_PATH} points at an operator-installed libtorch (which stays supported).</li>
 * </ul>
 */
public final class OfflinePyTorch {

    /** DJL's name of the PyTorch engine. */
    public static final String ENGINE_NAME = "PyTorch";
    /**
     * The engine and its description once loaded: every later lookup would probe the platform (and CUDA) again and
     * log it, thousands of times per latency table.
     */
    private static Engine loaded;
    private static EngineInfo description;

    /** Properties set unless the operator already chose a value (environment variables take precedence in DJL). */
    private static final Map<String, String> OFFLINE_SETTINGS = offlineSettings();

    private OfflinePyTorch() {
    }

    private static Map<String, String> offlineSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ai.djl.offline", "true");
        settings.put("OPT_OUT_TRACKING", "true");
        settings.put("ai.djl.default_engine", ENGINE_NAME);
        return Map.copyOf(settings);
    }

    /** Sets DJL's offline properties where they are unset; safe to call any number of times. */
    public static void applyOfflineSettings() {
        OFFLINE_SETTINGS.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
        warnAboutThreadEnvironmentOnce();
    }

    private static volatile boolean environmentChecked;

    /**
     * libtorch's OpenMP threads spin while idle unless {@code OMP_WAIT_POLICY=PASSIVE}, and the variable must be set
     * before the process starts: a JVM cannot set it for itself. Every launcher Slimfit ships sets it (the
     * {@code ./slimfit} script, the images, compose, the chart); a role started by hand without it is told, once.
     */
    private static void warnAboutThreadEnvironmentOnce() {
        if (environmentChecked) {
            return;
        }
        environmentChecked = true;
        String policy = System.getenv("OMP_WAIT_POLICY");
        if (policy == null || !policy.equalsIgnoreCase("PASSIVE")) {
            org.slf4j.LoggerFactory.getLogger(OfflinePyTorch.class).warn("OMP_WAIT_POLICY is {}, not PASSIVE: idle"
                    + " libtorch threads spin, and training or timing on a small machine can run several times slower;"
                    + " start this process with OMP_WAIT_POLICY=PASSIVE (and MALLOC_MMAP_THRESHOLD_=268435456"
                    + " MALLOC_TOP_PAD_=268435456 for repeatable timings)", policy == null ? "unset" : policy);
        }
    }

    /**
     * The PyTorch engine, loaded from the bundled native jar.
     *
     * @throws EngineSetupException if no bundled libtorch matches this machine or the engine fails to load
     */
    public static synchronized Engine engine() {
        if (loaded != null) {
            return loaded;
        }
        applyOfflineSettings();
        requireBundledNatives();
        try {
            loaded = Engine.getEngine(ENGINE_NAME);
            return loaded;
        } catch (RuntimeException e) {
            throw new EngineSetupException("DJL could not load the PyTorch engine from the bundled native jar: "
                    + e.getMessage(), e);
        }
    }

    /** A new root manager on the engine's default device; the caller closes it. */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    /** A new root manager on {@code device}; the caller closes it. */
    public static NDManager newManager(Device device) {
        return engine().newBaseManager(device);
    }

    /** GPU 0 when the engine sees one, otherwise the CPU. */
    public static Device defaultDevice() {
        return engine().defaultDevice();
    }

    /** Engine name and version, the libtorch flavour in use and the GPUs visible to it. */
    public static synchronized EngineInfo describe() {
        if (description == null) {
            Engine engine = engine();
            description = new EngineInfo(engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(),
                    bundledPlatform().getFlavor(), engine.getGpuCount());
        }
        return description;
    }

    /**
     * Fails before DJL would start a download: either {@code PYTORCH_LIBRARY_PATH} names an installed libtorch, or a
     * pytorch-native jar for this OS, architecture and CUDA version is on the classpath.
     */
    private static void requireBundledNatives() {
        if (Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH") != null) {
            return;
        }
        Platform platform = bundledPlatform();
        if (platform.isPlaceholder()) {
            throw new EngineSetupException("no bundled PyTorch native library matches this machine ("
                    + platform.getOsPrefix() + "-" + platform.getOsArch() + "); put"
                    + " ai.djl.pytorch:pytorch-native-cpu:" + platform.getVersion() + ":linux-x86_64 on the"
                    + " classpath (the models module's default profile), use -Dcuda only on machines with CUDA 12.8,"
                    + " or set PYTORCH_LIBRARY_PATH; DJL is kept offline and will not download one");
        }
    }

    private static Platform bundledPlatform() {
        return Platform.detectPlatform("pytorch");
    }
}
