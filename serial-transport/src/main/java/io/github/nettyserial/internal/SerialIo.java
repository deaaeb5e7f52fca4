package io.github.nettyserial.internal;

import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.IoHandle;
import io.netty.channel.IoRegistration;

/**
 * The data path of one open port on one kind of event loop: readiness on epoll, completions on IOCP.
 * A {@link io.github.nettyserial.SerialChannel} opens one at connect through its {@link SerialBackend},
 * registers {@link #handle()} with its loop, and calls the rest on the loop.
 */
public interface SerialIo {

    /** The control side of the port. */
    SerialPort port();

    /** The handle to register with the channel's {@link io.netty.channel.IoEventLoop}. */
    IoHandle handle();

    /**
     * The loop accepted {@link #handle()}: start I/O. {@code registration} is the one the loop's
     * register future returned (the one to cancel).
     */
    void registered(IoRegistration registration);

    /** The pipeline asked for a read ({@code Channel.read()}, or auto-read). */
    void beginRead();

    /** Auto-read was switched off: stop taking bytes from the driver unless a read is pending. */
    void autoReadCleared();

    /** Writes what is flushed in {@code in}, as much as the driver takes now; the rest when it has room. */
    void write(ChannelOutboundBuffer in) throws Exception;

    /** Whether a write waits for the driver (EPOLLOUT armed, or a write in flight); flushes wait for it. */
    boolean writePending();

    /**
     * Stops I/O, cancels the registration and closes the port. A completion-based backend may finish
     * closing the OS handle later, once its outstanding operations have completed. Idempotent.
     */
    void close();
}
