package dev.slimfit.models.timing;

import dev.slimfit.models.engine.EngineInfo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a latency table was measured on. Profiler agents send it when they register, and a changed fingerprint on
 * the same device name means the old table no longer describes that device.
 *
 * @param cpuModel         CPU model name from /proc/cpuinfo (or the architecture where that is unavailable)
 * @param logicalCores     logical cores this JVM may use (container limits included)
 * @param totalMemoryBytes physical memory visible to the JVM (container limits included)
 * @param osName           operating system name
 * @param osVersion        kernel or OS version
 * @param osArch           CPU architecture as the JVM names it
 * @param jvm              JVM vendor and version
 * @param engine           deep-learning runtime
 * @param intraOpThreads   libtorch intra-op threads when probed
 * @param interOpThreads   libtorch inter-op threads when probed
 * @param gpus             GPU names, one per GPU the engine sees; empty without GPUs
 */
public record HardwareFingerprint(String cpuModel, int logicalCores, long totalMemoryBytes, String osName,
                                  String osVersion, String osArch, String jvm, EngineInfo engine, int intraOpThreads,
                                  int interOpThreads, List<String> gpus) {

    public HardwareFingerprint {
        gpus = List.copyOf(gpus);
    }

    /**
     * A short stable hash of what determines speed (hardware, runtime, threads), excluding the OS and JVM versions
     * that change with routine patching.
     */
    public String id() {
        String key = String.join("|", cpuModel, Integer.toString(logicalCores), Long.toString(totalMemoryBytes),
                osArch, engine.engineName(), engine.engineVersion(), engine.nativeFlavor(),
                Integer.toString(intraOpThreads), Integer.toString(interOpThreads), String.join(",", gpus));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
