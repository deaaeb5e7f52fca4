package io.github.nettyserial.internal;

import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.Future;

/**
 * The data path of one open port on one kind of event loop: readiness on epoll, completions on IOCP.
 * A {@link io.github.nettyserial.SerialChannel} opens one at connect through its {@link SerialPlatform},
 * registers it with its loop, and calls the rest on the loop.
 */
public interface SerialIo {

    /** The control side of the port. */
    SerialPort port();

    /**
     * Registers with {@code loop} and starts I/O (again, after {@link #deregister()}).
     *
     * @return completes with the settings in effect once bytes can flow, or fails with a typed error
     */
    Future<SerialSettings> register(IoEventLoop loop);

    /** Cancels the loop registration ({@code Channel.deregister()}); the port stays open. */
    void deregister();

    /** The pipeline asked for a read ({@code Channel.read()}, or auto-read). */
    void beginRead();

    /** Auto-read was switched off: stop taking bytes from the driver unless a read is pending. */
    void autoReadCleared();

    /** Writes what is flushed in {@code in}, as much as the driver takes now; the rest when it has room. */
    void write(ChannelOutboundBuffer in) throws Exception;

    /** Whether a write waits for the driver (EPOLLOUT armed, or a write in flight); flushes wait for it. */
    boolean writePending();

    /**
     * Whether this data path fires {@code ModemLinesChangedEvent} and {@code SerialLineErrorEvent} itself,
     * from an OS event (Windows {@code WaitCommEvent}), while {@code MODEM_EVENTS} is on. Then the channel
     * starts no {@link ModemEventPoller}; otherwise (Linux has no such event) it samples.
     */
    default boolean firesModemEvents() {
        return false;
    }

    /**
     * Stops I/O, cancels the registration and closes the port. A completion-based backend may finish
     * closing the OS handle later, once its outstanding operations have completed. Idempotent.
     */
    void close();
}
