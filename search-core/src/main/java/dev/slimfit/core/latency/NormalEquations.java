package dev.slimfit.core.latency;

import org.ejml.data.DMatrixRMaj;

import java.util.List;

/**
 * {@code M^T M} and {@code M^T y} of the design matrix with one extra column of ones for the offset t0, built
 * straight from each sample's unknown ids (a row has only L + 2 non-zeros, so M is never formed). Latencies are
 * divided by {@link #scaleMs} (their mean) so that solver tolerances do not depend on the unit.
 */
final class NormalEquations {

    final int unknowns;
    final DMatrixRMaj gram;
    final double[] rhs;
    final int[] observations;
    final double scaleMs;
    final double meanDiagonal;

    NormalEquations(LatencyCells cells, List<int[]> sampleIds, double[] latencyMs) {
        unknowns = cells.unknownCount();
        int size = unknowns + 1;
        gram = new DMatrixRMaj(size, size);
        rhs = new double[size];
        observations = new int[unknowns];
        double sum = 0;
        for (double y : latencyMs) {
            sum += y;
        }
        scaleMs = latencyMs.length == 0 || sum <= 0 ? 1 : sum / latencyMs.length;
        double[] data = gram.data;
        for (int s = 0; s < sampleIds.size(); s++) {
            int[] ids = withOffset(sampleIds.get(s));
            double y = latencyMs[s] / scaleMs;
            for (int id : ids) {
                rhs[id] += y;
                if (id < unknowns) {
                    observations[id]++;
                }
                int row = id * size;
                for (int other : ids) {
                    data[row + other] += 1;
                }
            }
        }
        double diagonal = 0;
        for (int j = 0; j < unknowns; j++) {
            diagonal += gram.get(j, j);
        }
        meanDiagonal = Math.max(diagonal / unknowns, 1e-12);
    }

    private int[] withOffset(int[] ids) {
        int[] all = new int[ids.length + 1];
        System.arraycopy(ids, 0, all, 0, ids.length);
        all[ids.length] = unknowns;
        return all;
    }
}
