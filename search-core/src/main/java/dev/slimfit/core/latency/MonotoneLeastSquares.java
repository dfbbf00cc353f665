package dev.slimfit.core.latency;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Solves {@code min 1/2 ||M x + t0 - y||^2 + lambda/2 ||x||^2 + K/2 sum_p max(0, x_narrow(p) - x_wide(p))^2}
 * subject to {@code x >= 0} and {@code t0 >= 0} by ADMM with the splits {@code z = (x, t0)} (projection onto the
 * non-negative orthant) and {@code w = D x} (the one-sided penalty, whose proximal step is closed form). With
 * every entry and the offset non-negative, no configuration can be predicted to take negative time.
 *
 * <p>Why ADMM: its linear step has the fixed matrix {@code M^T M + lambda I + rho (I + D^T D)}, which depends on
 * neither K nor the active sets, so one EJML Cholesky factorisation serves every iteration and every K of the
 * grid; an iteration then costs two triangular solves with the factor (about 2n^2 flops, about 3 ms at
 * n = 1,600; the factor and its transpose are kept row-major so both sweeps read memory in order). Active-set or
 * projected-Newton methods would refactorise whenever the set of zero entries or violated pairs changes.
 */
final class MonotoneLeastSquares {

    private static final double OVER_RELAXATION = 1.6;

    private final int n;
    private final int size;
    private final int[][] pairs;
    private final double rho;
    private final double[] baseRhs;
    private final double[] lower;
    private final double[] upper;

    // ADMM state, kept between solves so that each K of the grid starts from the previous solution.
    private final double[] z;
    private final double[] u;
    private final double[] w;
    private final double[] v;
    private final double[] theta;

    MonotoneLeastSquares(NormalEquations equations, int[][] pairs, double ridge, double rho) {
        this.n = equations.unknowns;
        this.size = n + 1;
        this.pairs = pairs;
        this.rho = rho;
        this.baseRhs = equations.rhs.clone();
        DMatrixRMaj system = equations.gram.copy();
        for (int j = 0; j < n; j++) {
            system.add(j, j, ridge + rho);
        }
        for (int[] pair : pairs) {
            system.add(pair[0], pair[0], rho);
            system.add(pair[1], pair[1], rho);
            system.add(pair[0], pair[1], -rho);
            system.add(pair[1], pair[0], -rho);
        }
        // t0 is split and projected like x, so its row gets rho too (which also keeps it definite with no samples).
        system.add(n, n, rho);
        CholeskyDecomposition_F64<DMatrixRMaj> cholesky = DecompositionFactory_DDRM.chol(size, true);
        if (!cholesky.decompose(system)) {
            throw new IllegalStateException("latency normal equations are not positive definite");
        }
        DMatrixRMaj factor = cholesky.getT(null);
        lower = factor.data;
        upper = CommonOps_DDRM.transpose(factor, null).data;
        z = new double[size];
        u = new double[size];
        w = new double[pairs.length];
        v = new double[pairs.length];
        theta = new double[size];
    }

    /** Result in the scaled units of {@link NormalEquations}; {@code x} and the offset are non-negative. */
    record Solution(double[] x, double offset, int iterations, boolean converged) {
    }

    Solution solve(double penaltyK, int maxIterations, double tolerance) {
        double[] dx = new double[pairs.length];
        double[] zPrevious = new double[size];
        double[] wPrevious = new double[pairs.length];
        double[] dualChange = new double[size];
        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations) {
            iteration++;
            // Linear step: (G + lambda I + rho (I + D^T D)) theta = M^T y + rho ((z - u) + D^T (w - v)).
            double[] b = theta;
            System.arraycopy(baseRhs, 0, b, 0, size);
            for (int j = 0; j < size; j++) {
                b[j] += rho * (z[j] - u[j]);
            }
            for (int p = 0; p < pairs.length; p++) {
                double value = rho * (w[p] - v[p]);
                b[pairs[p][0]] += value;
                b[pairs[p][1]] -= value;
            }
            TriangularSolver_DDRM.solveL(lower, b, size);
            TriangularSolver_DDRM.solveU(upper, b, size);
            double[] x = theta;
            System.arraycopy(z, 0, zPrevious, 0, size);
            System.arraycopy(w, 0, wPrevious, 0, pairs.length);
            // Projection step for x >= 0 and t0 >= 0 (over-relaxed).
            for (int j = 0; j < size; j++) {
                double relaxed = OVER_RELAXATION * x[j] + (1 - OVER_RELAXATION) * z[j];
                z[j] = Math.max(0, relaxed + u[j]);
                u[j] += relaxed - z[j];
            }
            // Proximal step of K/2 max(0, w)^2: shrink positive violations, keep the rest.
            for (int p = 0; p < pairs.length; p++) {
                dx[p] = x[pairs[p][0]] - x[pairs[p][1]];
                double relaxed = OVER_RELAXATION * dx[p] + (1 - OVER_RELAXATION) * w[p];
                double s = relaxed + v[p];
                w[p] = s <= 0 ? s : rho * s / (penaltyK + rho);
                v[p] += relaxed - w[p];
            }
            if (converged(x, dx, zPrevious, wPrevious, dualChange, tolerance)) {
                converged = true;
                break;
            }
        }
        return new Solution(java.util.Arrays.copyOf(z, n), z[n], iteration, converged);
    }

    private boolean converged(double[] x, double[] dx, double[] zPrevious, double[] wPrevious, double[] dualChange,
                              double tolerance) {
        double primal = 0;
        double primalScale = 0;
        double constraintScale = 0;
        for (int j = 0; j < size; j++) {
            double r = x[j] - z[j];
            primal += r * r;
            primalScale += x[j] * x[j];
            constraintScale += z[j] * z[j];
            dualChange[j] = z[j] - zPrevious[j];
        }
        for (int p = 0; p < pairs.length; p++) {
            double r = dx[p] - w[p];
            primal += r * r;
            primalScale += dx[p] * dx[p];
            constraintScale += w[p] * w[p];
            double change = w[p] - wPrevious[p];
            dualChange[pairs[p][0]] += change;
            dualChange[pairs[p][1]] -= change;
        }
        double dual = 0;
        for (int j = 0; j < size; j++) {
            dual += dualChange[j] * dualChange[j];
        }
        dual = rho * Math.sqrt(dual);
        double dualScale = 0;
        double[] scaled = new double[size];
        for (int j = 0; j < size; j++) {
            scaled[j] = u[j];
        }
        for (int p = 0; p < pairs.length; p++) {
            scaled[pairs[p][0]] += v[p];
            scaled[pairs[p][1]] -= v[p];
        }
        for (double value : scaled) {
            dualScale += value * value;
        }
        double absolute = tolerance * Math.sqrt(size + pairs.length);
        boolean primalOk = Math.sqrt(primal) <= absolute + tolerance * Math.sqrt(Math.max(primalScale, constraintScale));
        boolean dualOk = dual <= absolute + tolerance * rho * Math.sqrt(dualScale);
        return primalOk && dualOk;
    }
}
