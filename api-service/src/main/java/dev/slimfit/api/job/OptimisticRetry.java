package dev.slimfit.api.job;

import java.util.function.Supplier;

import org.springframework.dao.OptimisticLockingFailureException;

/** Re-runs a whole transaction when it lost an optimistic-locking race, a bounded number of times. */
final class OptimisticRetry {

    private static final int ATTEMPTS = 5;

    private OptimisticRetry() {
    }

    static <T> T run(Supplier<T> transaction) {
        OptimisticLockingFailureException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return transaction.get();
            } catch (OptimisticLockingFailureException e) {
                last = e;
            }
        }
        throw last;
    }
}
