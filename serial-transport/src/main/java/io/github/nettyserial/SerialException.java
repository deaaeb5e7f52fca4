package io.github.nettyserial;

import java.io.IOException;

/**
 * An I/O error on a serial port. It names the port and carries the native error code that caused it:
 * an {@code errno} on Linux, a Win32 error code on Windows, or {@link #NO_NATIVE_ERROR} where the error
 * was found by this library (a value read back that differs from the one asked, say).
 */
public class SerialException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The value of {@link #nativeErrorCode()} when no system call failed. */
    public static final int NO_NATIVE_ERROR = 0;

    private final String path;
    private final int nativeErrorCode;

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link #NO_NATIVE_ERROR}
     * @param message what happened; the path is prefixed to it
     */
    public SerialException(String path, int nativeErrorCode, String message) {
        this(path, nativeErrorCode, message, null);
    }

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link #NO_NATIVE_ERROR}
     * @param message what happened; the path is prefixed to it
     * @param cause the underlying error, or {@code null}
     */
    public SerialException(String path, int nativeErrorCode, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = path;
        this.nativeErrorCode = nativeErrorCode;
    }

    /** The device path of the port. */
    public String path() {
        return path;
    }

    /** The errno (Linux) or Win32 error code (Windows), or {@link #NO_NATIVE_ERROR}. */
    public int nativeErrorCode() {
        return nativeErrorCode;
    }
}
