package io.github.nettyserial.windows;

import io.netty.channel.IoEvent;

/**
 * One dequeued completion packet: which OVERLAPPED finished, how many bytes it moved, and the Win32 error
 * (0 on success; {@link Win32#ERROR_OPERATION_ABORTED} after a cancel, which may still carry bytes). Valid
 * only during {@link IocpIoHandle#handle}; the handler reuses the object.
 */
final class IocpIoEvent implements IoEvent {
    private long overlapped;
    private int bytes;
    private int error;

    IocpIoEvent() {
    }

    void set(long overlapped, int bytes, int error) {
        this.overlapped = overlapped;
        this.bytes = bytes;
        this.error = error;
    }

    /** The address of the OVERLAPPED the operation was issued with. */
    long overlapped() {
        return overlapped;
    }

    /** Bytes transferred. */
    int bytes() {
        return bytes;
    }

    /** The Win32 error of the operation, 0 on success. */
    int error() {
        return error;
    }

    @Override
    public String toString() {
        return "IocpIoEvent[overlapped=0x" + Long.toHexString(overlapped) + ", bytes=" + bytes + ", error=" + error + ']';
    }
}
