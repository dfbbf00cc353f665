package dev.slimfit.core.latency;

import dev.slimfit.core.cost.LayerCost;
import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A planted latency table for tests and benchmarks: each unknown costs a roofline-like mix of compute, memory
 * traffic and launch overhead, scaled by a random per-cell factor, plus a constant t0; measurements add
 * multiplicative Gaussian noise. Not a model of any real device.
 */
public final class SimulatedDevice {

    private final SearchSpace space;
    private final LatencyTable planted;
    private final Random noise;
    private final double noiseShare;

    public SimulatedDevice(SearchSpace space, long seed, double cellJitterShare, double noiseShare) {
        this.space = space;
        this.noise = new Random(seed ^ 0x5DEECE66DL);
        this.noiseShare = noiseShare;
        Random random = new Random(seed);
        LatencyCells cells = LatencyCells.of(space);
        double[] latencyMs = new double[cells.unknownCount()];
        for (int id = 0; id < latencyMs.length; id++) {
            LatencyCell cell = cells.unknown(id);
            LayerKey key = cell.key();
            LayerSpec layer = new LayerSpec(key.kind() == LayerKind.LINEAR ? LayerKind.LINEAR : key.kind(), key.kernel(),
                    key.stride(), key.inputResolution(), cell.outputWidth(), List.of(cell.outputWidth()));
            double macs = LayerCost.macs(layer, cell.inputWidth(), cell.outputWidth());
            double activations = (double) cell.inputWidth() * key.inputResolution() * key.inputResolution()
                    + (double) cell.outputWidth() * layer.outputResolution() * layer.outputResolution();
            // 20 GMAC/s compute, 4 GB/s memory for fp32 activations, 20 us per kernel launch; channel counts that
            // are not multiples of 32 waste a share of each SIMD step.
            double simdWaste = 1 + 0.15 * ((cell.outputWidth() % 32) != 0 ? 1 : 0);
            double ms = macs / 20e6 * simdWaste + activations * 4 / 4e6 + 0.02;
            latencyMs[id] = ms * (1 + cellJitterShare * random.nextDouble());
        }
        this.planted = LatencyTable.of(cells, latencyMs, new int[cells.unknownCount()], 0.5);
    }

    public LatencyTable planted() {
        return planted;
    }

    public SearchSpace space() {
        return space;
    }

    /** The planted latency with multiplicative Gaussian noise. */
    public Measurement measure(int[] widths) {
        double ms = planted.predictMs(widths) * (1 + noiseShare * noise.nextGaussian());
        return new Measurement(widths, Math.max(0, ms));
    }

    public List<Measurement> measureAll(List<int[]> configurations) {
        List<Measurement> result = new ArrayList<>();
        for (int[] widths : configurations) {
            result.add(measure(widths));
        }
        return result;
    }

    public static int[] randomWidths(SearchSpace space, Random random) {
        int[] widths = new int[space.layerCount()];
        for (int i = 0; i < widths.length; i++) {
            List<Integer> choices = space.layer(i).widthChoices();
            widths[i] = choices.get(random.nextInt(choices.size()));
        }
        return widths;
    }
}
