package io.github.nettyserial;

/**
 * There is no device at the path (ENOENT, ENXIO; Win32 error 2), or no UART behind it.
 */
public class SerialPortNotFoundException extends SerialException {
    private static final long serialVersionUID = 1L;

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link SerialException#NO_NATIVE_ERROR}
     * @param message what happened
     */
    public SerialPortNotFoundException(String path, int nativeErrorCode, String message) {
        super(path, nativeErrorCode, message);
    }

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link SerialException#NO_NATIVE_ERROR}
     * @param message what happened
     * @param cause the underlying error, or {@code null}
     */
    public SerialPortNotFoundException(String path, int nativeErrorCode, String message, Throwable cause) {
        super(path, nativeErrorCode, message, cause);
    }
}
