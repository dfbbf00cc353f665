package dev.slimfit.models.engine;

/**
 * What runs the networks, recorded with every measurement so that timings from different runtimes are never mixed.
 *
 * @param engineName    DJL engine name ({@code PyTorch})
 * @param engineVersion libtorch version as DJL reports it
 * @param djlVersion    DJL API version
 * @param nativeFlavor  libtorch build flavour ({@code cpu}, {@code cu128}, ...)
 * @param gpuCount      GPUs the engine can use
 */
public record EngineInfo(String engineName, String engineVersion, String djlVersion, String nativeFlavor,
                         int gpuCount) {
}
