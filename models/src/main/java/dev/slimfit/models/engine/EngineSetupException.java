package dev.slimfit.models.engine;

/** The deep-learning engine cannot start here (missing or mismatched native library); an operator must act. */
public class EngineSetupException extends RuntimeException {

    public EngineSetupException(String message) {
        super(message);
    }

    public EngineSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
