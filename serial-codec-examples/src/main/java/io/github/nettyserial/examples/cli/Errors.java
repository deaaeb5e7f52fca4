package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialException;
import java.util.concurrent.ExecutionException;

/** Turns an exception into the one line the tool prints. */
final class Errors {

    private Errors() {
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof ExecutionException || e.getClass() == RuntimeException.class) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static String describe(Throwable e) {
        if (e instanceof CliException && e.getCause() != null) {
            return e.getMessage() + ": " + describe(e.getCause());
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        if (e instanceof SerialException se && se.path() != null && !message.contains(se.path())) {
            message = se.path() + ": " + message;
        }
        return message;
    }

    /** A failure the tool reports in its own words. */
    static final class CliException extends Exception {
        CliException(String message) {
            super(message);
        }

        CliException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
