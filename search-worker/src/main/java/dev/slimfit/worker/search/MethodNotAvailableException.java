package dev.slimfit.worker.search;

import dev.slimfit.core.contract.SearchMethod;

/** This worker version does not implement the requested method. */
public final class MethodNotAvailableException extends RuntimeException {

    public MethodNotAvailableException(SearchMethod method) {
        super("method " + method + " is not available in this worker version; use AOWS, OWS or UNIFORM");
    }
}
