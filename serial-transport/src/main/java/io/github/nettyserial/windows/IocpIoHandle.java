package io.github.nettyserial.windows;

import io.netty.channel.IoHandle;

/**
 * A Win32 file handle served by an {@link IocpIoHandler}. The handler associates {@link #fileHandle()} with its
 * completion port and hands every completion packet of it to {@link #handle} as an {@link IocpIoEvent}. The
 * handle issues its own overlapped calls and owns their OVERLAPPEDs and buffers.
 */
interface IocpIoHandle extends IoHandle {

    /** The file HANDLE to associate; {@link Win32#INVALID_HANDLE_VALUE} once closed. */
    long fileHandle();

    /**
     * Whether an operation of this handle is still in flight, i.e. a completion packet is still to come. A
     * cancelled registration keeps receiving packets until this is {@code false}.
     */
    boolean hasPendingIo();
}
