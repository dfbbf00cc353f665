/**
 * Chain-MRF decoders over unary scores and a pairwise cost table: exact max-sum
 * ({@link dev.slimfit.core.decode.Viterbi}), Gibbs marginals and sampling
 * ({@link dev.slimfit.core.decode.ChainMarginals}), budgeted decoding
 * ({@link dev.slimfit.core.decode.LagrangianDecoder}; the exact trade-off curve
 * {@link dev.slimfit.core.decode.ParetoCurve} behind {@link dev.slimfit.core.decode.ExactCurveDecoder}; the
 * discretised {@link dev.slimfit.core.decode.ExactBudgetDecoder}, kept as a fallback and benchmark comparison), Pareto
 * fronts and the uniform-multiplier baseline. All decoders work on choice positions and are stateless, hence
 * thread-safe. Unknown unaries are NaN and need an explicit {@link dev.slimfit.core.decode.UnknownWidthPolicy}.
 */
package dev.slimfit.core.decode;
