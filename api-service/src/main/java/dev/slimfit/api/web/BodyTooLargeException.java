package dev.slimfit.api.web;

import java.io.IOException;

/** Thrown while reading a request body once it has grown past the configured limit. */
public final class BodyTooLargeException extends IOException {

    BodyTooLargeException(long maxBytes) {
        super("the request body exceeds " + maxBytes + " bytes");
    }
}
