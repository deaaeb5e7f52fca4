package io.github.nettyserial;

/**
 * Another opener holds the port: an exclusive open (TIOCEXCL, EBUSY), a held {@code flock}, or Win32 error 5/32.
 */
public class SerialPortBusyException extends SerialException {
    private static final long serialVersionUID = 1L;

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link SerialException#NO_NATIVE_ERROR}
     * @param message what happened
     */
    public SerialPortBusyException(String path, int nativeErrorCode, String message) {
        super(path, nativeErrorCode, message);
    }

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link SerialException#NO_NATIVE_ERROR}
     * @param message what happened
     * @param cause the underlying error, or {@code null}
     */
    public SerialPortBusyException(String path, int nativeErrorCode, String message, Throwable cause) {
        super(path, nativeErrorCode, message, cause);
    }
}
