package io.github.nettyserial.windows;

import io.github.nettyserial.NotASerialPortException;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialPortBusyException;
import io.github.nettyserial.SerialPortNotFoundException;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.UnsupportedSerialFeatureException;

/**
 * The one table from Win32 error codes to the {@link SerialException} hierarchy. The same code means
 * different things in different places (5 is "another program has the port" at open, "the adapter was
 * pulled" during I/O), so the caller says what it was doing. Every exception carries the Win32 code.
 */
final class Win32Errors {
    private Win32Errors() {
    }

    /** What the failing call was part of. */
    enum Op {
        /** CreateFileW. */
        OPEN,
        /** The first GetCommState after open: fails on a device that is not a serial port. */
        PROBE,
        /** SetCommState, SetCommTimeouts, SetCommMask at open or reconfigure. */
        CONFIG,
        /** Reads, writes, waits and the control calls on an open port. */
        IO
    }

    static final int ERROR_INVALID_FUNCTION = 1;

    /**
     * Codes that mean the port is gone, as seen on real drivers and Wine: 5 (CH340 and others after a yank),
     * 6, 21 (Wine after hang-up), 22 (.NET reports), 31 (FTDI, usbser), 109 (Wine on hang-up), 995 when the
     * abort was not our own CancelIoEx, 1617.
     */
    static boolean isDisconnect(int code) {
        switch (code) {
            case Win32.ERROR_ACCESS_DENIED:
            case Win32.ERROR_INVALID_HANDLE:
            case Win32.ERROR_NOT_READY:
            case Win32.ERROR_BAD_COMMAND:
            case Win32.ERROR_GEN_FAILURE:
            case Win32.ERROR_BROKEN_PIPE:
            case Win32.ERROR_OPERATION_ABORTED:
            case Win32.ERROR_DEVICE_REMOVED:
                return true;
            default:
                return false;
        }
    }

    /** The exception for {@code code} from a call made during {@code op}; {@code what} names the call and its purpose. */
    static SerialException exception(String path, Op op, int code, String what) {
        String message = what + " failed: " + describe(code);
        switch (op) {
            case OPEN:
                if (code == Win32.ERROR_FILE_NOT_FOUND || code == Win32.ERROR_PATH_NOT_FOUND
                        || code == Win32.ERROR_INVALID_NAME) {
                    return new SerialPortNotFoundException(path, code, message
                            + "; no such port (list them with SerialPorts.list(), or see Device Manager > Ports)");
                }
                if (code == Win32.ERROR_ACCESS_DENIED || code == Win32.ERROR_SHARING_VIOLATION) {
                    return new SerialPortBusyException(path, code, message
                            + "; another program has the port open (Windows opens COM ports exclusively)");
                }
                break;
            case PROBE:
                if (code == ERROR_INVALID_FUNCTION || code == Win32.ERROR_INVALID_PARAMETER
                        || code == Win32.ERROR_NOT_SUPPORTED) {
                    return new NotASerialPortException(path, code, message + "; the device is not a serial port");
                }
                break;
            case CONFIG:
                if (code == Win32.ERROR_INVALID_PARAMETER) {
                    return new UnsupportedSerialConfigurationException(path, code, message
                            + "; the driver refused the setting");
                }
                if (code == Win32.ERROR_NOT_SUPPORTED) {
                    return new UnsupportedSerialFeatureException(path, code, message);
                }
                break;
            default:
                break;
        }
        if (isDisconnect(code)) {
            return new SerialDisconnectedException(path, code, message + "; the port is gone (unplugged?)");
        }
        return new SerialException(path, code, message);
    }

    /** {@code "ERROR_DEVICE_REMOVED (Win32 error 1617)"}. */
    static String describe(int code) {
        return name(code) + " (Win32 error " + code + ")";
    }

    static String name(int code) {
        switch (code) {
            case ERROR_INVALID_FUNCTION: return "ERROR_INVALID_FUNCTION";
            case Win32.ERROR_FILE_NOT_FOUND: return "ERROR_FILE_NOT_FOUND";
            case Win32.ERROR_PATH_NOT_FOUND: return "ERROR_PATH_NOT_FOUND";
            case Win32.ERROR_ACCESS_DENIED: return "ERROR_ACCESS_DENIED";
            case Win32.ERROR_INVALID_HANDLE: return "ERROR_INVALID_HANDLE";
            case Win32.ERROR_NOT_READY: return "ERROR_NOT_READY";
            case Win32.ERROR_BAD_COMMAND: return "ERROR_BAD_COMMAND";
            case Win32.ERROR_GEN_FAILURE: return "ERROR_GEN_FAILURE";
            case Win32.ERROR_SHARING_VIOLATION: return "ERROR_SHARING_VIOLATION";
            case Win32.ERROR_NOT_SUPPORTED: return "ERROR_NOT_SUPPORTED";
            case Win32.ERROR_INVALID_PARAMETER: return "ERROR_INVALID_PARAMETER";
            case Win32.ERROR_BROKEN_PIPE: return "ERROR_BROKEN_PIPE";
            case Win32.ERROR_INVALID_NAME: return "ERROR_INVALID_NAME";
            case Win32.WAIT_TIMEOUT: return "WAIT_TIMEOUT";
            case Win32.ERROR_OPERATION_ABORTED: return "ERROR_OPERATION_ABORTED";
            case Win32.ERROR_IO_PENDING: return "ERROR_IO_PENDING";
            case Win32.ERROR_NOT_FOUND: return "ERROR_NOT_FOUND";
            case Win32.ERROR_DEVICE_REMOVED: return "ERROR_DEVICE_REMOVED";
            default: return "Win32 error";
        }
    }
}
