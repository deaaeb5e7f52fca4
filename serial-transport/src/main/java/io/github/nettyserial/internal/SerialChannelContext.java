package io.github.nettyserial.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.RecvByteBufAllocator;

/**
 * What a {@link SerialIo} needs from its channel beyond the public API: the receive allocator handle, the
 * read-pending flag, the outbound buffer, and the two ways a port ends. Implemented inside
 * {@code SerialChannel}; all methods are called on the channel's event loop.
 */
public interface SerialChannelContext {

    /** The channel (pipeline, config, allocator). */
    Channel channel();

    /** The receive allocator handle of the channel's unsafe. */
    RecvByteBufAllocator.Handle recvHandle();

    /** Whether the pipeline asked for a read that has not been satisfied yet. */
    boolean readPending();

    /** Marks the pending read as satisfied (or not). */
    void readPending(boolean pending);

    /** The channel's outbound buffer, or {@code null} once closed. */
    ChannelOutboundBuffer outboundBuffer();

    /** The driver has room again: write what is flushed. */
    void flushNow();

    /**
     * The port failed while open (unplugged, hung up, I/O error): fires {@code cause} through
     * {@code exceptionCaught} and closes the channel, failing pending writes.
     */
    void portFailed(Throwable cause);

    /** The loop is shutting down: close the channel. */
    void closeNow();
}
