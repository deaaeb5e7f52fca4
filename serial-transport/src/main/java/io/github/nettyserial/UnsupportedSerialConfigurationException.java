package io.github.nettyserial;

/**
 * The port or driver refused a setting, or read back something other than what was asked (a clamped baud rate, parity on a pseudo-terminal). Raised under {@link UnsupportedPolicy#RAISE}; the old settings stay. Also raised by {@code connect} when an option value was refused earlier.
 */
public class UnsupportedSerialConfigurationException extends SerialException {
    private static final long serialVersionUID = 1L;

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link SerialException#NO_NATIVE_ERROR}
     * @param message what happened
     */
    public UnsupportedSerialConfigurationException(String path, int nativeErrorCode, String message) {
        super(path, nativeErrorCode, message);
    }

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link SerialException#NO_NATIVE_ERROR}
     * @param message what happened
     * @param cause the underlying error, or {@code null}
     */
    public UnsupportedSerialConfigurationException(String path, int nativeErrorCode, String message, Throwable cause) {
        super(path, nativeErrorCode, message, cause);
    }
}
