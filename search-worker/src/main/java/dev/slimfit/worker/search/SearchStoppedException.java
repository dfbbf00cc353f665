package dev.slimfit.worker.search;

/** The search stopped on request (cancel or shutdown) after writing a checkpoint when it had trained at all. */
public final class SearchStoppedException extends RuntimeException {

    private final SearchListener.Stop reason;

    public SearchStoppedException(SearchListener.Stop reason) {
        super("search stopped: " + reason);
        this.reason = reason;
    }

    public SearchListener.Stop reason() {
        return reason;
    }
}
