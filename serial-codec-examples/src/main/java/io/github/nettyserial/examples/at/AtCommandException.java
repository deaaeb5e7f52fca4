package io.github.nettyserial.examples.at;

import java.io.IOException;

/**
 * An AT command ended badly: a final result code of {@code ERROR}, {@code +CME ERROR: n},
 * {@code +CMS ERROR: n}, {@code NO CARRIER}, {@code BUSY}, {@code NO ANSWER} or {@code NO DIALTONE}, or
 * no final result code in time.
 */
public class AtCommandException extends IOException {

    private final String finalResult;

    public AtCommandException(String command, String finalResult, String message) {
        super(command + ": " + message);
        this.finalResult = finalResult;
    }

    /** The final result code, or {@code null} on a timeout. */
    public String finalResult() {
        return finalResult;
    }

    /** The number of a {@code +CME ERROR: n} or {@code +CMS ERROR: n}, or -1 (also for verbose errors). */
    public int errorCode() {
        if (finalResult == null || !(finalResult.startsWith("+CME ERROR:") || finalResult.startsWith("+CMS ERROR:"))) {
            return -1;
        }
        try {
            return Integer.parseInt(finalResult.substring(11).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
