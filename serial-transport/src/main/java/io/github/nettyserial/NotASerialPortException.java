package io.github.nettyserial;

/**
 * The path exists but is not a serial port (not a character device, or ENOTTY on the terminal ioctls).
 */
public class NotASerialPortException extends SerialException {
    private static final long serialVersionUID = 1L;

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link SerialException#NO_NATIVE_ERROR}
     * @param message what happened
     */
    public NotASerialPortException(String path, int nativeErrorCode, String message) {
        super(path, nativeErrorCode, message);
    }

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link SerialException#NO_NATIVE_ERROR}
     * @param message what happened
     * @param cause the underlying error, or {@code null}
     */
    public NotASerialPortException(String path, int nativeErrorCode, String message, Throwable cause) {
        super(path, nativeErrorCode, message, cause);
    }
}
