package dev.slimfit.models.timing;

import ai.djl.util.cuda.CudaUtils;
import dev.slimfit.models.engine.EngineInfo;
import dev.slimfit.models.engine.EngineThreads;
import dev.slimfit.models.engine.OfflinePyTorch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads this machine's {@link HardwareFingerprint} from the JVM, /proc and the engine. */
public final class HardwareProbe {

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final Path NVIDIA_GPUS = Path.of("/proc/driver/nvidia/gpus");

    private HardwareProbe() {
    }

    public static HardwareFingerprint probe() {
        EngineInfo engine = OfflinePyTorch.describe();
        return new HardwareFingerprint(cpuModel(), Runtime.getRuntime().availableProcessors(), totalMemoryBytes(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"),
                engine, EngineThreads.intraOp(), EngineThreads.interOp(), gpuNames(engine.gpuCount()));
    }

    /** "model name" on x86, "Model" or "Hardware" on ARM boards; the architecture when none is readable. */
    static String cpuModel() {
        try (Stream<String> lines = Files.lines(CPU_INFO)) {
            return lines.map(line -> line.split(":", 2))
                    .filter(parts -> parts.length == 2)
                    .filter(parts -> List.of("model name", "Model", "Hardware").contains(parts[0].trim()))
                    .map(parts -> parts[1].trim())
                    .filter(value -> !value.isEmpty())
                    .findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static long totalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * DJL counts GPUs but does not name them; the NVIDIA driver's /proc entries do (in PCI bus order, which matches
     * CUDA's numbering only under {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}; on the usual one-GPU machine it does not
     * matter). Falls back to the compute capability DJL reports.
     */
    private static List<String> gpuNames(int gpuCount) {
        List<String> names = new ArrayList<>();
        List<Path> driverEntries = nvidiaDriverEntries();
        for (int i = 0; i < gpuCount; i++) {
            Optional<String> model = i < driverEntries.size() ? driverModel(driverEntries.get(i)) : Optional.empty();
            int index = i;
            names.add(model.orElseGet(() -> "GPU " + index + " (compute capability "
                    + CudaUtils.getComputeCapability(index) + ")"));
        }
        return names;
    }

    private static List<Path> nvidiaDriverEntries() {
        if (!Files.isDirectory(NVIDIA_GPUS)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(NVIDIA_GPUS)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<String> driverModel(Path gpuEntry) {
        try (Stream<String> lines = Files.lines(gpuEntry.resolve("information"))) {
            return lines.filter(line -> line.startsWith("Model:"))
                    .map(line -> line.substring("Model:".length()).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
