package io.github.nettyserial;

/**
 * The process may not open the device (EACCES, EPERM). The message says which group owns the device and how to join it.
 */
public class SerialPortAccessDeniedException extends SerialException {
    private static final long serialVersionUID = 1L;

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link SerialException#NO_NATIVE_ERROR}
     * @param message what happened
     */
    public SerialPortAccessDeniedException(String path, int nativeErrorCode, String message) {
        super(path, nativeErrorCode, message);
    }

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link SerialException#NO_NATIVE_ERROR}
     * @param message what happened
     * @param cause the underlying error, or {@code null}
     */
    public SerialPortAccessDeniedException(String path, int nativeErrorCode, String message, Throwable cause) {
        super(path, nativeErrorCode, message, cause);
    }
}
