package dev.slimfit.api.error;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON value that parsed but cannot be accepted: a control character (NUL and friends) in a string or a
 * number too large to be finite. Thrown while reading a body, so Jackson records the field's path; the problem
 * handler answers 422 naming that field.
 */
public class InvalidJsonValueException extends MismatchedInputException {

    public InvalidJsonValueException(JsonParser parser, String message) {
        super(parser, message);
    }
}
