package dev.slimfit.worker.method;

import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.checkpoint.Checkpoint;

import java.util.List;

/**
 * A search method as the {@link PhaseRunner} runs it: its phases in order and the state they share. The method
 * owns that state entirely (what it holds, how it is saved into checkpoint sections and read back); the runner
 * only decides which phase runs next, writes the checkpoints and reports progress.
 * <p>
 * Adding a method means a package of its own under {@code dev.slimfit.worker.method} implementing this interface,
 * and one line in {@link MethodRegistry}.
 *
 * @param <S> the method's state
 */
public interface SearchMethodPlugin<S extends MethodState> {

    /** The method this plug-in runs (one plug-in may serve several related methods, e.g. OWS and AOWS). */
    SearchMethod method();

    /**
     * Checks the request before any data is read or anything trained (the budget above all), throwing the engine's
     * typed exceptions.
     */
    void check(SearchRequest request);

    /** The phases in the order they run. Their names are written into checkpoints: keep them stable. */
    List<Phase<S>> phases();

    /** The state before the first phase. */
    S start(JobContext job);

    /** The state as a checkpoint written by one of this method's phases left it. */
    S restore(JobContext job, Checkpoint checkpoint);

    /** The result once every phase has run. */
    SearchOutcome outcome(JobContext job, S state);
}
