package dev.slimfit.core.decode;

/** No configuration of the space meets the budget (for instance, a latency table changed under the job). */
public final class InfeasibleBudgetException extends RuntimeException {

    public InfeasibleBudgetException(String message) {
        super(message);
    }
}
