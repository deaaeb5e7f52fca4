package io.github.nettyserial;

/**
 * The port or driver lacks a feature that was asked for (modem lines on a pseudo-terminal, kernel RS-485 on a UART without it, low latency on a driver that ignores it).
 */
public class UnsupportedSerialFeatureException extends SerialException {
    private static final long serialVersionUID = 1L;

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link SerialException#NO_NATIVE_ERROR}
     * @param message what happened
     */
    public UnsupportedSerialFeatureException(String path, int nativeErrorCode, String message) {
        super(path, nativeErrorCode, message);
    }

    /**
     * @param path the device path
     * @param nativeErrorCode errno or Win32 error code, or {@link SerialException#NO_NATIVE_ERROR}
     * @param message what happened
     * @param cause the underlying error, or {@code null}
     */
    public UnsupportedSerialFeatureException(String path, int nativeErrorCode, String message, Throwable cause) {
        super(path, nativeErrorCode, message, cause);
    }
}
