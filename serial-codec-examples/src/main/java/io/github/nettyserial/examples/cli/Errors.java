package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
        if (e instanceof FileSystemException fe) {
            return describeFile(fe);
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

    /** java.nio.file puts only the path in the message; the reason is in the type. */
    private static String describeFile(FileSystemException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NotDirectoryException) {
            reason = "not a directory";
        } else {
            reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        }
        return e.getFile() + ": " + reason;
    }

    /** A failure the tool reports in its own words (exit code 1). */
    static class CliException extends Exception {
        CliException(String message) {
            super(message);
        }

        CliException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A value the command cannot use (exit code 2, like picocli's own usage errors). */
    static final class UsageException extends CliException {
        /** {@code --bytes: -5 (expected a whole number of 1 or more)}. */
        UsageException(String option, Object value, String expected) {
            super(option + ": " + value + " (expected " + expected + ")");
        }

        /** A message that names the option, the value and what is expected in its own way. */
        UsageException(String message) {
            super(message);
        }
    }

    /** Refuses {@code value} of {@code option} unless it is at least {@code min}. */
    static void atLeast(String option, long value, long min) throws UsageException {
        if (value < min) {
            throw new UsageException(option, value, "a whole number of " + min + " or more");
        }
    }

    /** Refuses a number of seconds (or milliseconds) that is not above zero. */
    static void positive(String option, double value) throws UsageException {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UsageException(option, value == Math.rint(value) ? String.valueOf((long) value)
                    : String.valueOf(value), "a number above 0");
        }
    }
}
